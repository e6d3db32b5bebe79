"""An older person who says only that their legs are weak hears that the cause may be one the list lacks.

At 65 and over, much leg weakness comes from causes the knowledge base does not
name (arthritis, frailty, heart failure, parkinsonism, polymyalgia). When a
person gives nothing that points anywhere, the catch-all should hold a fifth to
a third of the probability: enough to lead and tell the truth ("another cause"),
not so much that it swallows the listed causes a doctor would still consider.
These play the real interview from the opening text to the result.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from legweak.service import DONT_KNOW, NO, Checker
from legweak.service.schemas import Question

Policy = Callable[[Question], dict[str, str]]
TEXTS = ["my legs feel weak", "i have weak legs"]


def _dont_know(question: Question) -> dict[str, str]:
    return {f: DONT_KNOW for f in question.finding_ids}


def _takes_no(question: Question) -> bool:
    return any(option.id == NO for option in question.options)


def _no_warning_signs(question: Question) -> dict[str, str]:
    """Denies every warning sign, does not know the rest."""
    answer = NO if question.red_flag and _takes_no(question) else DONT_KNOW
    return {f: answer for f in question.finding_ids}


def _no_to_everything(question: Question) -> dict[str, str]:
    answer = NO if _takes_no(question) else DONT_KNOW
    return {f: answer for f in question.finding_ids}


def _catch_all_share(checker: Checker, age: int, sex: str, text: str, policy: Policy) -> tuple[float, str]:
    session = checker.start(age, sex, text)
    asked = 0
    while (question := checker.next_question(session)) is not None:
        checker.answer(session, question.id, policy(question))
        asked += 1
        assert asked <= 45
    ranked = checker.result(session, ranked=60).to_dict()["conditions"]
    share = next(float(c["probability"]) for c in ranked if c["id"] == "other")
    return share, str(ranked[0]["id"])


@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("text", TEXTS)
def test_at_seventy_with_only_vague_answers_another_cause_leads_with_a_fifth_to_under_a_third(
    checker: Checker, sex: str, text: str
) -> None:
    share, first = _catch_all_share(checker, 70, sex, text, _dont_know)
    assert 0.20 <= share <= 0.30, share
    assert first == "other"


@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("text", TEXTS)
def test_denying_every_warning_sign_moves_probability_from_the_urgent_listed_causes_to_another_cause(
    checker: Checker, sex: str, text: str
) -> None:
    share, first = _catch_all_share(checker, 70, sex, text, _no_warning_signs)
    assert 0.20 <= share <= 0.40, share
    assert first == "other"


@pytest.mark.parametrize("sex", ["female", "male"])
def test_when_every_listed_feature_is_denied_another_cause_leads(checker: Checker, sex: str) -> None:
    share, first = _catch_all_share(checker, 70, sex, "my legs feel weak", _no_to_everything)
    assert first == "other" and share > 0.5


def test_the_young_with_only_vague_answers_are_offered_listed_everyday_causes_first(checker: Checker) -> None:
    share, first = _catch_all_share(checker, 25, "female", "my legs feel weak", _dont_know)
    assert share < 0.08
    assert first != "other"
