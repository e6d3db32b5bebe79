"""Triage: red-flag rules set a floor; the risk layer may only raise it.

Safety is a rule, not a probability. The floor comes from deterministic rules
over the answers; the posterior can make the level more urgent (a dangerous
cause that has become likely enough) but never less urgent than the floor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model
from legweak.kb.loader import KnowledgeBase
from legweak.kb.schema import TRIAGE_LEVELS, Clause, RedFlagRule, TriageLevel

EMERGENCY_LEVELS: frozenset[TriageLevel] = frozenset({"emergency_ambulance", "emergency"})


def rank(level: TriageLevel) -> int:
    """0 for the most urgent level, 4 for self-care."""
    return TRIAGE_LEVELS.index(level)


def most_urgent(levels: list[TriageLevel]) -> TriageLevel | None:
    if not levels:
        return None
    return TRIAGE_LEVELS[min(rank(level) for level in levels)]


def clause_holds(clause: Clause, evidence: Mapping[str, str]) -> bool:
    """True only on a known answer: 'don't know' or no answer never satisfies a clause."""
    answer = evidence.get(clause.finding)
    if answer is None or answer == UNKNOWN:
        return False
    if clause.value is not None:
        return answer in clause.value
    if clause.absent:
        return answer == ABSENT
    return answer == PRESENT


def accepted(clause: Clause) -> frozenset[str]:
    """The answers that satisfy a clause (never "don't know": see `clause_holds`)."""
    if clause.value is not None:
        return frozenset(clause.value) - {UNKNOWN}
    return frozenset({ABSENT if clause.absent else PRESENT})


Tests = tuple[tuple[str, frozenset[str]], ...]
#: Each rule's clauses as (finding, answers that satisfy it), worked out once: a result
#: tests the rules some hundreds of times, and this was most of a request's rule time.
#: Keyed by the rule object's id, with the rule kept, so an id is never reused while kept.
_TESTS: dict[int, tuple[RedFlagRule, Tests, Tests, Tests]] = {}


def _tests(rule: RedFlagRule) -> tuple[RedFlagRule, Tests, Tests, Tests]:
    kept = _TESTS.get(id(rule))
    if kept is not None and kept[0] is rule:
        return kept

    def tests(part: list[Clause]) -> Tests:
        return tuple((c.finding, accepted(c)) for c in part)

    made = (rule, tests(rule.all), tests(rule.any), tests(rule.unless))
    _TESTS[id(rule)] = made
    return made


def rule_fires(rule: RedFlagRule, evidence: Mapping[str, str]) -> bool:
    """Every `all` clause holds, one `any` clause holds (when it has any), no `unless` clause holds."""
    _, every, some, unless = _tests(rule)
    get = evidence.get
    for finding, ok in every:
        if get(finding) not in ok:
            return False
    if some and not any(get(finding) in ok for finding, ok in some):
        return False
    return not any(get(finding) in ok for finding, ok in unless)


def for_rules(kb: KnowledgeBase, evidence: Mapping[str, str]) -> Mapping[str, str]:
    """The answers as the rules read them: a present finding also stands for what it refines.

    The parser keeps one finding per phrase ("my feet tingle" is the stocking
    pattern, not also tingling), so the model does not count the same words
    twice. A rule about tingling must still fire on it: for the rules, a present
    specific finding makes each general finding it `refines` present, unless
    that finding was answered itself.
    """
    extra: dict[str, str] = {}
    for fid, value in evidence.items():
        finding = kb.findings.get(fid)
        if value != PRESENT or finding is None:
            continue
        for general in finding.refines:
            if evidence.get(general, UNKNOWN) == UNKNOWN:
                extra[general] = PRESENT
    return {**evidence, **extra} if extra else evidence


