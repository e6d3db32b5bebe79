"""The next question: red-flag screens first, then the most informative question."""

from __future__ import annotations

import numpy as np

from legweak.engine.interview import (
    ambulance_signs,
    best_finding,
    decide,
    expected_gains,
    pending_screen,
    skipped,
)
from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model
from legweak.engine.posterior import posterior
from legweak.kb.loader import KnowledgeBase


def entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def brute_force_gain(model: Model, age: int, sex: str, evidence: dict[str, str], fid: str) -> float:
    """Expected entropy drop by enumerating answers, with no sparse algebra."""
    post = posterior(model, age, sex, evidence)  # type: ignore[arg-type]
    expected = 0.0
    for value in model.values[fid]:
        lik = np.exp(model.log_likelihood(fid, value))
        p_answer = float(post @ lik)
        after = posterior(model, age, sex, {**evidence, fid: value})  # type: ignore[arg-type]
        expected += p_answer * entropy(after)
    return entropy(post) - expected


def test_sparse_gain_equals_brute_force(mini_model: Model) -> None:
    for evidence in ({}, {"onset": "sudden"}, {"back_pain": PRESENT, "onset": "days"}):
        post = posterior(mini_model, 55, "female", evidence)
        gains = expected_gains(mini_model, post, danger_weight=0.0)
        for i, fid in enumerate(mini_model.finding_ids):
            if fid in evidence:
                continue  # an answered finding is never asked again
            want = brute_force_gain(mini_model, 55, "female", evidence, fid)
            assert abs(gains[i] - want) < 1e-9, fid


def test_danger_weight_only_adds(mini_model: Model) -> None:
    post = posterior(mini_model, 55, "female", {})
    plain = expected_gains(mini_model, post, 0.0)
    weighted = expected_gains(mini_model, post, 2.0)
    assert (weighted >= plain - 1e-12).all()


