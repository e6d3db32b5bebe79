"""The conditions added after review rise on their own pictures, and their warning signs set a floor.

Each picture is the textbook presentation in answers, not a case from any set:
the point is that the knowledge base now has the concept, so the right cause
leads and the floor does not depend on the posterior.
"""

from __future__ import annotations

import pytest

from legweak.engine.model import ABSENT, PRESENT, Model
from legweak.engine.posterior import posterior
from legweak.engine.triage import rank, rule_floor
from legweak.kb.loader import KnowledgeBase

POTASSIUM_RISK = {"kidney_dialysis": PRESENT, "potassium_raising_drug": PRESENT}

PICTURES: list[tuple[str, int, str, dict[str, str]]] = [
    (
        "acute_limb_ischaemia",
        74,
        "male",
        {
            "onset": "sudden",
            "side": "one_leg",
            "cold_pale_leg": PRESENT,
            "severe_leg_pain": PRESENT,
            "numbness": PRESENT,
            "atrial_fibrillation": PRESENT,
            "back_pain": ABSENT,
        },
    ),
    (
        "aortic_dissection",
        66,
        "male",
        {
            "onset": "sudden",
            "tearing_pain": PRESENT,
            "thoracic_back_pain": PRESENT,
            "hypertension": PRESENT,
            "side": "both_legs",
        },
    ),
    (
        "spinal_cord_infarction",
        61,
        "female",
        {
            "onset": "sudden",
            "back_pain_at_onset": PRESENT,
            "side": "both_legs",
            "cannot_stand": PRESENT,
            "urinary_retention": PRESENT,
            "fever": ABSENT,
            "tearing_pain": ABSENT,
            "chest_pain": ABSENT,
            "back_injury": ABSENT,
            "recent_fall": ABSENT,
        },
    ),
    (
        "hyperkalaemia",
        72,
        "male",
        {
            "onset": "days",
            "side": "both_legs",
            "kidney_dialysis": PRESENT,
            "potassium_raising_drug": PRESENT,
            "palpitations": PRESENT,
        },
    ),
    (
        "cervical_myelopathy",
        68,
        "male",
        {
            "onset": "months",
            "side": "both_legs",
            "course": "worse",
            "clumsy_hands": PRESENT,
            "unsteady_walking": PRESENT,
            "neck_pain": PRESENT,
            "twitching": ABSENT,
        },
    ),
]


#: Cauda equina and cord compression were one blended condition; each picture now finds its own.
PICTURES += [
    (
        "cauda_equina",
        42,
        "male",
        {
            "back_strain": PRESENT,
            "back_pain": PRESENT,
            "leg_pain_radiating": PRESENT,
            "side": "both_legs",
            "saddle_numbness": PRESENT,
            "urinary_retention": PRESENT,
            "cancer": ABSENT,
        },
    ),
    (
        "cord_compression",
        70,
        "female",
        {
            "cancer": PRESENT,
            "thoracic_back_pain": PRESENT,
            "back_pain_night": PRESENT,
            "unsteady_walking": PRESENT,
            "onset": "weeks",
            "side": "both_legs",
            "course": "worse",
        },
    ),
]


@pytest.mark.parametrize(("expected", "age", "sex", "evidence"), PICTURES, ids=[p[0] for p in PICTURES])
def test_the_textbook_picture_puts_the_condition_first(
    model: Model, expected: str, age: int, sex: str, evidence: dict[str, str]
) -> None:
    post = posterior(model, age, sex, evidence)  # type: ignore[arg-type]
    assert model.condition_ids[int(post.argmax())] == expected


@pytest.mark.parametrize(
    ("evidence", "at_least"),
    [
        ({"tearing_pain": PRESENT}, "emergency_ambulance"),
        ({"back_pain_at_onset": PRESENT, "side": "both_legs"}, "emergency_ambulance"),
        ({"back_pain_at_onset": PRESENT, "cannot_stand": PRESENT}, "emergency_ambulance"),
        ({"kidney_dialysis": PRESENT, "potassium_raising_drug": PRESENT}, "emergency"),
        ({**POTASSIUM_RISK, "duration": "months"}, "consultation_24"),
        ({"kidney_dialysis": PRESENT, "palpitations": PRESENT}, "emergency"),
        ({"potassium_raising_drug": PRESENT, "palpitations": PRESENT}, "consultation_24"),
        ({"cold_pale_leg": PRESENT}, "emergency_ambulance"),
    ],
)
def test_the_warning_signs_of_the_new_conditions_set_a_floor(
    kb: KnowledgeBase, evidence: dict[str, str], at_least: str
) -> None:
    floor = rule_floor(kb, evidence)
    assert floor is not None
    assert rank(floor) <= rank(at_least)  # type: ignore[arg-type]


def test_old_weakness_on_potassium_medicines_is_not_sent_to_hospital(kb: KnowledgeBase) -> None:
    """Weakness of many months is not the picture of a dangerous potassium: a blood test within a day."""
    floor = rule_floor(kb, {**POTASSIUM_RISK, "duration": "months"})
    assert floor == "consultation_24"


def test_a_common_blood_pressure_pill_alone_sets_no_floor(kb: KnowledgeBase) -> None:
    assert rule_floor(kb, {"potassium_raising_drug": PRESENT}) is None


@pytest.mark.parametrize(
    ("cause", "condition"),
    [
        ("laxative_use", "hypokalaemia"),
        ("sodium_lowering_drug", "hyponatraemia"),
        ("chemotherapy", "peripheral_neuropathy"),
        ("myotoxic_drug", "myopathy"),
        ("stimulant_drug_use", "rhabdomyolysis"),
        ("potassium_raising_drug", "hyperkalaemia"),
        ("thyroid_lowering_treatment", "hypothyroidism"),
    ],
)
def test_naming_a_cause_raises_its_condition(model: Model, cause: str, condition: str) -> None:
    """A person who names the cause rather than the symptom moves the right condition up."""
    i = model.condition_ids.index(condition)
    base = {"side": "both_legs"}
    without = posterior(model, 55, "female", base)[i]
    with_cause = posterior(model, 55, "female", {**base, cause: PRESENT})[i]
    assert with_cause > 2 * without
