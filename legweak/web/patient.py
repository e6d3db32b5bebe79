"""The pages a person goes through: start, one question a page, emergency advice, result.

Every page reads the interview named by the session cookie from the store, asks
the `Checker` what to show, and renders it; nothing here decides anything
medical. A POST that changes the interview answers with a redirect (303), so
Back and reload in the browser never send an answer twice.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from legweak.errors import (
    AgeError,
    InputError,
    InterviewNotFoundError,
    SexError,
    StaleAnswerError,
    StorageUnavailableError,
    TextError,
    UnderAgeError,
)
from legweak.fhir import bundle
from legweak.service import Checker, Result, Session
from legweak.service.presentation import EMERGENCY_LEVELS, likelihood_word
from legweak.service.schemas import DONT_KNOW
from legweak.storage import InterviewStore
from legweak.web.render import HtmlRoute, page, sessions
from legweak.web.session import WebSession, check_csrf

router = APIRouter(route_class=HtmlRoute, include_in_schema=False)

#: Longest opening text the start form takes (the parser refuses longer text anyway).
MAX_TEXT = 2000


def checker_of(request: Request) -> Checker:
    value = request.app.state.checker
    assert isinstance(value, Checker)
    return value


def store_of(request: Request) -> InterviewStore:
    value = request.app.state.store
    assert isinstance(value, InterviewStore)
    return value


def redirect(request: Request, url: str, session: WebSession | None = None) -> Response:
    response = RedirectResponse(url, status_code=303)
    if session is not None:
        sessions(request).write(request, response, session)
    return response


def is_emergency(result: Result) -> bool:
    return result.triage.rule_floor in EMERGENCY_LEVELS


def _load(request: Request, session: WebSession) -> Session:
    if session.interview_id is None:
        raise InterviewNotFoundError("(none)")
    return store_of(request).load(session.interview_id).session


def _database_up(store: InterviewStore) -> bool:
    try:
        store.ping()
    except Exception:
        return False
    return True


async def _form(request: Request, session: WebSession) -> dict[str, str]:
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    check_csrf(session, fields.get("csrf"))
    return fields


async def _forget(request: Request, session: WebSession) -> None:
    """Delete the session's interview (if it is still there) and drop its id from the cookie."""
    if session.interview_id is not None:
        with contextlib.suppress(InterviewNotFoundError):
            await run_in_threadpool(store_of(request).delete, session.interview_id)
    session.set(interview_id=None)


# -- start ---------------------------------------------------------------------------------


@router.get("/")
def start_page(request: Request) -> Response:
    session = sessions(request).read(request)
    return page(
        request,
        "start.html",
        session,
        saving=_database_up(store_of(request)),
        errors={},
        form={"age": "", "sex": "", "text": ""},
    )


def _start_errors(checker: Checker, fields: dict[str, str]) -> tuple[dict[str, str], int | None]:
    errors: dict[str, str] = {}
    age: int | None = None
    raw_age = fields.get("age", "").strip()
    if not raw_age.isdigit():
        errors["age"] = "Enter your age in years, as a number, for example 42."
    else:
        age = int(raw_age)
        try:
            from legweak.service import check_age

            check_age(age)
        except UnderAgeError:
            errors["age"] = "This checker is for people aged 16 and over. Please see a doctor or nurse."
        except AgeError:
            errors["age"] = "Enter an age from 16 to 120."
    if fields.get("sex") not in ("female", "male"):
        errors["sex"] = "Choose Female or Male."
    if len(fields.get("text", "")) > MAX_TEXT:
        errors["text"] = f"Please use fewer than {MAX_TEXT} letters."
    return errors, age


