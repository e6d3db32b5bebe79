"""The core API that every adapter uses: start, answer, back, result, assess."""

from __future__ import annotations

import pytest

from legweak.errors import (
    AgeError,
    InputError,
    InterviewDoneError,
    InterviewInProgressError,
    InterviewStateError,
    SexError,
    StaleAnswerError,
    UnderAgeError,
    UnknownFindingError,
    UnknownValueError,
)
from legweak.kb.loader import KnowledgeBase
from legweak.service import ABSENT, DONT_KNOW, NO, PRESENT, UNKNOWN, YES, Checker


def test_age_limits(mini_checker: Checker) -> None:
    with pytest.raises(UnderAgeError, match="16 and over"):
        mini_checker.start(12, "female")
    with pytest.raises(AgeError):
        mini_checker.start(121, "female")
    with pytest.raises(AgeError):
        mini_checker.start(-1, "female")
    with pytest.raises(AgeError):
        mini_checker.start("forty", "female")
    assert mini_checker.start(16, "female").age == 16
    assert mini_checker.start(120, "male").age == 120


def test_under_age_message_says_where_to_get_help() -> None:
    message = str(UnderAgeError(10))
    assert "child" in message and "emergency" in message


def test_sex_must_be_female_or_male(mini_checker: Checker) -> None:
    with pytest.raises(SexError):
        mini_checker.start(40, "other")


def test_full_interview_reaches_a_result(mini_checker: Checker, mini_kb: KnowledgeBase) -> None:
    session = mini_checker.start(45, "female")
    first = mini_checker.next_question(session)
    assert first is not None and first.red_flag
    mini_checker.answer(session, first.id, {f: NO for f in first.finding_ids})
    asked = 1
    while (question := mini_checker.next_question(session)) is not None:
        mini_checker.answer(session, question.id, {})  # "don't know" to everything
        asked += 1
        assert asked < 50
    res = mini_checker.result(session)
    assert res.questions_asked == asked
    assert res.stop_reason is not None and res.next_question is None
    assert res.level in {"consultation", "consultation_24", "self_care"}
    d = res.to_dict()
    assert d["kb_version"] == mini_kb.version and d["kb_hash"] == mini_kb.hash
    assert d["engine_version"] and d["legweak_version"]
    assert abs(sum(c["probability"] for c in d["conditions"]) - 1) < 1e-3


def test_the_session_knows_the_question_it_waits_for(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    question = mini_checker.next_question(session)
    assert question is not None and session.pending == question.id
    before = session.revision
    mini_checker.answer(session, question.id, {f: NO for f in question.finding_ids})
    assert session.revision == before + 1
    after = mini_checker.next_question(session)
    assert session.pending == (after.id if after else None)


def test_a_repeated_answer_is_refused_not_recorded_for_the_next_screen(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    first = mini_checker.next_question(session)
    assert first is not None
    mini_checker.answer(session, first.id, {})
    following = mini_checker.next_question(session)
    assert following is not None and following.id != first.id
    evidence = dict(session.evidence)
    with pytest.raises(StaleAnswerError, match="waiting for") as err:
        mini_checker.answer(session, first.id, {})  # the same empty submit again
    assert err.value.pending == following.id
    assert session.evidence == evidence  # nothing was recorded
    assert mini_checker.next_question(session) == following


def test_an_answer_after_the_end_is_refused(mini_checker: Checker) -> None:
    session = mini_checker.start(70, "male")
    # Sudden slurred speech: the rule's one exception (speech slurred for months) is answered.
    mini_checker.given(session, {"slurred_speech": PRESENT, "onset": "sudden"})
    assert mini_checker.next_question(session) is None and session.done
    with pytest.raises(InterviewDoneError, match="finished"):
        mini_checker.answer(session, "onset", {"onset": "sudden"})


def test_the_final_result_waits_for_the_last_answer(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    with pytest.raises(InterviewInProgressError):
        mini_checker.final_result(session)
    mini_checker.given(session, {"slurred_speech": PRESENT, "onset": "sudden"})
    assert mini_checker.final_result(session).level == "emergency_ambulance"


def test_an_item_left_out_of_a_group_is_dont_know(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    q = mini_checker.next_question(session)
    assert q is not None and q.type == "group" and len(q.finding_ids) == 2
    mini_checker.answer(session, q.id, {q.finding_ids[0]: NO})
    assert session.evidence == {q.finding_ids[0]: ABSENT, q.finding_ids[1]: UNKNOWN}
    assert session.questions_asked == 1


def test_answers_are_the_options_the_question_offers(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    q = mini_checker.next_question(session)
    assert q is not None
    with pytest.raises(UnknownValueError, match="yes, no, dont_know"):
        mini_checker.answer(session, q.id, {q.finding_ids[0]: PRESENT})  # a stored word, not an option
    mini_checker.answer(session, q.id, {q.finding_ids[0]: YES, q.finding_ids[1]: DONT_KNOW})
    assert session.evidence == {q.finding_ids[0]: PRESENT, q.finding_ids[1]: UNKNOWN}


def test_questions_offer_yes_no_and_dont_know(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    q = mini_checker.next_question(session)
    assert q is not None
    assert [o.id for o in q.options] == [YES, NO, DONT_KNOW]
    assert [i.id for i in q.items] == list(q.finding_ids)
    assert q.why
    while q is not None and q.type != "choice":
        mini_checker.answer(session, q.id, {f: NO for f in q.finding_ids})
        q = mini_checker.next_question(session)
    assert q is not None
    assert q.options[-1].id == DONT_KNOW and len(q.options) > 2
    assert "tell apart" in q.why


def test_back_undoes_the_whole_last_screen(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    with pytest.raises(InterviewStateError):
        mini_checker.back(session)
    q = mini_checker.next_question(session)
    assert q is not None
    mini_checker.answer(session, q.id, {f: NO for f in q.finding_ids})
    mini_checker.back(session)
    assert session.evidence == {}
    assert mini_checker.next_question(session) == q
    assert session.pending == q.id


def test_answers_are_validated(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    q = mini_checker.next_question(session)
    assert q is not None
    with pytest.raises(UnknownValueError, match="yes, no, dont_know"):
        mini_checker.answer(session, q.id, {q.finding_ids[0]: "maybe"})
    with pytest.raises(InputError, match="not part of question"):
        mini_checker.answer(session, q.id, {"back_pain": PRESENT})
    assert session.evidence == {}


def test_assess_applies_rules_and_reports_reasons(mini_checker: Checker) -> None:
    res = mini_checker.assess(70, "male", present=["slurred_speech"], answers={"onset": "sudden"})
    assert res.level == "emergency_ambulance"
    assert res.conditions[0].id == "stroke"
    assert any(r.finding == "slurred_speech" and r.weight > 0 for r in res.conditions[0].reasons)
    assert [r.id for r in res.red_flags] == ["speech_sudden"]
    assert res.answers == {"slurred_speech": PRESENT, "onset": "sudden"}


def test_assess_refuses_unknown_ids_with_suggestions(mini_checker: Checker) -> None:
    with pytest.raises(UnknownFindingError, match="back_pain"):
        mini_checker.assess(40, "male", present=["back_pian"])


def test_dont_know_to_a_red_flag_is_watched(mini_checker: Checker) -> None:
    res = mini_checker.assess(40, "male", unknown=["slurred_speech"])
    assert [w.id for w in res.watch_for] == ["speech_sudden"]
    assert res.to_dict()["watch_for"][0]["text"] == "Slurred speech"
