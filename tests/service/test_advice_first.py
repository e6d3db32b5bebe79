"""Free text about chest pain, sudden breathlessness or self-harm gets its advice first."""

from __future__ import annotations

import pytest

from legweak.service import Checker


@pytest.mark.parametrize(
    "text, rule, minimum",
    [
        (
            "My legs are weak and I keep having thoughts of ending my life.",
            "self_harm_thoughts",
            "consultation_24",
        ),
        ("My legs feel weak and I have a crushing pain in my chest.", "chest_pain", "emergency_ambulance"),
        (
            "My legs are weak and all of a sudden I can't catch my breath.",
            "breathless_at_rest",
            "emergency_ambulance",
        ),
    ],
)
def test_non_leg_emergency_in_text_comes_first(checker: Checker, text: str, rule: str, minimum: str) -> None:
    res = checker.assess(40, "female", text=text).to_dict()
    assert res["advice_first"][0]["id"] == rule
    levels = ["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]
    assert levels.index(res["triage"]["level"]) <= levels.index(minimum)


def test_the_interview_starts_from_text_and_does_not_ask_it_again(checker: Checker) -> None:
    session = checker.start(63, "male", "My left leg went weak suddenly an hour ago. No back pain.")
    assert session.evidence.get("onset") == "sudden"
    assert session.evidence.get("back_pain") == "absent"
    question = checker.next_question(session)
    asked = set(question.finding_ids) if question else set()
    assert not asked & {"onset", "back_pain"}
