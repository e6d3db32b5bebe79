"""The checker takes any start and any answer a client can send: it goes on or refuses plainly.

An interview is started with arbitrary ages, sexes and text, then answered with a
mix of what the question offers and arbitrary question ids, item ids and values,
with "back" thrown in. Every step either succeeds or raises one of legweak's own
errors (legweak/errors.py) with a message, and a refused step changes nothing.
Whatever the path, the result is always computable and its level is a real
level, never below the warning-sign floor. The numbers of inputs each property
tried are in docs/reliability.md.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from legweak.errors import InputError, InterviewStateError, LegweakError
from legweak.kb.schema import TRIAGE_LEVELS
from legweak.service import Checker, Session

FUZZ = settings(
    max_examples=200,
    deadline=timedelta(seconds=10),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
JUNK = st.text(max_size=20) | st.sampled_from(["yes", "no", "dont_know", "present", "absent", "unknown", ""])


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Three draws in four from `good`: junk in one field should not hide the paths behind it."""
    return st.integers(min_value=0, max_value=3).flatmap(lambda k: bad if k == 0 else good)


def refused_plainly(exc: LegweakError) -> None:
    event(f"refused: {type(exc).__name__}")
    assert isinstance(exc, InputError | InterviewStateError), type(exc)
    assert str(exc).strip()


def assert_sound(checker: Checker, session: Session) -> None:
    """The result of any state: a real level, never below a fired warning sign, causes in order."""
    result = checker.result(session)
    level = TRIAGE_LEVELS.index(result.triage.level)  # 0 is the most urgent
    if result.triage.rule_floor is not None:
        assert level <= TRIAGE_LEVELS.index(result.triage.rule_floor)
    for flag in result.red_flags:
        assert level <= TRIAGE_LEVELS.index(flag.level)
    chances = [c.probability for c in result.conditions]
    assert chances == sorted(chances, reverse=True) and all(0 <= p <= 1 for p in chances)


@FUZZ
@given(
    age=mostly(
        st.integers(min_value=16, max_value=120),
        st.integers(min_value=-(10**6), max_value=10**6)
        | st.none()
        | st.booleans()
        | st.floats()
        | st.text(),
    ),
    sex=mostly(st.sampled_from(["female", "male"]), st.text(max_size=10) | st.none() | st.integers()),
    text=st.none() | st.text(max_size=200),
)
def test_any_start_begins_an_interview_or_is_refused(
    checker: Checker, age: Any, sex: Any, text: str | None
) -> None:
    try:
        session = checker.start(age, sex, text)
    except LegweakError as exc:
        refused_plainly(exc)
        return
    event("started")
    assert 16 <= session.age <= 120 and session.sex in ("female", "male")
    assert_sound(checker, session)


@st.composite
def step(draw: st.DrawFn, question: Any) -> tuple[str, str, dict[str, str]]:
    """An action: mostly a real answer to the pending question, sometimes nonsense."""
    kind = draw(st.sampled_from(["answer", "answer", "answer", "junk", "back", "stale"]))
    if kind == "back" or question is None:
        return "back", "", {}
    if kind == "stale":
        return "answer", draw(st.text(max_size=15)), {}
    options = [o.id for o in question.options]
    if question.type == "group":
        items = [i.id for i in question.items]
        keys = st.sampled_from(items) | JUNK if kind == "junk" else st.sampled_from(items)
        values = JUNK | st.sampled_from(options) if kind == "junk" else st.sampled_from(options)
        return "answer", question.id, draw(st.dictionaries(keys, values, max_size=len(items) + 1))
    value = draw(JUNK if kind == "junk" else st.sampled_from(options))
    return "answer", question.id, {question.id: value}


@settings(FUZZ, max_examples=40)
@given(
    data=st.data(),
    age=st.integers(min_value=16, max_value=120),
    sex=st.sampled_from(["female", "male"]),
    text=st.none() | st.text(max_size=120),
)
def test_any_sequence_of_answers_keeps_the_interview_sound(
    checker: Checker, data: st.DataObject, age: int, sex: str, text: str | None
) -> None:
    try:
        session = checker.start(age, sex, text)
    except LegweakError as exc:
        refused_plainly(exc)
        return
    for _ in range(data.draw(st.integers(min_value=1, max_value=25))):
        question = checker.next_question(session)
        action, question_id, answers = data.draw(step(question))
        before = copy.deepcopy(session.to_dict())
        try:
            if action == "back":
                checker.back(session)
            else:
                checker.answer(session, question_id, answers)
        except LegweakError as exc:
            refused_plainly(exc)
            assert session.to_dict() == before, "a refused step changes nothing"
        assert_sound(checker, session)


@FUZZ
@given(
    answers=st.dictionaries(
        st.text(max_size=30) | st.sampled_from(["onset", "back_pain", "weakness_one_side"]), JUNK, max_size=6
    )
)
def test_any_given_answers_are_taken_or_refused(checker: Checker, answers: dict[str, str]) -> None:
    try:
        result = checker.assess(54, "female", answers=checker.from_options(answers))
    except LegweakError as exc:
        refused_plainly(exc)
        return
    assert result.triage.level in TRIAGE_LEVELS


@pytest.mark.parametrize("age", [16, 120])
def test_the_ages_at_the_edges_are_taken(checker: Checker, age: int) -> None:
    assert checker.start(age, "male").age == age