@router.post("/start")
async def start(request: Request) -> Response:
    session = sessions(request).read(request)
    fields = await _form(request, session)
    checker, store = checker_of(request), store_of(request)
    errors, age = _start_errors(checker, fields)
    form = {k: fields.get(k, "") for k in ("age", "sex", "text")}
    text = fields.get("text", "").strip() or None
    if not errors:
        try:
            interview = checker.start(age, fields["sex"], text)
        except TextError:
            errors["text"] = "We could not read that text. Please write it again in plain words."
        except (AgeError, SexError) as exc:  # already checked above; kept for safety
            errors["age"] = str(exc)
    if errors:
        return page(request, "start.html", session, status=422, saving=True, errors=errors, form=form)
    result = checker.result(interview)

    def keep() -> str:
        store.admit(request.client.host if request.client else "unknown", checker.settings.rate_limit)
        return store.create(interview, checker.kb_version, result)

    try:
        interview_id = await run_in_threadpool(keep)
    except StorageUnavailableError:
        if is_emergency(result):
            return page(request, "emergency.html", session, saving=False, **_emergency(checker, result))
        return page(request, "start.html", session, status=503, saving=False, errors={}, form=form)
    session.set(interview_id=interview_id)
    return redirect(request, "/emergency" if is_emergency(result) else "/question", session)


# -- questions ------------------------------------------------------------------------------


@router.get("/question")
def question_page(request: Request) -> Response:
    session = sessions(request).read(request)
    checker = checker_of(request)
    interview = _load(request, session)
    result = checker.result(interview)
    if result.next_question is None:
        return redirect(request, "/result")
    return page(request, "question.html", session, **_question(checker, interview, result, error=None))


def _question(checker: Checker, interview: Session, result: Result, error: str | None) -> dict[str, Any]:
    asked = interview.questions_asked
    total = asked + checker.estimated_remaining(interview)
    return {
        "question": result.next_question,
        "number": asked + 1,
        "total": max(total, asked + 1),
        "can_back": asked > 0,
        "emergency": is_emergency(result),
        "triage": result.triage,
        "advice_first": result.advice_first,
        "error": error,
    }


@router.post("/question")
async def answer(request: Request) -> Response:
    session = sessions(request).read(request)
    fields = await _form(request, session)
    checker, store = checker_of(request), store_of(request)
    interview = await run_in_threadpool(_load, request, session)
    read_at = interview.revision
    before = checker.result(interview)
    question = before.next_question
    if question is None:
        return redirect(request, "/result")
    if fields.get("question_id") != question.id:
        return redirect(request, "/question")  # an old page was sent again: show the current one
    if question.type == "group":
        answers = {item.id: fields.get(f"item-{item.id}", DONT_KNOW) for item in question.items}
    else:
        chosen = fields.get("answer")
        if chosen is None:
            ctx = _question(checker, interview, before, error="Choose one answer, or choose Don't know.")
            return page(request, "question.html", session, status=422, **ctx)
        answers = {question.id: chosen}
    try:
        checker.answer(interview, question.id, answers)
    except StaleAnswerError:
        return redirect(request, "/question")
    except InputError:
        ctx = _question(checker, interview, before, error="Choose one of the answers shown.")
        return page(request, "question.html", session, status=422, **ctx)
    result = checker.result(interview)
    await run_in_threadpool(
        store.save, session.interview_id or "", interview, read_at, checker.kb_version, result
    )
    if is_emergency(result) and not is_emergency(before):
        return redirect(request, "/emergency")
    return redirect(request, "/question" if result.next_question else "/result")


@router.post("/back")
async def back(request: Request) -> Response:
    session = sessions(request).read(request)
    await _form(request, session)
    checker, store = checker_of(request), store_of(request)
    interview = await run_in_threadpool(_load, request, session)
    read_at = interview.revision
    if interview.steps:
        checker.back(interview)
        result = checker.result(interview)
        await run_in_threadpool(
            store.save, session.interview_id or "", interview, read_at, checker.kb_version, result
        )
    return redirect(request, "/question")


