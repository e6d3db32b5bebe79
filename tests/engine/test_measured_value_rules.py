"""Warning values in a note set a floor: played through the service as a person's text.

A severe potassium, a profound low sodium, a single NEWS2 red score, or a NICE
NG51 high-risk sign with a fever must reach the emergency levels from the text
alone, before any question is asked.
"""

from __future__ import annotations

import itertools

import pytest

from legweak.kb.loader import KnowledgeBase
from legweak.kb.schema import TRIAGE_LEVELS
from legweak.service import Checker

MEASURED_RULES = {
    "potassium_very_high",
    "potassium_very_high_slow_pulse",
    "potassium_high",
    "potassium_very_low",
    "sodium_very_low",
    "magnesium_very_low",
    "ck_very_high",
    "ck_high",
    "haemoglobin_very_low",
    "heart_rate_extreme",
    "blood_pressure_low",
    "oxygen_very_low",
    "breathing_very_fast",
    "breathing_very_slow",
    "fever_with_warning_vital_sign",
}


def outcome(kb: KnowledgeBase, text: str, age: int = 70, sex: str = "male") -> tuple[str, set[str]]:
    checker = Checker(kb)
    result = checker.result(checker.start(age, sex, text))
    return result.triage.level, {rule.id for rule in result.red_flags}


def rank(level: str) -> int:
    return TRIAGE_LEVELS.index(level)


def test_every_measured_rule_is_in_the_table(kb: KnowledgeBase) -> None:
    assert {rule.id for rule in kb.red_flags.rules} >= MEASURED_RULES


@pytest.mark.parametrize(
    "text, rule, level",
    [
        ("My legs are weak. K+ 7.2 on bloods today.", "potassium_very_high", "emergency"),
        ("Weak legs, K 7.0 and HR 38.", "potassium_very_high_slow_pulse", "emergency_ambulance"),
        ("Weak legs, K 6.1 on the blood test.", "potassium_high", "consultation_24"),
        ("Legs weak since the diarrhoea. K+ 2.3.", "potassium_very_low", "emergency"),
        ("The GP rang to say her sodium was 118.", "sodium_very_low", "emergency"),
        ("Cramps and weak legs, Mg 0.32 on routine bloods.", "magnesium_very_low", "consultation_24"),
        ("Thighs swollen after the gym, CK 48,000.", "ck_very_high", "emergency"),
        ("Weak thighs for weeks, CK 4800.", "ck_high", "consultation_24"),
        ("Tired and weak legs, Hb 62.", "haemoglobin_very_low", "consultation_24"),
        ("Legs weak, pulse 36.", "heart_rate_extreme", "emergency"),
        ("Legs weak, heart rate 150.", "heart_rate_extreme", "emergency"),
        ("Legs weak and dizzy, BP 84/50.", "blood_pressure_low", "emergency"),
        ("Legs weak, sats 88% on air.", "oxygen_very_low", "emergency_ambulance"),
        ("Legs weak, RR 28.", "breathing_very_fast", "emergency"),
        ("He is very weak, RR 6.", "breathing_very_slow", "emergency_ambulance"),
        ("Her temperature is 38.7. Her pulse is 120 and her BP is 88 over 50.",
         "fever_with_warning_vital_sign", "emergency_ambulance"),
    ],
)  # fmt: skip
def test_a_warning_value_sets_its_floor(kb: KnowledgeBase, text: str, rule: str, level: str) -> None:
    final, fired = outcome(kb, text)
    assert rule in fired
    assert rank(final) <= rank(level)


def test_normal_values_fire_no_measured_rule(kb: KnowledgeBase) -> None:
    text = "My legs feel weak. BP 124/78, HR 72, sats 98%, RR 16, K 4.1, Na 139, CK 120, Hb 140."
    _, fired = outcome(kb, text)
    assert fired & MEASURED_RULES == set()


WARNINGS = ["K+ 7.2.", "Na 118.", "BP 84/50.", "sats 88% on air.", "RR 28.", "HR 150.", "Temp 38.9."]


@pytest.mark.parametrize("extra", WARNINGS)
def test_one_more_warning_value_never_lowers_the_level(kb: KnowledgeBase, extra: str) -> None:
    for base in itertools.combinations([w for w in WARNINGS if w != extra], 1):
        before, _ = outcome(kb, "My legs are weak. " + " ".join(base))
        after, _ = outcome(kb, "My legs are weak. " + " ".join([*base, extra]))
        assert rank(after) <= rank(before), (base, extra)