def fired_rules(kb: KnowledgeBase, evidence: Mapping[str, str]) -> list[RedFlagRule]:
    """Every rule that fires, most urgent first (stable within a level)."""
    evidence = for_rules(kb, evidence)
    fired = [r for r in kb.red_flags.rules if rule_fires(r, evidence)]
    return sorted(fired, key=lambda r: rank(r.level))


def rule_floor(kb: KnowledgeBase, evidence: Mapping[str, str]) -> TriageLevel | None:
    """The most urgent level any firing rule sets, or None when no rule fires."""
    return most_urgent([r.level for r in fired_rules(kb, evidence)])


def urgency_of(kb: KnowledgeBase, model: Model, i: int, evidence: Mapping[str, str]) -> int:
    """The rank of the level condition `i` calls for: its `milder` one once an answer shows it."""
    default = int(model.urgency[i])
    milder = kb.conditions[i].milder
    if milder is not None and any(clause_holds(c, evidence) for c in milder.when):
        return rank(milder.level)
    return default


def risk_level(
    kb: KnowledgeBase, model: Model, post: np.ndarray, evidence: Mapping[str, str] | None = None
) -> tuple[TriageLevel, list[str]]:
    """The level the differential alone calls for, and the conditions that set it.

    A condition counts once its posterior reaches the threshold for its urgency
    (lower thresholds for more urgent levels), the milder one when the answers show
    it. When nothing reaches its threshold the picture is unclear, and an unclear
    picture means seeing a doctor.
    """
    thresholds = kb.settings.risk
    counted: list[tuple[int, str]] = []
    for i, cid in enumerate(model.condition_ids):
        urgency = int(model.urgency[i]) if evidence is None else urgency_of(kb, model, i, evidence)
        if post[i] >= thresholds[TRIAGE_LEVELS[urgency]]:
            counted.append((urgency, cid))
    if not counted:
        return "consultation", []
    best = min(u for u, _ in counted)
    return TRIAGE_LEVELS[best], [cid for u, cid in counted if u == best]


#: The level a half-known warning sign sets (RED-FLAGS.md, last paragraph).
PARTLY_KNOWN_LEVEL: TriageLevel = "consultation_24"
#: The level an unscreened or not fully understood presentation sets instead of self-care.
UNSCREENED_LEVEL: TriageLevel = "consultation"


#: Answers every leg weakness has (which legs, how long): on their own they are no part of a sign.
DESCRIPTIVE = frozenset({"side", "duration"})
ONSET = "onset"


#: Each knowledge base's screen signs, worked out once (partly_met asks for them per rule).
#: Keyed by the knowledge base's id, with it kept, so an id is never reused while kept.
_SCREEN_SIGNS: dict[int, tuple[KnowledgeBase, frozenset[str]]] = {}


def screen_signs(kb: KnowledgeBase) -> frozenset[str]:
    """The findings the warning-sign screens ask about, less the descriptive ones."""
    kept = _SCREEN_SIGNS.get(id(kb))
    if kept is not None and kept[0] is kb:
        return kept[1]
    signs = frozenset(f for screen in kb.red_flags.screens for f in screen.findings) - DESCRIPTIVE
    _SCREEN_SIGNS[id(kb)] = (kb, signs)
    return signs


