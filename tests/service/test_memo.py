"""The checker works out each interview state once: a new answer or a step back is a new state.

Every figure here is compared with a checker that has never seen the interview,
so a decision kept for a state the interview has left would show as a difference.
"""

from __future__ import annotations

import random

import pytest

from legweak.kb.loader import KnowledgeBase
from legweak.service import DONT_KNOW, NO, YES, Checker, Session
from legweak.service.memo import Memo


def fresh(kb: KnowledgeBase, session: Session) -> tuple[str | None, dict[str, object]]:
    """The next question and the result of a copy of `session`, on a checker with nothing kept."""
    checker = Checker(kb)
    copy = Session.from_dict(session.to_dict())
    question = checker.next_question(copy)
    return (None if question is None else question.id), checker.result(copy).to_dict()


def test_each_answer_gives_the_question_and_result_an_uncached_checker_gives(kb: KnowledgeBase) -> None:
    checker = Checker(kb)
    rnd = random.Random(3)
    session = checker.start(67, "female", "my left leg has been getting weaker for a few weeks")
    steps = 0
    while (question := checker.next_question(session)) is not None:
        # The state before the answer is now kept; the answer must move the interview past it.
        before = checker.result(session).to_dict()
        answers = {fid: rnd.choice((NO, NO, YES, DONT_KNOW)) for fid in question.finding_ids}
        if question.type == "choice":
            answers = {question.id: rnd.choice([o.id for o in question.options])}
        checker.answer(session, question.id, answers)
        following = checker.next_question(session)
        after = checker.result(session).to_dict()
        assert (None if following is None else following.id, after) == fresh(kb, session)
        assert after != before
        steps += 1
    assert steps >= 3
    # Back to the state before the last answer: the question asked then is asked again.
    checker.back(session)
    again = checker.next_question(session)
    assert again is not None and (again.id, checker.result(session).to_dict()) == fresh(kb, session)


def test_two_interviews_with_the_same_answers_share_a_state_and_different_ones_do_not(
    kb: KnowledgeBase,
) -> None:
    checker = Checker(kb)
    one, two = checker.start(50, "male"), checker.start(50, "male")
    first = checker.next_question(one)
    assert first is not None and first.type == "choice"
    assert checker.next_question(two) == first
    checker.answer(one, first.id, {first.id: first.options[0].id})
    checker.answer(two, first.id, {first.id: first.options[-2].id})
    assert checker.result(one).to_dict() == fresh(kb, one)[1]
    assert checker.result(two).to_dict() == fresh(kb, two)[1]
    assert checker.result(one).answers != checker.result(two).answers


def test_the_memo_keeps_the_most_recently_used_values_up_to_its_size() -> None:
    memo: Memo[int] = Memo(size=2)
    made: list[str] = []

    def make(key: str) -> int:
        made.append(key)
        return len(made)

    assert memo.get("a", lambda: make("a")) == 1
    assert memo.get("b", lambda: make("b")) == 2
    assert memo.get("a", lambda: make("a")) == 1  # kept; "a" is now the most recent
    assert memo.get("c", lambda: make("c")) == 3  # "b" goes
    assert memo.get("b", lambda: make("b")) == 4
    assert made == ["a", "b", "c", "b"] and len(memo) == 2 and (memo.hits, memo.misses) == (1, 4)
    with pytest.raises(ValueError, match="at least one"):
        Memo(size=0)
