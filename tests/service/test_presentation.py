"""A result that reads right: one statement per sign, no notes, urgent causes first, words not weights."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from legweak.engine.triage import fired_rules, rank
from legweak.kb.loader import KnowledgeBase, load_kb
from legweak.service import Checker, Result
from legweak.service.presentation import (
    MIN_SHOWN_PROBABILITY,
    URGENT_LEVELS,
    WITHHELD_EXPLANATION,
    effect_words,
    fired_sign,
    likelihood_word,
    person_text,
    shown_red_flags,
)

KB = load_kb()
STROKE_VERSIONS = {"stroke_signs_sudden", "stroke_signs_days", "stroke_signs_longstanding"}
REASSURING = re.compile(
    r"by (itself|themselves)|on (its|their) own|goes away|harmless|nothing to worry|not serious|"
    r"usually gets? better|gets? better when",
    re.IGNORECASE,
)
RULE_FINDINGS = sorted({c.finding for r in KB.red_flags.rules for c in [*r.all, *r.any, *r.unless]})


def answers_for(kb: KnowledgeBase) -> st.SearchStrategy[dict[str, str]]:
    values = {fid: [*kb.findings[fid].values, "unknown"] for fid in RULE_FINDINGS}
    return st.dictionaries(st.sampled_from(RULE_FINDINGS), st.none()).flatmap(
        lambda keys: st.fixed_dictionaries({fid: st.sampled_from(values[fid]) for fid in keys})
    )


# -- one statement per warning sign ------------------------------------------------------


def test_the_new_over_days_and_long_standing_versions_of_a_sign_are_one_statement(checker: Checker) -> None:
    res = checker.assess(60, "female", present=["speech_difficulty"])
    assert set(res.fired_rules) >= STROKE_VERSIONS
    assert [f.id for f in res.red_flags if f.id in STROKE_VERSIONS] == ["stroke_signs_sudden"]


def test_a_general_sign_gives_way_to_the_more_urgent_one_it_is_part_of(checker: Checker) -> None:
    res = checker.assess(70, "male", answers={"onset": "sudden", "side": "one_leg"})
    assert {"sudden_weakness", "one_side_sudden"} <= set(res.fired_rules)
    assert [f.id for f in res.red_flags] == ["one_side_sudden"]


def test_a_watch_line_is_not_shown_for_a_sign_a_fired_rule_speaks_for(checker: Checker) -> None:
    res = checker.assess(
        60, "female", present=["speech_difficulty"], unknown=["vision_loss"], answers={"onset": "days"}
    )
    assert "stroke_signs_days" in {f.id for f in res.red_flags}
    assert "stroke_signs_sudden" not in {w.id for w in res.watch_for}


@settings(max_examples=150, deadline=None)
@given(answers_for(KB))
def test_every_fired_rule_is_spoken_for_by_one_at_least_as_urgent(answers: dict[str, str]) -> None:
    fired = fired_rules(KB, answers)
    shown = shown_red_flags(fired, answers)
    signs = {r.id: fired_sign(r, answers) for r in fired}
    for rule in fired:
        assert any(
            rank(s.level) <= rank(rule.level)
            and (signs[s.id] <= signs[rule.id] or signs[rule.id] <= signs[s.id])
            for s in shown
        ), rule.id
    for a in shown:
        for b in shown:
            if a.id != b.id:
                assert not (signs[a.id] <= signs[b.id]), (a.id, b.id)
    if fired:
        assert min(rank(r.level) for r in shown) == min(rank(r.level) for r in fired)


# -- no internal notes ----------------------------------------------------------------------


def test_no_rule_reason_shown_to_a_person_carries_a_note_to_reviewers(kb: KnowledgeBase) -> None:
    for rule in kb.red_flags.rules:
        shown = person_text(rule.reason)
        assert not re.search(r"\([A-Z][^()]*[.;][^()]*\)", shown), rule.id
        assert "covered by the other" not in shown and " rule" not in shown.lower(), rule.id


def test_a_note_is_left_out_but_an_aside_that_names_a_term_stays() -> None:
    note = (
        "Weakness can be a stroke. (Sudden weakness of one side calls an ambulance; both legs are covered.)"
    )
    assert person_text(note) == "Weakness can be a stroke."
    assert (
        person_text("It can be a blood clot (DVT) or an infection.")
        == "It can be a blood clot (DVT) or an infection."
    )


def test_the_sudden_weakness_reason_reaches_the_person_without_its_note(checker: Checker) -> None:
    res = checker.assess(50, "female", answers={"onset": "sudden"})
    flag = next(f for f in res.red_flags if f.id == "sudden_weakness")
    assert "(" not in flag.reason and "calls an ambulance" not in flag.reason


# -- the causes shown --------------------------------------------------------------------------


def shown(res: Result) -> list[tuple[str, str, float, str]]:
    by_id = {c.id: c for c in res.conditions}
    return [(c.id, c.urgency, c.probability, c.explanation) for c in (by_id[i] for i in res.causes_shown)]


URGENT_CASES = [
    {"present": ["heavy_exercise", "muscle_pain", "cola_urine"]},
    {"present": ["back_strain", "leg_pain_radiating", "back_pain", "urinary_retention"]},
    {"present": ["heavy_exercise", "leg_swelling"]},
    {"present": ["recent_infection", "fever", "back_pain"]},
]


def test_when_the_level_is_urgent_the_causes_that_justify_it_lead(checker: Checker) -> None:
    for case in URGENT_CASES:
        res = checker.assess(45, "male", **case)
        assert res.level in URGENT_LEVELS, case
        ranks = [rank(urgency) <= rank(res.level) for _, urgency, _, _ in shown(res)]
        assert ranks == sorted(ranks, reverse=True), (case, shown(res))


def test_an_urgent_result_never_calls_a_cause_harmless(checker: Checker, kb: KnowledgeBase) -> None:
    withheld = 0
    for case in URGENT_CASES:
        res = checker.assess(45, "male", **case)
        for cid, _, _, explanation in shown(res):
            assert not REASSURING.search(explanation), (case, cid, explanation)
            withheld += explanation == WITHHELD_EXPLANATION
        for cond in res.conditions:
            if kb.condition(cond.id).reassures:
                assert cond.explanation == WITHHELD_EXPLANATION
    assert withheld, "some urgent case shows a benign cause, with its reassurance withheld"


def test_a_routine_result_keeps_the_reassuring_explanation(checker: Checker, kb: KnowledgeBase) -> None:
    res = checker.assess(30, "male", present=["heavy_exercise", "muscle_pain"], absent=["cola_urine"])
    assert res.level not in URGENT_LEVELS
    top = res.conditions[0]
    assert top.explanation == kb.condition(top.id).explanation


def test_every_reassuring_explanation_is_known_to_reassure(kb: KnowledgeBase) -> None:
    for cond in kb.conditions:
        if REASSURING.search(cond.explanation):
            assert cond.reassures, f"{cond.id}: set `reassuring: true` so an urgent result withholds its text"


def test_causes_under_one_percent_are_not_shown_but_stay_in_the_json(checker: Checker) -> None:
    res = checker.assess(72, "male", answers={"onset": "sudden", "side": "one_leg"}, present=["arm_weakness"])
    assert res.causes_shown
    assert all(p >= MIN_SHOWN_PROBABILITY for _, _, p, _ in shown(res))
    assert any(c.probability < MIN_SHOWN_PROBABILITY for c in res.conditions)


def test_reasons_are_in_words_and_keep_their_weights_for_json(checker: Checker) -> None:
    res = checker.assess(30, "male", present=["heavy_exercise", "muscle_pain"])
    reasons = [r for c in res.conditions for r in c.reasons]
    assert reasons
    for r in reasons:
        assert r.effect == effect_words(r.weight)
        assert ("more likely" in r.effect) == (r.weight > 0)
    assert effect_words(2.0) == "strongly makes this more likely"
    assert effect_words(-0.4) == "makes this less likely"
    assert "weight" in res.to_dict()["conditions"][0]["reasons"][0]


# -- no follow-up of a "no" --------------------------------------------------------------------


def test_a_follow_up_is_not_asked_after_no(checker: Checker) -> None:
    session = checker.start(60, "male", "Both my legs are weak.")
    asked: list[str] = []
    while (question := checker.next_question(session)) is not None:
        for item in question.items:
            assert not (item.id == "back_pain_night" and session.evidence.get("back_pain") == "absent")
        asked += question.finding_ids
        value = "dont_know" if question.type == "choice" else "no"
        checker.answer(session, question.id, dict.fromkeys(question.finding_ids, value))
    assert "back_pain" in asked
    assert "back_pain_night" not in session.evidence
    assert "thoracic_back_pain" not in session.evidence


def test_a_follow_up_answered_with_its_no_on_one_screen_is_not_counted(checker: Checker) -> None:
    session = checker.start(60, "male", "Both my legs are weak.")
    while (question := checker.next_question(session)) is not None:
        ids = question.finding_ids
        if "back_pain" in ids and "back_pain_night" in ids:
            night = next(i for i in question.items if i.id == "back_pain_night")
            assert night.requires == "back_pain"
            checker.answer(session, question.id, {"back_pain": "no", "back_pain_night": "yes"})
            break
        value = "dont_know" if question.type == "choice" else "no"
        checker.answer(session, question.id, dict.fromkeys(ids, value))
    else:
        raise AssertionError("no screen asked back pain and back pain at night together")
    assert session.evidence["back_pain"] == "absent"
    assert "back_pain_night" not in session.evidence
    checker.back(session)
    assert "back_pain" not in session.evidence


def test_the_posterior_summed_by_site_covers_every_condition(checker: Checker) -> None:
    result = checker.assess(70, "female", text="My left arm and leg went weak an hour ago.")
    assert abs(sum(s.probability for s in result.sites) - 1) < 1e-9
    shares = [s.probability for s in result.sites]
    assert shares == sorted(shares, reverse=True)
    assert result.sites[0].site == "brain"
    stroke = next(c for c in result.conditions if c.id == "stroke")
    assert stroke.site == "brain" and result.sites[0].probability >= stroke.probability


def test_the_safety_net_lists_only_signs_that_would_raise_the_level(checker: Checker) -> None:
    result = checker.assess(28, "female", text="After a long run yesterday my legs feel heavy and tired.")
    raised = {r.id for r in checker.kb.red_flags.rules if r.id in {w.id for w in result.would_raise}}
    levels = {r.id: r.level for r in checker.kb.red_flags.rules}
    assert raised and all(rank(levels[r]) < rank(result.level) for r in raised)
    assert not raised & set(result.fired_rules)
    assert all(w.text for w in result.would_raise)
    emergency = checker.assess(70, "female", text="My left arm and leg went weak an hour ago.")
    assert all(rank(levels[w.id]) < rank(emergency.level) for w in emergency.would_raise)


def test_likelihood_words_follow_the_thresholds() -> None:
    assert [likelihood_word(p) for p in (0.9, 0.3, 0.29, 0.1, 0.05)] == [
        "likely",
        "likely",
        "possible",
        "possible",
        "less likely",
    ]
