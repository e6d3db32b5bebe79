"""SDC $next-question: any form filler can run a whole interview, and bad responses are refused clearly."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from legweak.errors import (
    AgeError,
    FhirFormatError,
    InterviewDoneError,
    MissingOpeningItemError,
    OutOfTurnAnswerError,
    SexError,
    StaleAnswerError,
    UnansweredItemError,
    UnderAgeError,
    UnknownLinkIdError,
    UnknownValueError,
)
from legweak.fhir import next_question
from legweak.fhir.codes import ICD10CM_SYSTEM, TRIAGE_SYSTEM
from legweak.service import Checker
from tests.fhir.conftest import fill_last, opening, parameters, run_to_end, script, validate

TEXT = "My legs have been getting weaker for a few weeks"


def _contained(response: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(r for r in response["contained"] if r["resourceType"] == kind)


def _asked(response: dict[str, Any]) -> list[str]:
    return [i["linkId"] for i in _contained(response, "Questionnaire")["item"]]


def test_a_first_call_with_an_empty_response_gets_the_opening_items(checker: Checker) -> None:
    out = next_question(
        checker, parameters({"resourceType": "QuestionnaireResponse", "status": "in-progress"})
    )
    validate(out)
    assert out["status"] == "in-progress"
    assert out["questionnaire"] == "#legweak-adaptive"
    items = {i["linkId"]: i for i in _contained(out, "Questionnaire")["item"]}
    assert list(items) == ["age", "sex", "complaint"]
    assert items["age"]["type"] == "integer" and items["age"]["required"] is True
    assert [o["valueCoding"]["code"] for o in items["sex"]["answerOption"]] == ["female", "male"]
    assert items["complaint"]["type"] == "text" and items["complaint"]["required"] is False


def test_the_opening_answers_bring_the_first_question_with_an_empty_slot(checker: Checker) -> None:
    out = next_question(checker, parameters(opening(text=TEXT)))
    validate(out)
    session = checker.start(54, "female", TEXT)
    first = checker.next_question(session)
    assert first is not None
    assert _asked(out)[-1] == first.id
    slot = out["item"][-1]
    assert slot["linkId"] == first.id and "answer" not in slot
    appended = _contained(out, "Questionnaire")["item"][-1]
    assert appended["required"] is True
    help_items = [i for i in appended["item"] if i["type"] == "display"]
    assert help_items and help_items[0]["text"] == first.why


def test_a_scripted_respondent_reaches_the_same_result_as_the_checker(checker: Checker) -> None:
    done, seen = run_to_end(checker, opening(text=TEXT))
    for response in seen:
        validate(response)
    assert all(r["status"] == "in-progress" for r in seen[:-1]) and done["status"] == "completed"
    # The same answers given to the Checker directly: same questions, same result.
    session = checker.start(54, "female", TEXT)
    words = script()
    while (question := checker.next_question(session)) is not None:
        if question.type == "group":
            answers = {i.id: next(words) for i in question.items}
        else:
            word = next(words)
            options = [o.id for o in question.options]
            answers = {
                question.id: word if word in options else (options[0] if word == "yes" else "dont_know")
            }
        checker.answer(session, question.id, answers)
    expected = checker.final_result(session)
    risk = _contained(done, "RiskAssessment")
    assert risk["status"] == "final"
    assert risk["extension"][0]["valueCoding"] == {
        "system": TRIAGE_SYSTEM,
        "code": expected.triage.level,
        "display": expected.triage.title,
    }
    assert [p["outcome"]["text"] for p in risk["prediction"]] == [c.name for c in expected.conditions]
    for prediction, cond in zip(risk["prediction"], expected.conditions, strict=True):
        assert prediction["probabilityDecimal"] == pytest.approx(cond.probability, abs=1e-4)
        assert [c["code"] for c in prediction["outcome"].get("coding", [])] == cond.icd10
        assert all(c["system"] == ICD10CM_SYSTEM for c in prediction["outcome"].get("coding", []))
    asked = [
        i
        for i in _asked(done)
        if i not in ("age", "sex", "complaint", "triage", "triage-level", "advice-first")
    ]
    assert len(asked) == expected.questions_asked


def test_the_completed_response_carries_the_triage_as_items(checker: Checker) -> None:
    done, _ = run_to_end(checker, opening(text=TEXT))
    items = {i["linkId"]: i for i in _contained(done, "Questionnaire")["item"]}
    assert items["triage"]["type"] == "display"
    assert items["triage-level"]["readOnly"] is True
    answers = {i["linkId"]: i for i in done["item"]}
    level = answers["triage-level"]["answer"][0]["valueCoding"]
    title = checker.kb.settings.levels[level["code"]].title
    advice = checker.kb.settings.levels[level["code"]].advice
    assert answers["triage"]["text"] == items["triage"]["text"] == f"{title}. {advice}"
    risk = _contained(done, "RiskAssessment")
    assert risk["mitigation"] == advice
    assert risk["basis"] == [{"reference": "#"}]
    # No subject was given, so an anonymous contained Patient carries the sex.
    assert done["subject"] == {"reference": "#patient"} == risk["subject"]
    assert _contained(done, "Patient") == {"resourceType": "Patient", "id": "patient", "gender": "female"}


def test_a_subject_given_by_the_filler_is_kept_and_assessed(checker: Checker) -> None:
    start = opening(text=TEXT)
    start["subject"] = {"reference": "Patient/123"}
    done, _ = run_to_end(checker, start)
    assert done["subject"] == {"reference": "Patient/123"}
    assert _contained(done, "RiskAssessment")["subject"] == {"reference": "Patient/123"}
    assert not [r for r in done["contained"] if r["resourceType"] == "Patient"]


def test_an_emergency_in_the_text_completes_at_once(checker: Checker) -> None:
    text = "My legs suddenly went weak and I have chest pain and can't breathe"
    out = next_question(checker, parameters(opening(60, "male", text)))
    validate(out)
    assert out["status"] == "completed"
    answers = {i["linkId"]: i for i in out["item"]}
    assert answers["triage-level"]["answer"][0]["valueCoding"]["code"] == "emergency_ambulance"
    assert "advice-first" in answers  # chest pain and breathlessness advice comes first


def test_a_repeated_call_without_an_answer_returns_the_same_response(checker: Checker) -> None:
    first = next_question(checker, parameters(opening(text=TEXT)))
    again = next_question(checker, parameters(copy.deepcopy(first)))
    assert again == first


def test_the_input_is_not_changed(checker: Checker) -> None:
    body = parameters(opening(text=TEXT))
    before = copy.deepcopy(body)
    next_question(checker, body)
    assert body == before


def test_boolean_answers_are_taken_for_yes_no_questions(checker: Checker) -> None:
    out = next_question(checker, parameters(opening(text=TEXT)))
    words = script()
    while True:
        asked = _contained(out, "Questionnaire")["item"][-1]
        if asked["type"] == "group":
            break
        fill_last(out, words)
        out = next_question(checker, parameters(out))
    slot = out["item"][-1]
    slot["item"] = [
        {"linkId": i["linkId"], "answer": [{"valueBoolean": False}]}
        for i in asked["item"]
        if i["type"] != "display"
    ]
    after = next_question(checker, parameters(out))
    validate(after)
    assert _asked(after)[-2] == asked["linkId"]


# -- errors -------------------------------------------------------------------------------


def _two_questions_in(checker: Checker) -> dict[str, Any]:
    out = next_question(checker, parameters(opening(text=TEXT)))
    fill_last(out, script())
    out = next_question(checker, parameters(out))
    fill_last(out, script())
    return out


def test_a_body_that_is_not_parameters_is_refused(checker: Checker) -> None:
    with pytest.raises(FhirFormatError, match="Parameters"):
        next_question(checker, opening())
    with pytest.raises(FhirFormatError, match="questionnaire-response"):
        next_question(checker, {"resourceType": "Parameters", "parameter": []})
    with pytest.raises(FhirFormatError, match="QuestionnaireResponse"):
        next_question(checker, parameters({"resourceType": "Patient"}))


def test_invalid_fhir_is_refused_with_its_location(checker: Checker) -> None:
    response = opening()
    response["item"].append({"answer": [{"valueInteger": 1}]})  # an item without a linkId
    with pytest.raises(FhirFormatError, match=r"item\[2\]\.linkId"):
        next_question(checker, parameters(response))


def test_missing_opening_answers_are_named(checker: Checker) -> None:
    response = opening()
    response["item"] = [i for i in response["item"] if i["linkId"] != "age"]
    with pytest.raises(MissingOpeningItemError, match="'age'"):
        next_question(checker, parameters(response))
    response = opening()
    response["item"] = [i for i in response["item"] if i["linkId"] != "sex"]
    with pytest.raises(MissingOpeningItemError, match="'sex'"):
        next_question(checker, parameters(response))


def test_bad_opening_answers_raise_the_checkers_errors(checker: Checker) -> None:
    with pytest.raises(UnderAgeError):
        next_question(checker, parameters(opening(age=12)))
    with pytest.raises(AgeError):
        next_question(checker, parameters(opening(age=130)))
    with pytest.raises(SexError):
        next_question(checker, parameters(opening(sex="other")))


def test_an_answer_to_an_item_never_asked_is_refused(checker: Checker) -> None:
    response = _two_questions_in(checker)
    response["item"].append({"linkId": "no_such_question", "answer": [{"valueBoolean": True}]})
    with pytest.raises(UnknownLinkIdError, match="no_such_question"):
        next_question(checker, parameters(response))


def test_an_unknown_item_in_the_contained_questionnaire_is_refused(checker: Checker) -> None:
    response = _two_questions_in(checker)
    asked = _contained(response, "Questionnaire")["item"]
    original = asked[3]["linkId"]
    asked[3]["linkId"] = "made_up"
    with pytest.raises(
        UnknownLinkIdError, match=f"{original!r}, which the contained Questionnaire does not ask"
    ):
        next_question(checker, parameters(response))
    for item in response["item"]:
        if item["linkId"] == original:
            item["linkId"] = "made_up"
    with pytest.raises(UnknownLinkIdError, match="'made_up', which is not a question legweak asks"):
        next_question(checker, parameters(response))


def test_an_item_that_is_not_the_pending_question_is_refused_as_out_of_turn(checker: Checker) -> None:
    response = _two_questions_in(checker)
    asked = _contained(response, "Questionnaire")["item"]
    first, second = asked[3], asked[4]
    other = next(
        f
        for f in checker.kb.findings
        if f not in (first["linkId"], second["linkId"]) and checker.kb.findings[f].askable
    )
    for item in response["item"]:
        if item["linkId"] == first["linkId"]:
            item["linkId"] = other
    first["linkId"] = other
    with pytest.raises(OutOfTurnAnswerError, match=repr(other)) as caught:
        next_question(checker, parameters(response))
    assert isinstance(caught.value, StaleAnswerError)  # so the API maps it to 409 like any stale answer


def test_a_blank_question_before_answered_ones_is_refused(checker: Checker) -> None:
    response = _two_questions_in(checker)
    first = _contained(response, "Questionnaire")["item"][3]["linkId"]
    for item in response["item"]:
        if item["linkId"] == first:
            item.pop("answer", None)
            item.pop("item", None)
    with pytest.raises(UnansweredItemError, match=repr(first)):
        next_question(checker, parameters(response))


def test_an_answer_that_is_not_an_option_is_refused(checker: Checker) -> None:
    response = next_question(checker, parameters(opening(text=TEXT)))
    asked = _contained(response, "Questionnaire")["item"][-1]
    slot = response["item"][-1]
    target = asked["item"][0]["linkId"] if asked["type"] == "group" else asked["linkId"]
    wrong = {"linkId": target, "answer": [{"valueCoding": {"code": "maybe"}}]}
    if asked["type"] == "group":
        slot["item"] = [wrong]
    else:
        slot["answer"] = wrong["answer"]
    with pytest.raises(UnknownValueError, match="'maybe'"):
        next_question(checker, parameters(response))


def test_questions_after_the_end_are_refused(checker: Checker) -> None:
    done, _ = run_to_end(checker, opening(text=TEXT))
    questionnaire = _contained(done, "Questionnaire")
    extra = next(f for f in checker.kb.findings if checker.kb.findings[f].askable and f not in _asked(done))
    questionnaire["item"].append({"linkId": extra, "type": "choice", "text": "extra"})
    done["item"].append({"linkId": extra, "answer": [{"valueCoding": {"code": "no"}}]})
    with pytest.raises(InterviewDoneError):
        next_question(checker, parameters(done))


def test_a_completed_response_sent_again_comes_back_the_same(checker: Checker) -> None:
    done, _ = run_to_end(checker, opening(text=TEXT))
    assert next_question(checker, parameters(copy.deepcopy(done))) == done


def test_the_service_address_is_recorded_as_sdcs_adaptive_extension(checker: Checker) -> None:
    url = "https://clinic.example/v1/fhir/Questionnaire/$next-question"
    out = next_question(checker, parameters(opening(text=TEXT)), service_url=url)
    validate(out)
    assert _contained(out, "Questionnaire")["extension"] == [
        {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-adaptive", "valueUrl": url}
    ]


def test_a_reference_to_a_missing_contained_questionnaire_is_refused(checker: Checker) -> None:
    response = next_question(checker, parameters(opening(text=TEXT)))
    response["questionnaire"] = "#elsewhere"
    with pytest.raises(FhirFormatError, match="'#elsewhere' names no contained Questionnaire"):
        next_question(checker, parameters(response))


def test_an_item_answered_twice_is_refused(checker: Checker) -> None:
    response = opening(text=TEXT)
    response["item"].append(copy.deepcopy(response["item"][0]))
    with pytest.raises(FhirFormatError, match="appears twice"):
        next_question(checker, parameters(response))