def partly_met(rule: RedFlagRule, evidence: Mapping[str, str], kb: KnowledgeBase) -> bool:
    """The sign is there and only its qualifiers (when, which side, which way) are "don't know".

    "Weakness came on suddenly, side: don't know" does not fire the one-sided
    stroke rule, but "don't know" is not reassurance: the level may not fall
    below `PARTLY_KNOWN_LEVEL`. Only a choice (onset, side, course, duration)
    answered "don't know" counts as the unknown rest of a sign; a separate
    yes/no sign that is unknown (fever, with back pain present) is a question
    of its own, and a known `unless` ends it. The part that is present must be
    a warning sign the screens ask about, not a risk (an infection, a medicine).
    """
    if rule_fires(rule, evidence) or any(clause_holds(c, evidence) for c in rule.unless):
        return False

    def qualifier_unknown(clause: Clause) -> bool:
        finding = kb.findings.get(clause.finding)
        return (
            finding is not None and finding.type == "categorical" and evidence.get(clause.finding) == UNKNOWN
        )

    pattern = [*rule.all, *([c for c in rule.any if clause_holds(c, evidence)] or rule.any[:1])]
    if not all(clause_holds(c, evidence) or qualifier_unknown(c) for c in pattern):
        return False
    signs = screen_signs(kb)
    held = [c for c in pattern if clause_holds(c, evidence) and c.finding in signs]
    unknown = [c for c in pattern if qualifier_unknown(c)]
    if not held or not unknown:
        return False
    # A known sudden onset with the side unknown is half a stroke sign; numbness
    # with the onset unknown is row 2's own sign, not half of the sudden one.
    return any(c.finding == ONSET for c in held) or not any(c.finding == ONSET for c in unknown)


def open_screen_items(kb: KnowledgeBase, evidence: Mapping[str, str]) -> list[str]:
    """The askable warning-sign questions of the relevant screens still without a known answer."""
    items: list[str] = []
    for screen in kb.red_flags.screens:
        if screen.ask_if and not any(clause_holds(c, evidence) for c in screen.ask_if):
            continue
        for fid in screen.findings:
            finding = kb.findings[fid]
            if finding.requires is not None and evidence.get(finding.requires) == ABSENT:
                continue  # a follow-up of a "no" is never asked, so it cannot be left open
            if finding.askable and evidence.get(fid, UNKNOWN) == UNKNOWN and fid not in items:
                items.append(fid)
    return items


def unscreened_risk(
    kb: KnowledgeBase,
    model: Model,
    post: np.ndarray,
    evidence: Mapping[str, str],
    fired: Iterable[RedFlagRule] | None = None,
) -> float:
    """The chance that the questions left "don't know" hide an urgent sign a likely cause explains.

    For each open question, each answer that would fire a new warning sign at
    `consultation_24` or above counts with the probability the differential
    gives it beyond the background rate: sum over causes of P(cause) times
    max(0, P(answer | cause) - P(answer | no listed cause)). The background
    part is left out on purpose: it is the same for every presentation, so it
    says nothing about this one, while a cause on the differential that
    produces the sign is exactly what the screen is there to catch. The sum
    over questions is an upper bound on the chance that any of them hides one.
    """
    # triage() passes the rules it has already fired; other callers get them computed here.
    done = {r.id for r in (fired_rules(kb, evidence) if fired is None else fired)}
    tables = _risk_tables(kb, model)
    total = 0.0
    for fid in open_screen_items(kb, evidence):
        # `evidence` is already as the rules read it; only this answer's generals are new.
        generals = [g for g in kb.findings[fid].refines if evidence.get(g, UNKNOWN) == UNKNOWN]
        rules = [r for f in (fid, *generals) for r in tables.by_finding.get(f, ()) if r.id not in done]
        if not rules:
            continue
        for value in model.values.get(fid, ()):
            trial = {**evidence, fid: value}
            if value == PRESENT:
                trial.update(dict.fromkeys(generals, PRESENT))
            if not any(rule_fires(r, trial) for r in rules):
                continue
            total += float(post @ tables.excess[(fid, value)])
    return total


@dataclass(frozen=True)
class _RiskTables:
    """What `unscreened_risk` reads that depends only on the knowledge base and its model."""

    #: finding id -> the rules above `UNSCREENED_LEVEL` it takes part in, in rule order.
    by_finding: dict[str, tuple[RedFlagRule, ...]]
    #: (finding, value) -> max(0, P(answer | cause) - P(answer | no listed cause)), per cause.
    excess: dict[tuple[str, str], np.ndarray]


#: Keyed by the ids of the knowledge base and the model, with both kept (ids are not reused).
_RISK_TABLES: dict[tuple[int, int], tuple[KnowledgeBase, Model, _RiskTables]] = {}