@router.post("/restart")
async def restart(request: Request) -> Response:
    """Start over: the old answers are deleted, and the start page is shown again."""
    session = sessions(request).read(request)
    await _form(request, session)
    await _forget(request, session)
    return redirect(request, "/", session)


# -- emergency and result -------------------------------------------------------------------


def _emergency(checker: Checker, result: Result | None) -> dict[str, Any]:
    levels = {info.level: info for info in checker.levels()}
    if result is not None and is_emergency(result):
        level = levels[result.triage.level]
        flags = result.red_flags
    else:
        level, flags = levels["emergency_ambulance"], []
    return {
        "level": level,
        "ambulance": levels["emergency_ambulance"],
        "hospital": levels["emergency"],
        "red_flags": flags,
        "advice_first": result.advice_first if result else [],
        "signs": checker.emergency_signs() if not flags else [],
        "in_progress": result is not None and result.next_question is not None,
    }


@router.get("/emergency")
def emergency_page(request: Request) -> Response:
    """The emergency advice: for this person's answers when they can be read, else for anyone."""
    session = sessions(request).read(request)
    checker = checker_of(request)
    result: Result | None = None
    saving = True
    if session.interview_id is not None:
        try:
            result = checker.result(_load(request, session))
        except StorageUnavailableError:
            saving = False
        except InterviewNotFoundError:
            result = None
    return page(request, "emergency.html", session, saving=saving, **_emergency(checker, result))


@router.get("/result")
def result_page(request: Request) -> Response:
    session = sessions(request).read(request)
    checker = checker_of(request)
    interview = _load(request, session)
    result = checker.result(interview)
    if result.next_question is not None:
        return redirect(request, "/question")
    by_id = {c.id: c for c in result.conditions}
    causes = [
        {
            "condition": by_id[cid],
            "word": likelihood_word(by_id[cid].probability),
            "for": [r for r in by_id[cid].reasons if r.weight > 0],
            "against": [r for r in by_id[cid].reasons if r.weight < 0],
        }
        for cid in result.causes_shown
    ]
    return page(request, "result.html", session, result=result, causes=causes)


@router.get("/conditions/{condition_id}")
def condition_page(request: Request, condition_id: str) -> Response:
    """Plain words about one cause; never reassuring when this person's advice is urgent."""
    session = sessions(request).read(request)
    checker = checker_of(request)
    level = None
    if session.interview_id is not None:
        try:
            level = checker.result(_load(request, session)).triage.level
        except (InterviewNotFoundError, StorageUnavailableError):
            level = None
    return page(request, "condition.html", session, condition=checker.condition(condition_id, level))


@router.get("/summary")
def summary_page(request: Request) -> Response:
    """A page to print or show a doctor: what was written, every answer, and the advice given."""
    session = sessions(request).read(request)
    checker = checker_of(request)
    stored = store_of(request).load(session.interview_id or "")
    result = checker.result(stored.session)
    shown = [c for c in result.conditions if c.id in set(result.causes_shown)]
    return page(
        request,
        "summary.html",
        session,
        result=result,
        interview=stored.session,
        created=stored.created_at,
        answers=checker.answer_lines(stored.session),
        causes=[(c, likelihood_word(c.probability)) for c in shown],
    )


@router.get("/download/fhir")
def fhir_download(request: Request) -> Response:
    """The person's own interview as a FHIR R4 Bundle file."""
    session = sessions(request).read(request)
    checker = checker_of(request)
    interview = _load(request, session)
    data = bundle(checker, checker.result(interview), interview, interview_id=session.interview_id or "")
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/fhir+json",
        headers={"Content-Disposition": 'attachment; filename="legweak-summary.fhir.json"'},
    )


@router.post("/delete")
async def delete(request: Request) -> Response:
    """Delete the person's answers now, and forget them in this browser."""
    session = sessions(request).read(request)
    await _form(request, session)
    await _forget(request, session)
    return page(request, "deleted.html", session)
