"""Levels reviewed against RED-FLAGS.md and the guidelines (hazard H25).

Each lowered level keeps its urgent form as a rule of its own: the tests pin both
sides, so a later change cannot lower the urgent form with the mild one.
"""

from __future__ import annotations

import numpy as np
import pytest

from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model
from legweak.engine.triage import risk_level, rule_floor
from legweak.kb.loader import KnowledgeBase

RED_LEG = {"side": "one_leg", "leg_red_hot": PRESENT, "leg_swelling": PRESENT}
COLD_FOOT = {"side": "one_leg", "cold_pale_leg": PRESENT}
ONE_SIDE = {"side": "one_leg", "arm_weakness": PRESENT, "onset": "weeks"}


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        # Row 7: a red leg with fever is a same-day visit (NICE NG141, Eron class II) ...
        ({"fever": PRESENT, "duration": "days"}, "consultation_24"),
        # ... with fever and redness spreading fast, or feeling very unwell, an emergency.
        ({"fever": PRESENT, "redness_spreading_fast": PRESENT, "duration": "days"}, "emergency"),
        ({"very_unwell": PRESENT, "duration": "days"}, "emergency"),
    ],
)
def test_a_red_leg(kb: KnowledgeBase, extra: dict[str, str], level: str) -> None:
    assert rule_floor(kb, {**RED_LEG, **extra}) == level


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        # A foot long cooler or paler, without sores or rest pain: a booked check (NICE CG147).
        ({"duration": "months"}, "consultation"),
        # Sores that do not heal or pain at rest: the limb is threatened.
        ({"duration": "months", "foot_sores": PRESENT}, "consultation_24"),
        # A foot that has gone cold, or whose time is not known, is still the ambulance.
        ({"duration": "under_2_days"}, "emergency_ambulance"),
        ({}, "emergency_ambulance"),
    ],
)
def test_a_cold_or_pale_foot(kb: KnowledgeBase, extra: dict[str, str], level: str) -> None:
    assert rule_floor(kb, {**COLD_FOOT, **extra}) == level


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        ({"duration": "weeks"}, "consultation_24"),
        ({"duration": "months", "onset": "months", "course": "worse"}, "consultation"),
    ],
)
def test_one_sided_arm_and_leg_weakness_built_up_slowly(
    kb: KnowledgeBase, extra: dict[str, str], level: str
) -> None:
    assert rule_floor(kb, {**ONE_SIDE, **extra}) == level


@pytest.mark.parametrize(
    ("urine", "level"),
    [
        ({"concentrated_urine": PRESENT}, None),
        ({"dark_urine": PRESENT}, "emergency"),
        ({"cola_urine": PRESENT, "dark_urine": PRESENT}, "emergency"),
    ],
)
def test_urine_after_a_day_in_the_heat(kb: KnowledgeBase, urine: dict[str, str], level: str | None) -> None:
    """Dark yellow urine is water saved; dark or cola-coloured urine may be muscle breaking down."""
    answers = {"heat_exposure": PRESENT, "duration": "under_2_days", "onset": "hours", "cannot_stand": ABSENT}
    assert rule_floor(kb, {**answers, **urine}) == level


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        # A trapped nerve whose leg only feels weak with the pain, strength normal: self-care
        # (NICE NG59) ...
        ({"true_weakness": ABSENT}, "self_care"),
        # ... one that has cost strength, or whose strength is not known, a booked visit.
        ({"true_weakness": PRESENT}, "consultation"),
        ({"true_weakness": UNKNOWN}, "consultation"),
        ({}, "consultation"),
    ],
)
def test_sciatica_is_self_care_only_once_the_leg_is_known_to_have_lost_no_strength(
    kb: KnowledgeBase, model: Model, answers: dict[str, str], level: str
) -> None:
    post = np.zeros(len(model.condition_ids))
    post[model.condition_ids.index("sciatica")] = 1.0
    assert risk_level(kb, model, post, answers)[0] == level


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        # A new foot drop, or one of unknown age: seen within 24 hours (NICE NG59) ...
        ({}, "consultation_24"),
        ({"duration": "days"}, "consultation_24"),
        # ... one that came on over months or years, or has lasted that long: a booked visit.
        ({"onset": "months"}, "consultation"),
        ({"duration": "months"}, "consultation"),
    ],
)
def test_a_foot_drop(kb: KnowledgeBase, extra: dict[str, str], level: str) -> None:
    assert rule_floor(kb, {"foot_drop": PRESENT, **extra}) == level


@pytest.mark.parametrize(
    ("extra", "level"),
    [
        # Breathless, said plainly, while weakness climbs from the feet over days: the
        # breathing muscles may be failing (row 11, Guillain-Barre) ...
        ({"ascending_weakness": PRESENT, "duration": "days"}, "emergency_ambulance"),
        ({"ptosis": PRESENT}, "emergency_ambulance"),
        # ... climbing slowly over months: no longer the ambulance for breathing.
        ({"ascending_weakness": PRESENT, "onset": "months"}, "consultation"),
    ],
)
def test_breathlessness_with_a_nerve_weakness(kb: KnowledgeBase, extra: dict[str, str], level: str) -> None:
    assert rule_floor(kb, {"breathless_exertion": PRESENT, **extra}) == level
