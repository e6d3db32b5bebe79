"""The SDC adaptive questionnaire: `Questionnaire/$next-question` over the Checker.

The form filler keeps the whole state: a QuestionnaireResponse whose contained
Questionnaire holds the questions asked so far. Each call replays those answers
through the Checker in the order they were asked, checks that each item is the
question the interview asks at that point, and appends the next one; when the
interview ends the response comes back `completed`, with the triage level and
advice as items and the RiskAssessment contained. So any SDC form filler can run
legweak without knowing its API, and legweak stores nothing between calls.

A first call with an empty response gets the opening items (age, sex and the
person's own words). A call whose last question is still unanswered gets the
response back as it was: that question is still the next one.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from legweak.errors import (
    FhirFormatError,
    InterviewDoneError,
    MissingOpeningItemError,
    OutOfTurnAnswerError,
    UnansweredItemError,
    UnknownLinkIdError,
)
from legweak.fhir.bundle import risk_assessment
from legweak.fhir.codes import SDC_ADAPTIVE_EXTENSION, read_answer, triage_coding
from legweak.fhir.questionnaire import AGE, COMPLAINT, OPENING, SEX, opening_items, question_item
from legweak.service import Checker, Question, Result, Session

PARAMETER = "questionnaire-response"
CONTAINED_ID = "legweak-adaptive"
PATIENT_ID = "patient"
RISK_ID = "risk"
#: Items legweak adds to a finished response; they are results, not answers, and are never replayed.
TRIAGE, TRIAGE_LEVEL, ADVICE_FIRST = "triage", "triage-level", "advice-first"
_RESULT_ITEMS = (ADVICE_FIRST, TRIAGE, TRIAGE_LEVEL)
_OURS = (CONTAINED_ID, PATIENT_ID, RISK_ID)
#: The order the R4 specification lists a response's elements in, so a reader finds them where expected.
_KEY_ORDER = ("resourceType", "id", "meta", "contained", "extension", "identifier", "questionnaire", "status")


def next_question(
    checker: Checker, parameters: dict[str, Any], *, service_url: str | None = None
) -> dict[str, Any]:
    """`POST /v1/fhir/Questionnaire/$next-question`: the response with the next question, or completed.

    `parameters` is a FHIR Parameters resource with one `questionnaire-response`
    part. Returns the QuestionnaireResponse (the operation's single `return`).
    `service_url`, when given, is the operation's address, recorded on the
    contained Questionnaire as SDC's adaptive extension.

    Raises FhirFormatError (not a Parameters, not valid FHIR), MissingOpeningItemError
    (no age or sex), UnknownLinkIdError (an item legweak never asks),
    UnansweredItemError (an earlier question left blank), OutOfTurnAnswerError (an
    item that is not the question due at that point), InterviewDoneError (items
    after the interview ended), and the Checker's AgeError, SexError and TextError.
    """
    response = _response(parameters)
    asked_items = _contained_items(response)
    answers = _answers(response)
    asked_ids = [item.get("linkId") for item in asked_items]
    for link_id in answers:
        if link_id not in asked_ids and link_id not in OPENING and link_id not in _RESULT_ITEMS:
            raise UnknownLinkIdError(
                link_id, "QuestionnaireResponse.item", "which the contained Questionnaire does not ask"
            )
    if not answers and not any(i in OPENING for i in asked_ids):
        return _out(checker, response, [], None, None, service_url)
    session = checker.start(_age(answers), _sex(answers), _complaint(answers))
    asked: list[Question] = []
    waiting: Question | None = None
    replay = [
        item
        for item in asked_items
        if item.get("linkId") not in (*OPENING, *_RESULT_ITEMS) and item.get("type") != "display"
    ]
    for n, item in enumerate(replay):
        link_id = str(item.get("linkId"))
        pending = checker.next_question(session)
        if pending is None:
            raise InterviewDoneError(link_id)
        if link_id != pending.id:
            if not _asks(checker, link_id):
                raise UnknownLinkIdError(link_id, "the contained Questionnaire")
            raise OutOfTurnAnswerError(link_id, pending.id)
        given = answers.get(link_id)
        if given is None or not _answered(given):
            if n == len(replay) - 1:
                waiting = pending
                break
            raise UnansweredItemError(link_id)
        checker.answer(session, pending.id, _screen_answers(checker, pending, given))
        asked.append(pending)
    else:
        waiting = checker.next_question(session)
    result = None if waiting is not None else checker.final_result(session)
    return _out(checker, response, asked, waiting, (session, result) if result else None, service_url)


# -- reading the request ------------------------------------------------------------------


def _response(parameters: Any) -> dict[str, Any]:
    """The QuestionnaireResponse inside a valid Parameters resource (a copy: the input is not changed)."""
    if not isinstance(parameters, dict) or parameters.get("resourceType") != "Parameters":
        raise FhirFormatError(
            "(body)", '$next-question takes a FHIR Parameters resource ("resourceType": "Parameters").'
        )
    parts = parameters.get("parameter")
    named = (
        [p for p in parts if isinstance(p, dict) and p.get("name") == PARAMETER]
        if isinstance(parts, list)
        else []
    )
    if len(named) != 1:
        raise FhirFormatError(
            "Parameters.parameter", f"give exactly one part named {PARAMETER!r}, holding the response."
        )
    resource = named[0].get("resource")
    if not isinstance(resource, dict) or resource.get("resourceType") != "QuestionnaireResponse":
        raise FhirFormatError(
            f"Parameters.parameter[{PARAMETER}].resource", "must be a QuestionnaireResponse."
        )
    # Imported here: the R4B models take a moment to load, and only this operation needs them.
    from fhir.resources.R4B.parameters import Parameters

    try:
        Parameters.model_validate(parameters)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = "Parameters" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
        raise FhirFormatError(where, f"{err['msg']} (checked against FHIR R4B).") from None
    return copy.deepcopy(resource)


def _contained_items(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of the contained Questionnaire the response answers (none on a first call)."""
    contained = [r for r in response.get("contained", []) if r.get("resourceType") == "Questionnaire"]
    ref = response.get("questionnaire")
    if isinstance(ref, str) and ref.startswith("#"):
        contained = [r for r in contained if r.get("id") == ref[1:]]
        if not contained:
            raise FhirFormatError(
                "QuestionnaireResponse.questionnaire", f"{ref!r} names no contained Questionnaire."
            )
    if not contained:
        return []
    items = contained[0].get("item", [])
    return [i for i in items if isinstance(i, dict)]


def _answers(response: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """linkId -> the response's top-level item; a linkId answered twice is ambiguous, so refused."""
    out: dict[str, dict[str, Any]] = {}
    for n, item in enumerate(response.get("item", [])):
        link_id = item.get("linkId")
        if link_id in out:
            raise FhirFormatError(f"QuestionnaireResponse.item[{n}]", f"linkId {link_id!r} appears twice.")
        out[link_id] = item
    return out


def _first_answer(item: dict[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    answers = item.get("answer") or []
    if len(answers) > 1:
        raise FhirFormatError(f"item {item.get('linkId')!r}", "takes one answer, not several.")
    first: dict[str, Any] | None = answers[0] if answers else None
    return first


def _age(answers: dict[str, dict[str, Any]]) -> object:
    answer = _first_answer(answers.get(AGE))
    if answer is None or "valueInteger" not in answer:
        raise MissingOpeningItemError(AGE, "a valueInteger (the age in whole years)")
    return answer["valueInteger"]


def _sex(answers: dict[str, dict[str, Any]]) -> object:
    answer = _first_answer(answers.get(SEX))
    coding = (answer or {}).get("valueCoding")
    if isinstance(coding, dict) and "code" in coding:
        return coding["code"]
    if answer is not None and "valueString" in answer:
        return answer["valueString"]
    raise MissingOpeningItemError(SEX, "a valueCoding whose code is 'female' or 'male'")


def _complaint(answers: dict[str, dict[str, Any]]) -> str | None:
    answer = _first_answer(answers.get(COMPLAINT))
    if answer is None:
        return None
    text = answer.get("valueString")
    if not isinstance(text, str):
        raise FhirFormatError(f"item {COMPLAINT!r}.answer", "the complaint is a valueString.")
    return text


def _answered(item: dict[str, Any]) -> bool:
    if item.get("answer"):
        return True
    return any(_answered(child) for child in item.get("item", []) if isinstance(child, dict))


def _screen_answers(checker: Checker, question: Question, item: dict[str, Any]) -> dict[str, str]:
    """One response item as the Checker's answers to one screen (a group's blank items: "don't know")."""
    where = f"item {question.id!r}"
    if question.type != "group":
        answer = _first_answer(item)
        return {question.id: read_answer(checker, question.id, answer, f"{where}.answer[0]")}
    out: dict[str, str] = {}
    for child in item.get("item", []):
        fid = child.get("linkId")
        if fid not in question.finding_ids:
            raise UnknownLinkIdError(str(fid), f"group {question.id!r}", "which this group does not ask")
        answer = _first_answer(child)
        if answer is not None:
            out[fid] = read_answer(checker, fid, answer, f"{where}.item[{fid!r}].answer[0]")
    return out


def _asks(checker: Checker, link_id: str) -> bool:
    """Whether legweak ever asks a question with this id (a finding, a screen or a group)."""
    kb = checker.kb
    kind, _, name = link_id.partition(":")
    if kind == "screen":
        return any(s.id == name for s in kb.red_flags.screens)
    if kind == "group":
        return any(f.group == name for f in kb.findings.values())
    return link_id in kb.findings and kb.findings[link_id].askable


# -- writing the response -----------------------------------------------------------------


def _out(
    checker: Checker,
    response: dict[str, Any],
    asked: list[Question],
    waiting: Question | None,
    finished: tuple[Session, Result] | None,
    service_url: str | None,
) -> dict[str, Any]:
    """The response with its contained Questionnaire rebuilt from what the interview asked."""
    items = opening_items() + [question_item(checker, q) for q in asked]
    kept = [item for item in response.get("item", []) if item.get("linkId") not in _RESULT_ITEMS]
    if waiting is not None:
        items.append(question_item(checker, waiting))
        if waiting.id not in {i.get("linkId") for i in kept}:
            kept.append(_slot(waiting))
    contained = [r for r in response.get("contained", []) if r.get("id") not in _OURS]
    contained = [r for r in contained if r.get("resourceType") != "Questionnaire"]
    out = dict(response)
    if finished is not None:
        session, result = finished
        if out.get("subject", {"reference": f"#{PATIENT_ID}"}) == {"reference": f"#{PATIENT_ID}"}:
            contained.insert(0, {"resourceType": "Patient", "id": PATIENT_ID, "gender": session.sex})
            out["subject"] = {"reference": f"#{PATIENT_ID}"}
        risk = risk_assessment(checker, result, RISK_ID, out["subject"], basis=["#"])
        contained.append(risk)
        result_items, result_answers = _result_items(checker, result)
        items += result_items
        kept += result_answers
    adaptive: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": CONTAINED_ID,
        "title": "legweak: a check for leg weakness",
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }
    if service_url:
        adaptive["extension"] = [{"url": SDC_ADAPTIVE_EXTENSION, "valueUrl": service_url}]
    out["contained"] = [adaptive, *contained]
    out["questionnaire"] = f"#{CONTAINED_ID}"
    out["status"] = "completed" if finished is not None else "in-progress"
    if kept:
        out["item"] = kept
    else:
        out.pop("item", None)
    first = [k for k in _KEY_ORDER if k in out]
    return {**{k: out[k] for k in first}, **{k: v for k, v in out.items() if k not in first}}


def _slot(question: Question) -> dict[str, Any]:
    """The empty answer a form filler fills in for the question just appended."""
    slot: dict[str, Any] = {"linkId": question.id, "text": question.text}
    if question.type == "group":
        slot["item"] = [{"linkId": i.id, "text": i.text} for i in question.items]
    return slot


def _result_items(checker: Checker, result: Result) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The triage as items: advice that comes first, the level and advice in words, the level coded.

    R4 forbids `readOnly` on display items (que-9), and they are read-only by nature;
    the coded level is a read-only choice, the SDC way of returning a calculated answer.
    """
    t = result.triage
    items: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    if result.advice_first:
        text = " ".join(a.advice for a in result.advice_first)
        items.append({"linkId": ADVICE_FIRST, "text": text, "type": "display"})
        answers.append({"linkId": ADVICE_FIRST, "text": text})
    text = f"{t.title}. {t.advice}"
    items.append({"linkId": TRIAGE, "text": text, "type": "display"})
    items.append(
        {
            "linkId": TRIAGE_LEVEL,
            "text": "How urgently to get care",
            "type": "choice",
            "readOnly": True,
            "answerOption": [
                {"valueCoding": triage_coding(checker, lvl)} for lvl in checker.kb.settings.levels
            ],
        }
    )
    answers.append({"linkId": TRIAGE, "text": text})
    answers.append(
        {
            "linkId": TRIAGE_LEVEL,
            "text": "How urgently to get care",
            "answer": [{"valueCoding": triage_coding(checker, t.level)}],
        }
    )
    return items, answers