def test_red_flag_screen_comes_first_as_one_group(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    post = posterior(mini_model, 40, "male", {})
    decision = decide(mini_kb, mini_model, post, {}, asked=0)
    assert decision.question is not None
    assert decision.question.red_flag
    assert decision.question.kind == "group"
    assert set(decision.question.finding_ids) == {"bladder_retention", "slurred_speech"}


def test_answered_dont_know_is_not_asked_again(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    evidence = {"bladder_retention": ABSENT, "slurred_speech": UNKNOWN}
    post = posterior(mini_model, 40, "male", evidence)
    decision = decide(mini_kb, mini_model, post, evidence, asked=1)
    assert decision.question is not None
    assert not decision.question.red_flag
    assert "slurred_speech" not in decision.question.finding_ids


def test_emergency_red_flag_ends_the_interview(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    evidence = {"slurred_speech": PRESENT, "onset": "sudden"}
    post = posterior(mini_model, 70, "male", evidence)
    decision = decide(mini_kb, mini_model, post, evidence, asked=1)
    assert decision.question is None
    assert decision.stop_reason == "emergency warning sign"


def test_an_emergency_rules_open_exception_is_asked_directly_first(
    mini_kb: KnowledgeBase, mini_model: Model
) -> None:
    """Slurred speech fires the ambulance rule unless it began months ago: that is asked, not guessed."""
    evidence = {"slurred_speech": PRESENT}
    post = posterior(mini_model, 70, "male", evidence)
    decision = decide(mini_kb, mini_model, post, evidence, asked=1)
    assert decision.question is not None and decision.question.id == "onset"
    assert decision.question.red_flag


def test_an_emergency_rule_without_exception_stops_at_once(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    evidence = {"slurred_speech": PRESENT, "bladder_retention": PRESENT}
    post = posterior(mini_model, 70, "male", evidence)
    assert decide(mini_kb, mini_model, post, evidence, asked=1).question is None


def test_stops_at_the_cap(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    post = posterior(mini_model, 40, "male", {})
    decision = decide(mini_kb, mini_model, post, {}, asked=3, max_questions=3)
    assert decision.question is None
    assert decision.stop_reason is not None and "limit" in decision.stop_reason


def test_grouped_findings_share_one_question(mini_kb: KnowledgeBase, mini_model: Model) -> None:
    evidence = {"bladder_retention": ABSENT, "slurred_speech": ABSENT, "onset": "days"}
    post = posterior(mini_model, 40, "female", evidence)
    decision = decide(mini_kb, mini_model, post, evidence, asked=2)
    assert decision.question is not None
    assert decision.question.kind == "group"
    assert set(decision.question.finding_ids) == {"back_pain", "calf_swelling"}


def test_an_unclear_text_makes_every_screen_relevant(kb: KnowledgeBase) -> None:
    general = next(s for s in kb.red_flags.screens if not s.ask_if)
    answered = {f: ("absent" if kb.findings[f].type == "binary" else "unknown") for f in general.findings}
    assert pending_screen(kb, answered) is None
    screen = pending_screen(kb, answered, unclear=True)
    assert screen is not None and screen.red_flag and screen.unclear


def test_a_follow_up_of_no_is_never_asked(kb: KnowledgeBase, model: Model) -> None:
    evidence = {"back_pain": "absent"}
    assert {"back_pain_night", "thoracic_back_pain"} <= skipped(kb, evidence)
    closed = skipped(kb, evidence)
    while True:
        post = posterior(model, 60, "male", evidence)
        best, _ = best_finding(model, post, evidence, 1.0, closed)
        if best < 0:
            break
        assert model.finding_ids[best] not in closed
        evidence[model.finding_ids[best]] = UNKNOWN


def test_at_an_emergency_floor_questions_that_tell_causes_apart_go_on_while_the_cause_is_unclear() -> None:
    """The advice is settled, but the emergency team reads a clearer list of causes."""
    from legweak.kb.loader import load_kb
    from legweak.service import DONT_KNOW, Checker, option_id

    kb = load_kb()
    checker = Checker(kb)
    session = checker.start(50, "male", "Since this morning I cannot stand up at all, my legs just fold.")
    after_floor = []
    while (question := checker.next_question(session)) is not None:
        if checker.result(session).triage.rule_floor == "emergency":
            after_floor.append(question)
        answers = {
            f: option_id("absent") if kb.findings[f].type == "binary" else DONT_KNOW
            for f in question.finding_ids
        }
        checker.answer(session, question.id, answers)
    result = checker.result(session)
    assert result.triage.level == "emergency"
    assert after_floor[0].red_flag  # the ambulance signs come first
    assert any(not q.red_flag for q in after_floor)
    assert result.questions_asked <= kb.settings.emergency_max_questions


def test_a_likely_but_mild_cause_does_not_end_an_emergency_interview(kb: KnowledgeBase, model: Model) -> None:
    """Fever and back pain set `emergency`; a flu that leads the list cannot explain them.

    However likely the flu looks, the interview goes on asking what tells the causes
    apart (a spinal infection would explain the sign), up to `emergency_max_questions`.
    """
    evidence = {"fever": PRESENT, "back_pain": PRESENT, "side": "both_legs", "muscle_pain": PRESENT}
    evidence.update(dict.fromkeys(ambulance_signs(kb), ABSENT))  # the ambulance screen answered
    post = posterior(model, 30, "male", evidence)
    lead = model.condition_ids[int(np.argmax(post))]
    assert kb.conditions[int(np.argmax(post))].urgency not in ("emergency", "emergency_ambulance"), lead
    assert float(post.max()) >= kb.settings.emergency_clear  # clear by probability alone
    decision = decide(kb, model, post, evidence, asked=2)
    assert decision.question is not None
    assert not decision.question.red_flag


def test_a_racing_heart_makes_the_potassium_screen_relevant(kb: KnowledgeBase) -> None:
    """Palpitations are half of two potassium rules: kidney disease and potassium-raising pills are asked."""
    from legweak.engine.triage import clause_holds

    screen = next(s for s in kb.red_flags.screens if s.id == "potassium")
    evidence = {"palpitations": PRESENT, "side": "both_legs"}
    assert any(clause_holds(c, evidence) for c in screen.ask_if)
    assert {"kidney_dialysis", "potassium_raising_drug"} <= set(screen.findings)
