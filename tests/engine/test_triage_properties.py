"""Properties of the real red-flag rules, over generated answer sets (hypothesis).

- adding a present warning sign never lowers the rule floor;
- the final level is never below the floor, whatever the posterior says;
- any answer set with an emergency red flag yields an emergency level.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legweak.engine.model import PRESENT, UNKNOWN, Model
from legweak.engine.posterior import posterior
from legweak.engine.triage import EMERGENCY_LEVELS, rank, rule_floor, triage
from legweak.kb.loader import KnowledgeBase, load_kb

KB = load_kb()
RULE_FINDINGS = sorted({c.finding for r in KB.red_flags.rules for c in [*r.all, *r.any, *r.unless]})
BINARY_RULE_FINDINGS = [f for f in RULE_FINDINGS if KB.findings[f].type == "binary"]


def answer_sets() -> st.SearchStrategy[dict[str, str]]:
    def one(fid: str) -> st.SearchStrategy[str | None]:
        values = [*KB.findings[fid].values, UNKNOWN]
        return st.one_of(st.none(), st.sampled_from(values))

    return st.fixed_dictionaries({f: one(f) for f in RULE_FINDINGS}).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


def floor_rank(kb: KnowledgeBase, evidence: dict[str, str]) -> int:
    floor = rule_floor(kb, evidence)
    return rank(floor) if floor is not None else 5


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(evidence=answer_sets(), extra=st.sampled_from(BINARY_RULE_FINDINGS))
def test_more_red_flags_never_lower_floor(evidence: dict[str, str], extra: str) -> None:
    more = {**evidence, extra: PRESENT}
    assert floor_rank(KB, more) <= floor_rank(KB, evidence)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    evidence=answer_sets(),
    age=st.integers(16, 120),
    sex=st.sampled_from(["female", "male"]),
)
def test_final_level_never_below_floor(model: Model, evidence: dict[str, str], age: int, sex: str) -> None:
    post = posterior(model, age, sex, evidence)  # type: ignore[arg-type]
    t = triage(KB, model, post, evidence)
    if t.floor is not None:
        assert rank(t.level) <= rank(t.floor)
    assert rank(t.level) <= rank(t.risk)


@settings(
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(evidence=answer_sets(), age=st.integers(16, 120))
def test_emergency_red_flag_means_emergency(model: Model, evidence: dict[str, str], age: int) -> None:
    post = posterior(model, age, "female", evidence)
    t = triage(KB, model, post, evidence)
    if any(r.level in EMERGENCY_LEVELS for r in t.fired):
        assert t.level in EMERGENCY_LEVELS


def test_every_rule_can_fire() -> None:
    """No rule is dead: setting its clauses as written makes it fire."""
    for rule in KB.red_flags.rules:
        evidence: dict[str, str] = {}
        for clause in rule.all:
            evidence[clause.finding] = (
                clause.value[0] if clause.value else ("absent" if clause.absent else PRESENT)
            )
        if rule.any:
            c = rule.any[0]
            evidence[c.finding] = c.value[0] if c.value else ("absent" if c.absent else PRESENT)
        floor = rule_floor(KB, evidence)
        assert floor is not None and rank(floor) <= rank(rule.level), rule.id
