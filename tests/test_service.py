"""The core API that every adapter uses: start, answer, back, result, assess."""

from __future__ import annotations

import pytest

from legweak import service
from legweak.engine.model import ABSENT, PRESENT, UNKNOWN
from legweak.errors import (
    AgeError,
    InputError,
    InterviewStateError,
    SexError,
    UnderAgeError,
    UnknownFindingError,
    UnknownValueError,
)
from legweak.kb.loader import KnowledgeBase


def test_age_limits(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnderAgeError, match="16 and over"):
        service.start(12, "female", kb=mini_kb)
    with pytest.raises(AgeError):
        service.start(121, "female", kb=mini_kb)
    with pytest.raises(AgeError):
        service.start(-1, "female", kb=mini_kb)
    with pytest.raises(AgeError):
        service.start("forty", "female", kb=mini_kb)
    assert service.start(16, "female", kb=mini_kb).age == 16
    assert service.start(120, "male", kb=mini_kb).age == 120


def test_under_age_message_says_where_to_get_help() -> None:
    message = str(UnderAgeError(10))
    assert "child" in message and "emergency" in message


def test_sex_must_be_female_or_male(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(SexError):
        service.start(40, "other", kb=mini_kb)


def test_full_interview_reaches_a_result(mini_kb: KnowledgeBase) -> None:
    session = service.start(45, "female", kb=mini_kb)
    first = service.next_question(session, mini_kb)
    assert first is not None and first.red_flag
    service.answer(session, first, {f: ABSENT for f in first.finding_ids}, mini_kb)
    asked = 1
    while (question := service.next_question(session, mini_kb)) is not None:
        service.answer(session, question, {}, mini_kb)  # "don't know" to everything
        asked += 1
        assert asked < 50
    res = service.result(session, mini_kb)
    assert res.questions_asked == asked
    assert res.stop_reason is not None
    assert res.level in {"consultation", "consultation_24", "self_care"}
    d = res.to_dict()
    assert d["kb_version"] == mini_kb.version and d["kb_hash"] == mini_kb.hash
    assert abs(sum(c["probability"] for c in d["conditions"]) - 1) < 1e-3


def test_an_item_left_out_of_a_group_is_dont_know(mini_kb: KnowledgeBase) -> None:
    session = service.start(45, "female", kb=mini_kb)
    q = service.next_question(session, mini_kb)
    assert q is not None and len(q.finding_ids) == 2
    service.answer(session, q, {q.finding_ids[0]: ABSENT}, mini_kb)
    assert session.evidence[q.finding_ids[1]] == UNKNOWN
    assert session.questions_asked == 1


def test_back_undoes_the_whole_last_screen(mini_kb: KnowledgeBase) -> None:
    session = service.start(45, "female", kb=mini_kb)
    with pytest.raises(InterviewStateError):
        service.back(session)
    q = service.next_question(session, mini_kb)
    assert q is not None
    service.answer(session, q, {f: ABSENT for f in q.finding_ids}, mini_kb)
    service.back(session)
    assert session.evidence == {}
    again = service.next_question(session, mini_kb)
    assert again == q


def test_answers_are_validated(mini_kb: KnowledgeBase) -> None:
    session = service.start(45, "female", kb=mini_kb)
    q = service.next_question(session, mini_kb)
    assert q is not None
    with pytest.raises(UnknownValueError):
        service.answer(session, q, {q.finding_ids[0]: "maybe"}, mini_kb)
    with pytest.raises(InputError, match="not part of this question"):
        service.answer(session, q, {"back_pain": PRESENT}, mini_kb)


def test_assess_applies_rules_and_reports_reasons(mini_kb: KnowledgeBase) -> None:
    res = service.assess(70, "male", present=["slurred_speech"], answers={"onset": "sudden"}, kb=mini_kb)
    assert res.level == "emergency_ambulance"
    assert res.conditions[0].id == "stroke"
    assert any(r.finding_id == "slurred_speech" and r.weight > 0 for r in res.conditions[0].reasons)
    assert [r.id for r in res.triage.fired] == ["speech_sudden"]


def test_assess_refuses_unknown_ids_with_suggestions(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownFindingError, match="back_pain"):
        service.assess(40, "male", present=["back_pian"], kb=mini_kb)


def test_dont_know_to_a_red_flag_is_watched(mini_kb: KnowledgeBase) -> None:
    res = service.assess(40, "male", unknown=["slurred_speech"], kb=mini_kb)
    assert [r.id for r in res.triage.watch_for] == ["speech_sudden"]
    assert res.to_dict()["watch_for"][0]["text"] == "Slurred speech"
