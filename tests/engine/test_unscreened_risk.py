"""Self-care and "don't know": which unanswered warning-sign questions block it.

A screen question left "don't know" blocks self-care when a likely cause on
the differential produces its urgent sign; one no likely cause produces goes on
the watch-for list instead, so the person knows when to come back.
"""

from __future__ import annotations

from legweak.engine.model import Model
from legweak.engine.posterior import posterior
from legweak.engine.triage import open_screen_items, unscreened_risk
from legweak.kb.loader import load_kb
from legweak.service import DONT_KNOW, Checker, Result, option_id

KB = load_kb()
#: Benign answers to the choice questions; every yes/no question is answered "no".
BENIGN = {"onset": "days", "course": "better", "side": "both_legs", "duration": "days"}


def interview(text: str, unknown: str) -> Result:
    checker = Checker(KB)
    session = checker.start(30, "male", text)
    while (question := checker.next_question(session)) is not None:
        answers = {
            f: DONT_KNOW if f == unknown else BENIGN.get(f, option_id("absent")) for f in question.finding_ids
        }
        checker.answer(session, question.id, answers)
    return checker.result(session)


def test_dont_know_to_a_sign_no_likely_cause_produces_leaves_self_care_with_a_watch_for() -> None:
    result = interview("My thighs ache after the gym yesterday.", unknown="tearing_pain")
    assert result.answers["tearing_pain"] == "unknown"
    assert result.triage.level == "self_care"
    assert "tearing_chest_back_pain" in [w.id for w in result.watch_for]


def test_dont_know_to_a_sign_a_likely_cause_produces_blocks_self_care() -> None:
    answered = interview("My lower back hurts and my legs feel weak.", unknown="")
    assert answered.triage.level == "self_care"
    # Fever with back pain is the sign of a spinal infection: not knowing it is not reassurance.
    result = interview("My lower back hurts and my legs feel weak.", unknown="fever")
    assert result.answers["fever"] == "unknown"
    assert result.triage.level == "consultation"


def test_nothing_left_open_hides_nothing(model: Model) -> None:
    screened = {f for screen in KB.red_flags.screens for f in screen.findings}
    evidence = {f: "absent" for f in screened if KB.findings[f].type == "binary"}
    evidence |= {"onset": "days", "course": "better", "side": "both_legs"}
    post = posterior(model, 40, "female", evidence)
    assert open_screen_items(KB, evidence) == []
    assert unscreened_risk(KB, model, post, evidence) == 0.0


def test_an_open_question_whose_sign_a_likely_cause_produces_counts(model: Model) -> None:
    evidence = {"back_pain": "present", "side": "both_legs", "onset": "days"}
    post = posterior(model, 60, "male", evidence)
    assert "fever" in open_screen_items(KB, evidence)
    assert unscreened_risk(KB, model, post, evidence) >= KB.settings.unscreened_risk_max
