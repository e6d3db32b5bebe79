"""Triage: rules set a floor, the risk layer only raises it, "don't know" goes on watch-for."""

from __future__ import annotations

from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model
from legweak.engine.posterior import posterior
from legweak.engine.triage import open_screen_items, rule_floor, triage
from legweak.kb.loader import KnowledgeBase


def test_no_rule_no_floor(mini_kb: KnowledgeBase) -> None:
    assert rule_floor(mini_kb, {"back_pain": PRESENT}) is None


def test_a_firing_rule_sets_the_floor(mini_kb: KnowledgeBase) -> None:
    assert rule_floor(mini_kb, {"bladder_retention": PRESENT}) == "emergency"
    assert (
        rule_floor(mini_kb, {"bladder_retention": PRESENT, "slurred_speech": PRESENT})
        == "emergency_ambulance"
    )


def test_dont_know_never_fires_a_rule(mini_kb: KnowledgeBase) -> None:
    assert rule_floor(mini_kb, {"bladder_retention": UNKNOWN, "slurred_speech": UNKNOWN}) is None


def test_unless_acts_only_on_a_known_answer(mini_kb: KnowledgeBase) -> None:
    assert rule_floor(mini_kb, {"slurred_speech": PRESENT, "onset": "months"}) is None
    assert rule_floor(mini_kb, {"slurred_speech": PRESENT, "onset": UNKNOWN}) == "emergency_ambulance"
    assert rule_floor(mini_kb, {"slurred_speech": PRESENT}) == "emergency_ambulance"


def test_risk_layer_raises_above_a_benign_floor(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    evidence = {"onset": "sudden", "back_pain": ABSENT, "calf_swelling": ABSENT}
    post = posterior(mini_model, 85, "male", evidence)
    t = triage(mini_kb, mini_model, post, evidence)
    assert t.floor is None
    assert t.risk == "emergency_ambulance"
    assert "stroke" in t.risk_conditions
    assert t.level == "emergency_ambulance"


def test_risk_layer_never_lowers_the_floor(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    evidence = {"bladder_retention": PRESENT, "back_pain": PRESENT, "onset": "days"}
    post = posterior(mini_model, 30, "male", evidence)
    t = triage(mini_kb, mini_model, post, evidence)
    assert t.risk == "self_care"
    assert t.level == "emergency"


def test_unclear_picture_means_seeing_a_doctor(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    import numpy as np

    flat = np.array([0.05, 0.2, 0.2, 0.2])  # no condition reaches its threshold
    t = triage(mini_kb, mini_model, flat, {})
    assert t.risk == "consultation"


def test_dont_know_to_a_warning_sign_goes_on_watch_for(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    evidence = {"slurred_speech": UNKNOWN, "bladder_retention": ABSENT}
    post = posterior(mini_model, 50, "female", evidence)
    t = triage(mini_kb, mini_model, post, evidence)
    assert [r.id for r in t.watch_for] == ["speech_sudden"]


def test_a_rule_about_a_general_finding_fires_on_a_finding_that_refines_it(kb: KnowledgeBase) -> None:
    """'My feet tingle' is the stocking pattern only (one phrase, one finding); tingling rules still fire."""
    from legweak.engine.triage import fired_rules, for_rules

    refining = next(f for f in kb.findings.values() if "tingling" in f.refines)
    evidence = {refining.id: PRESENT}
    assert for_rules(kb, evidence)["tingling"] == PRESENT
    assert {r.id for r in fired_rules(kb, evidence)} >= {
        r.id for r in fired_rules(kb, {"tingling": PRESENT}) if not r.all or r.all[0].finding == "tingling"
    }
    assert for_rules(kb, {refining.id: PRESENT, "tingling": ABSENT})["tingling"] == ABSENT  # said outright


def test_a_refined_general_finding_is_not_asked_again(kb: KnowledgeBase) -> None:
    from legweak.engine.interview import skipped

    refining = next(f for f in kb.findings.values() if "tingling" in f.refines)
    assert "tingling" in skipped(kb, {refining.id: PRESENT})
    assert "tingling" not in skipped(kb, {refining.id: ABSENT})


def test_a_follow_up_of_a_no_does_not_hold_a_screen_open(kb: KnowledgeBase) -> None:
    """A follow-up is never asked when its parent was answered no, so it cannot leave a screen open."""
    follow_ups = [f for f in kb.findings.values() if f.requires is not None]
    screened = {fid for screen in kb.red_flags.screens for fid in screen.findings}
    follow = next(f for f in follow_ups if f.id in screened)
    assert follow.requires is not None
    everything_no = {
        fid: ("absent" if kb.findings[fid].type == "binary" else kb.findings[fid].values[0])
        for screen in kb.red_flags.screens
        for fid in screen.findings
    }
    without = {k: v for k, v in everything_no.items() if k != follow.id}
    without[follow.requires] = "absent"
    assert follow.id not in open_screen_items(kb, without)
    without[follow.requires] = "present"
    assert follow.id in open_screen_items(kb, without)
