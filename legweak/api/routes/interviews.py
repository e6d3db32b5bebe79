"""/v1/interviews: an interview kept in the store, one answer at a time.

Each change is read, checked by the `Checker`, and written back with the
revision it was read at, all before the reply is sent: a reply always describes
what is stored, and of two concurrent answers only one can win.

The routes are `async def` and do their few milliseconds of work on the event loop.
FastAPI runs a plain `def` route in a pool of 40 threads, and that work is Python
holding the GIL: under load the threads queued for the GIL, each behind the others,
and a thread holding SQLite's write lock waited longest. 200 patients who wait a second
between answers, two workers: p99 617 ms on SQLite with the thread pool, 16 ms on the
loop (48 ms on PostgreSQL; docs/load.md). The store fails fast while the database is
unreachable, so a database that does not answer cannot hold the loop on every request.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from legweak.api.access import API_KEY
from legweak.api.deps import CheckerDep, StoreDep
from legweak.api.models import AnswerBody, InterviewState, NewInterview, Progress, TriageBrief
from legweak.api.problems import RESPONSES
from legweak.errors import InputError, InterviewDoneError, StaleAnswerError
from legweak.service import Checker, Result, Session
from legweak.service.presentation import EMERGENCY_LEVELS
from legweak.storage import InterviewStore

router = APIRouter(prefix="/v1/interviews", tags=["interviews"], responses=RESPONSES, dependencies=[API_KEY])


def state(checker: Checker, interview_id: str, session: Session, result: Result) -> InterviewState:
    done = result.next_question is None
    return InterviewState(
        id=interview_id,
        status="done" if done else "in_progress",
        question=result.next_question,
        # Known once the interview is done, or at once when an emergency warning sign
        # has fired (a last screen may still decide between the emergency department
        # and an ambulance, but the person must not wait for it to be told to go).
        triage=(
            TriageBrief(level=result.triage.level, advice=result.triage.advice)
            if done or result.triage.rule_floor in EMERGENCY_LEVELS
            else None
        ),
        progress=Progress(
            asked=session.questions_asked, estimated_remaining=checker.estimated_remaining(session)
        ),
        not_understood=result.not_understood,
        disclaimer=result.disclaimer,
    )


def _save(
    checker: Checker, store: InterviewStore, interview_id: str, session: Session, read: int
) -> InterviewState:
    result = checker.result(session)
    store.save(interview_id, session, read, checker.kb_version, result)
    return state(checker, interview_id, session, result)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Start an interview")
async def create(
    body: NewInterview, request: Request, checker: CheckerDep, store: StoreDep
) -> InterviewState:
    store.admit(request.client.host if request.client else "unknown", checker.settings.rate_limit)
    session = checker.start(body.age, body.sex, body.text)
    result = checker.result(session)
    interview_id = store.create(session, checker.kb_version, result)
    return state(checker, interview_id, session, result)


@router.get("/{interview_id}", summary="The interview's current state")
async def read(interview_id: str, checker: CheckerDep, store: StoreDep) -> InterviewState:
    session = store.load(interview_id).session
    read_at = session.revision
    result = checker.result(session)
    if session.revision != read_at:  # carried over to a newer knowledge base: keep that
        store.save(interview_id, session, read_at, checker.kb_version, result)
    return state(checker, interview_id, session, result)


@router.post("/{interview_id}/answers", summary="Answer the pending question")
async def answer(interview_id: str, body: AnswerBody, checker: CheckerDep, store: StoreDep) -> InterviewState:
    session = store.load(interview_id).session
    read_at = session.revision
    question = checker.next_question(session)
    if question is None:
        raise InterviewDoneError(body.question_id)
    if body.question_id != question.id:
        raise StaleAnswerError(body.question_id, question.id)
    if question.type == "group":
        if body.answers is None:
            raise InputError(
                f"question {question.id!r} is a group: send 'answers', item id -> yes/no/dont_know."
            )
        answers = body.answers
    else:
        if body.answer is None:
            raise InputError(f"question {question.id!r} takes one 'answer', an option id.")
        answers = {question.id: body.answer}
    checker.answer(session, body.question_id, answers)
    return _save(checker, store, interview_id, session, read_at)


@router.post("/{interview_id}/back", summary="Take back the last answered question")
async def back(interview_id: str, checker: CheckerDep, store: StoreDep) -> InterviewState:
    session = store.load(interview_id).session
    read_at = session.revision
    checker.back(session)
    return _save(checker, store, interview_id, session, read_at)


@router.delete("/{interview_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete the interview")
async def remove(interview_id: str, store: StoreDep) -> Response:
    store.delete(interview_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{interview_id}/result", summary="The result of a finished interview")
async def result(interview_id: str, checker: CheckerDep, store: StoreDep) -> Result:
    return checker.final_result(store.load(interview_id).session)
