"""Safety under uncertainty (shared/RED-FLAGS.md, last paragraph), over generated answers.

- where a warning sign is present and only its qualifiers (onset, side,
  course, duration) are "don't know", the level is at least consultation_24;
- self-care only when every sentence of the opening text was understood and the
  screen questions left "don't know" hide less than `unscreened_risk_max` of an
  urgent sign that a cause on the differential explains;
- a benign text with every question answered "don't know" stays at
  consultation or below (no alarm from not knowing alone).
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from legweak.engine.model import PRESENT, UNKNOWN, Model
from legweak.engine.posterior import posterior
from legweak.engine.triage import DESCRIPTIVE, PARTLY_KNOWN_LEVEL, rank, triage, unscreened_risk
from legweak.kb.loader import load_kb
from legweak.kb.schema import Clause, RedFlagRule
from legweak.service import DONT_KNOW, Checker

KB = load_kb()
URGENT = [
    r
    for r in KB.red_flags.rules
    if rank(r.level) < rank(PARTLY_KNOWN_LEVEL) and len([*r.all, *r.any[:1]]) >= 2
]
RULE_FINDINGS = sorted({c.finding for r in KB.red_flags.rules for c in [*r.all, *r.any, *r.unless]})
BENIGN_TEXTS = [
    "My legs feel tired after a long walk.",
    "My thighs ache after the gym yesterday.",
    "I get cramp in my calves at night.",
    "My legs feel heavy at the end of a long day at work.",
    "I have been feeling a bit run down and my legs are tired.",
    "My knees are stiff in the morning.",
]


def _holding(clause: Clause) -> str:
    return clause.value[0] if clause.value else PRESENT


SIGNS = {f for screen in KB.red_flags.screens for f in screen.findings} - DESCRIPTIVE


def _categorical(clause: Clause) -> bool:
    return KB.findings[clause.finding].type == "categorical"


@st.composite
def half_known(draw: st.DrawFn) -> tuple[RedFlagRule, dict[str, str]]:
    """A rule whose sign is present and some of whose qualifiers (onset, side, ...) are "don't know"."""
    rule = draw(st.sampled_from(URGENT))
    pattern = [*rule.all, *rule.any[:1]]
    qualifiers = [n for n, c in enumerate(pattern) if _categorical(c)]
    assume(qualifiers)
    unknown = draw(st.lists(st.sampled_from(qualifiers), min_size=1, unique=True))
    evidence = {pattern[n].finding: UNKNOWN for n in unknown}
    for n, clause in enumerate(pattern):
        if n not in unknown:
            evidence.setdefault(clause.finding, _holding(clause))
    assume(all(evidence[c.finding] != UNKNOWN for n, c in enumerate(pattern) if n not in unknown))
    # Which legs and how long describe every weakness: the known part must be a warning sign.
    assume(any(c.finding in SIGNS for n, c in enumerate(pattern) if n not in unknown))
    # An unknown onset is no half of a sudden sign unless the onset itself is what is known.
    assume(all(pattern[n].finding != "onset" for n in unknown))
    return rule, evidence


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=half_known(), age=st.integers(16, 100))
def test_a_half_known_warning_sign_is_at_least_consultation_24(
    model: Model, case: tuple[RedFlagRule, dict[str, str]], age: int
) -> None:
    rule, evidence = case
    if any(evidence.get(c.finding) not in (None, UNKNOWN) for c in rule.unless):
        return  # a known exception applies: the rule's lower level is the right one
    post = posterior(model, age, "female", evidence)
    assert rank(triage(KB, model, post, evidence).level) <= rank(PARTLY_KNOWN_LEVEL), (rule.id, evidence)


def answer_sets() -> st.SearchStrategy[dict[str, str]]:
    def one(fid: str) -> st.SearchStrategy[str | None]:
        return st.one_of(st.none(), st.sampled_from([*KB.findings[fid].values, UNKNOWN]))

    return st.fixed_dictionaries({f: one(f) for f in RULE_FINDINGS}).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(evidence=answer_sets(), understood=st.booleans())
def test_self_care_needs_screens_answered_and_the_text_understood(
    model: Model, evidence: dict[str, str], understood: bool
) -> None:
    post = posterior(model, 40, "male", evidence)
    t = triage(KB, model, post, evidence, text_understood=understood)
    if t.level == "self_care":
        assert understood
        assert unscreened_risk(KB, model, post, evidence) < KB.settings.unscreened_risk_max


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=st.sampled_from(BENIGN_TEXTS), age=st.integers(18, 80), sex=st.sampled_from(["female", "male"]))
def test_a_benign_text_answered_dont_know_throughout_stays_at_consultation_or_below(
    text: str, age: int, sex: str
) -> None:
    checker = Checker(KB)
    session = checker.start(age, sex, text)
    while (question := checker.next_question(session)) is not None:
        checker.answer(session, question.id, dict.fromkeys(question.finding_ids, DONT_KNOW))
    assert rank(checker.result(session).triage.level) >= rank("consultation")
