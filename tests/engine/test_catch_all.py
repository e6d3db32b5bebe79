"""The catch-all keeps probability when nothing fits, and leads for causes the list does not name.

A checker that always names one of its conditions tells a person with knee
arthritis or Parkinson's disease something false. The pictures below are
textbook presentations of causes outside the list, in answers.
"""

from __future__ import annotations

import pytest

from legweak.engine.model import ABSENT, PRESENT, Model
from legweak.engine.posterior import posterior

VAGUE = [
    {},
    {"side": "both_legs"},
    {"side": "both_legs", "course": "stable"},
    {"side": "both_legs", "course": "worse"},
]
#: Slow, tired, heavy legs: what many unlisted causes of the old look like.
SLOW_AND_TIRED = {"onset": "months", "side": "both_legs", "course": "stable", "legs_heavy_tired": PRESENT}

UNLISTED = {
    "knee arthritis": {
        "onset": "months",
        "side": "one_leg",
        "joint_pain": PRESENT,
        "back_pain": ABSENT,
        "numbness": ABSENT,
    },
    "parkinsonism": {
        "onset": "months",
        "side": "both_legs",
        "course": "worse",
        "parkinson_signs": PRESENT,
        "unsteady_walking": PRESENT,
        "tingling": ABSENT,
    },
    "heart failure": {
        "onset": "weeks",
        "side": "both_legs",
        "both_ankles_swollen": PRESENT,
        "leg_swelling": PRESENT,
        "breathless_exertion": PRESENT,
        "fatigue": PRESENT,
    },
}


@pytest.mark.parametrize("evidence", VAGUE)
def test_with_only_vague_answers_an_older_person_keeps_a_real_share_for_another_cause(
    model: Model, evidence: dict[str, str]
) -> None:
    for sex in ("female", "male"):
        post = posterior(model, 75, sex, evidence)
        share = float(post[model.catch_all])
        assert 0.20 <= share <= 0.30, (sex, share)
        assert int(post.argmax()) == model.catch_all


def test_slow_tired_heavy_legs_in_an_older_person_put_another_cause_first(model: Model) -> None:
    for sex in ("female", "male"):
        post = posterior(model, 75, sex, SLOW_AND_TIRED)
        assert int(post.argmax()) == model.catch_all
        assert 0.20 <= float(post[model.catch_all]) <= 0.40


def test_the_catch_all_is_small_in_the_young_when_a_listed_cause_fits(model: Model) -> None:
    evidence = {"heavy_exercise": PRESENT, "muscle_pain": PRESENT, "onset": "hours", "course": "better"}
    assert posterior(model, 25, "male", evidence)[model.catch_all] < 0.05


@pytest.mark.parametrize("name", list(UNLISTED))
def test_a_cause_outside_the_list_puts_the_catch_all_first(model: Model, name: str) -> None:
    post = posterior(model, 74, "female", UNLISTED[name])
    assert int(post.argmax()) == model.catch_all, name