def _risk_tables(kb: KnowledgeBase, model: Model) -> _RiskTables:
    kept = _RISK_TABLES.get((id(kb), id(model)))
    if kept is not None and kept[0] is kb and kept[1] is model:
        return kept[2]
    by_finding: dict[str, list[RedFlagRule]] = {}
    for r in kb.red_flags.rules:
        if rank(r.level) < rank(UNSCREENED_LEVEL):
            for fid in {c.finding for c in [*r.all, *r.any]}:
                by_finding.setdefault(fid, []).append(r)
    excess = {}
    for (fid, value), col in model.column.items():
        above = np.maximum(np.exp(model.log_likelihood(fid, value)) - model.bg[col], 0.0)
        above.flags.writeable = False
        excess[(fid, value)] = above
    tables = _RiskTables({f: tuple(rules) for f, rules in by_finding.items()}, excess)
    _RISK_TABLES[(id(kb), id(model))] = (kb, model, tables)
    return tables


def uncertainty_floor(
    kb: KnowledgeBase,
    model: Model,
    post: np.ndarray,
    evidence: Mapping[str, str],
    *,
    text_understood: bool = True,
    fired: Iterable[RedFlagRule] | None = None,
) -> TriageLevel | None:
    """The minimum level that what is NOT known sets (RED-FLAGS.md, last paragraph).

    A half-known emergency sign sets `PARTLY_KNOWN_LEVEL`. Self-care needs every
    sentence of the opening text understood and the relevant screens answered:
    a screen question the differential makes relevant (its urgent sign is what
    a likely cause produces) must not be left "don't know", measured as
    `unscreened_risk` against the knowledge base's `unscreened_risk_max`.
    Otherwise the level is at least `UNSCREENED_LEVEL`.
    """
    urgent = [r for r in kb.red_flags.rules if rank(r.level) < rank(PARTLY_KNOWN_LEVEL)]
    if any(partly_met(r, evidence, kb) for r in urgent):
        return PARTLY_KNOWN_LEVEL
    if not text_understood:
        return UNSCREENED_LEVEL
    if unscreened_risk(kb, model, post, evidence, fired) >= kb.settings.unscreened_risk_max:
        return UNSCREENED_LEVEL
    return None


@dataclass(frozen=True)
class Triage:
    level: TriageLevel
    floor: TriageLevel | None
    risk: TriageLevel
    #: Conditions whose posterior set the risk level.
    risk_conditions: tuple[str, ...]
    fired: tuple[RedFlagRule, ...]
    #: Warning signs answered "don't know": the person should watch for them.
    watch_for: tuple[RedFlagRule, ...]
    #: The minimum level that unanswered or half-known signs set (None when all is known).
    uncertainty: TriageLevel | None = None


def triage(
    kb: KnowledgeBase,
    model: Model,
    post: np.ndarray,
    evidence: Mapping[str, str],
    *,
    text_understood: bool = True,
) -> Triage:
    evidence = for_rules(kb, evidence)
    fired = fired_rules(kb, evidence)
    floor = most_urgent([r.level for r in fired])
    risk, risk_conditions = risk_level(kb, model, post, evidence)
    unsure = uncertainty_floor(kb, model, post, evidence, text_understood=text_understood, fired=fired)
    level = most_urgent([lvl for lvl in (floor, risk, unsure) if lvl is not None])
    assert level is not None
    fired_ids = {r.id for r in fired}
    watch = tuple(
        r
        for r in kb.red_flags.rules
        if r.id not in fired_ids and any(evidence.get(f) == UNKNOWN for f in r.watch)
    )
    # One entry per sign: several rules (timing splits) may share a watch finding.
    seen: set[str] = set()
    unique = []
    for r in watch:
        key = r.watch_text or r.sign
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return Triage(level, floor, risk, tuple(risk_conditions), tuple(fired), tuple(unique), unsure)
