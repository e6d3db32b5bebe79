"""A session is plain data: stored and restored, it continues exactly where it stopped."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legweak.errors import KnowledgeBaseChangedError, SessionFormatError
from legweak.kb.loader import KnowledgeBase
from legweak.service import DONT_KNOW, NO, Checker, Session

TEXTS = [
    None,
    "My legs feel weak and tired.",
    "My left leg went weak suddenly an hour ago. No back pain.",
    "I'm 70 and my calf is swollen and sore, and I take no medicines.",
]


def restored(session: Session) -> Session:
    """Through JSON text, as a database or a browser would keep it."""
    return Session.from_dict(json.loads(json.dumps(session.to_dict())))


def play(checker: Checker, data: st.DataObject) -> Session:
    """A session built by random answers, some of them taken back."""
    age = data.draw(st.integers(16, 99), label="age")
    sex = data.draw(st.sampled_from(["female", "male"]), label="sex")
    text = data.draw(st.sampled_from(TEXTS), label="text")
    session = checker.start(age, sex, text)
    for _ in range(data.draw(st.integers(0, 8), label="steps")):
        question = checker.next_question(session)
        if question is None:
            break
        if session.steps and data.draw(st.booleans(), label="back"):
            checker.back(session)
            continue
        offered = [o.id for o in question.options]
        answers = {
            fid: data.draw(st.sampled_from(offered), label=fid)
            for fid in question.finding_ids
            if data.draw(st.booleans(), label=f"answer {fid}")
        }
        checker.answer(session, question.id, answers)
    return session


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_session_restored_gives_the_same_question_and_result(
    checker: Checker, data: st.DataObject
) -> None:
    session = play(checker, data)
    again = restored(session)
    assert again == session
    assert checker.next_question(again) == checker.next_question(session)
    assert checker.result(again) == checker.result(session)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_restored_session_goes_on_like_the_original(mini_checker: Checker, data: st.DataObject) -> None:
    session = play(mini_checker, data)
    again = restored(session)
    for s in (session, again):
        question = mini_checker.next_question(s)
        if question is not None:
            mini_checker.answer(s, question.id, {f: question.options[0].id for f in question.finding_ids})
    assert again == session
    assert mini_checker.result(again) == mini_checker.result(session)


def test_the_stored_form_is_versioned_json_without_parser_objects(checker: Checker) -> None:
    session = checker.start(63, "male", "My left leg went weak suddenly an hour ago. No back pain.")
    data = session.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["format"] == 1 and data["kb_hash"] == checker.kb_hash
    assert data["revision"] == session.revision and data["pending"] == session.pending
    assert {f["id"] for f in data["reading"]["findings"]} >= {"onset", "back_pain"}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(format=99), "format"),
        (lambda d: d.pop("format"), "format"),
        (lambda d: d.update(age="old"), "age"),
        (lambda d: d.update(surprise=1), "surprise"),
        (lambda d: d.update(evidence=[1, 2]), "evidence"),
    ],
)
def test_damaged_data_is_refused_by_name(mini_checker: Checker, change: object, message: str) -> None:
    data = mini_checker.start(40, "female").to_dict()
    change(data)  # type: ignore[operator]
    with pytest.raises(SessionFormatError, match=message):
        Session.from_dict(data)
    with pytest.raises(SessionFormatError, match="object"):
        Session.from_dict([data])


def test_an_interview_continues_on_a_newer_kb_that_keeps_its_findings(
    mini_checker: Checker, mini_kb: KnowledgeBase
) -> None:
    session = mini_checker.start(45, "female")
    question = mini_checker.next_question(session)
    assert question is not None
    mini_checker.answer(session, question.id, {f: NO for f in question.finding_ids})
    session.kb_hash = "0000000000000000"  # as if begun on an earlier knowledge base
    assert mini_checker.next_question(session) is not None
    assert session.kb_hash == mini_kb.hash
    assert session.earlier_kb_hashes == ["0000000000000000"]


def test_an_interview_whose_answers_left_the_kb_must_start_again(mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    session.kb_hash = "0000000000000000"
    session.evidence["retired_finding"] = DONT_KNOW
    with pytest.raises(KnowledgeBaseChangedError, match="retired_finding"):
        mini_checker.result(session)
