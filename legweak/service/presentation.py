"""What a person reads: one statement per warning sign, the causes that matter, words not weights.

The engine reports everything it found, for audit and for the evaluation; a
person needs a result that reads right. These choices are made once here, in
the service, so the terminal, the API and a web page show the same thing:

- **One statement per warning sign.** Several rules can describe one sign at
  different times (new, over days, long-standing) or at different widths (sudden
  weakness; sudden weakness of one side). A rule's sign is the set of answers
  that made it fire; two fired rules whose signs contain one another are one
  sign, and the more urgent rule speaks for it. A "watch for" line is dropped
  when a fired rule already speaks for its sign, and watch lines are grouped the
  same way by the answers their rules read.
- **No internal notes.** A parenthesised sentence of its own inside a rule's
  reason ("(Sudden weakness of one side calls an ambulance; ...)") is a note to
  reviewers, not to the person, and is left out. A short aside that names a
  term, such as "(DVT)", stays.
- **The causes that justify an urgent level lead.** When the level is urgent,
  causes at least as urgent as the level come first; a cause whose explanation
  reassures (`Condition.reassures`) is shown with a neutral line instead, so a
  result that says "go to hospital" never says "this goes away by itself".
  Causes under 1 % are not shown to the person.
- **Reasons in words.** "makes this more likely", "strongly makes this less
  likely"; the weights stay in the JSON for whoever wants them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

# The levels at which a person is sent straight to the emergency advice (re-exported for adapters).
from legweak.engine.triage import EMERGENCY_LEVELS as EMERGENCY_LEVELS
from legweak.engine.triage import clause_holds
from legweak.kb.schema import SITES, TRIAGE_LEVELS, Clause, Condition, RedFlagRule, Site, TriageLevel

#: Levels at which a reassuring explanation is never shown.
URGENT_LEVELS: frozenset[TriageLevel] = frozenset({"emergency_ambulance", "emergency", "consultation_24"})
#: Causes less likely than this are not shown to the person (they stay in the JSON).
MIN_SHOWN_PROBABILITY = 0.01
#: At most this many causes are shown to the person.
SHOWN_CAUSES = 5
#: A reason whose weight (natural log-likelihood ratio) reaches this is "strong": about 4.5 times.
STRONG_WEIGHT = 1.5

#: A cause at least this likely is "likely"; at least POSSIBLE, "possible"; below, "less likely".
LIKELY = 0.3
POSSIBLE = 0.1

#: Where the problem may lie, in words a clinician and a person both read.
SITE_LABELS: dict[Site, str] = {
    "brain": "Brain",
    "spinal_cord": "Spinal cord",
    "nerve_root": "Nerve roots (where nerves leave the spine)",
    "peripheral_nerve": "Nerves of the legs (peripheral nerves)",
    "muscle": "Muscles",
    "blood_supply": "Blood supply",
    "whole_body": "Whole body (blood salts, hormones, infection, tiredness)",
    "unknown": "Another cause not listed",
}

WITHHELD_EXPLANATION = (
    "This can make legs weak too, but it does not explain the warning signs in your answers."
)
WITHHELD_ADVICE = "Follow the advice at the top first."

# A parenthesis that opens with a capital and holds a full stop or semicolon is a
# sentence of its own: a note, not an aside that names a term.
_NOTE = re.compile(r"\s*\((?=[A-Z])[^()]*[.;][^()]*\)")

Atom = tuple[str, str]


def rank(level: TriageLevel) -> int:
    return TRIAGE_LEVELS.index(level)


def person_text(text: str) -> str:
    """A rule's text without notes to reviewers."""
    return re.sub(r"\s{2,}", " ", _NOTE.sub("", text)).strip()


def effect_words(weight: float) -> str:
    """What an answer did to a cause, in words."""
    direction = "more" if weight > 0 else "less"
    strength = "strongly " if abs(weight) >= STRONG_WEIGHT else ""
    return f"{strength}makes this {direction} likely"


def _atoms(clause: Clause, evidence: Mapping[str, str] | None) -> set[Atom]:
    if evidence is not None:
        return {(clause.finding, evidence[clause.finding])}
    if clause.value is not None:
        return {(clause.finding, value) for value in clause.value}
    return {(clause.finding, "present")}


def fired_sign(rule: RedFlagRule, evidence: Mapping[str, str]) -> frozenset[Atom]:
    """The answers that made a fired rule fire."""
    held = [c for c in [*rule.all, *rule.any] if clause_holds(c, evidence)]
    return frozenset(a for c in held for a in _atoms(c, evidence))


#: Each rule's sign, worked out once: a result asks for the signs of most rules (would_raise).
#: Keyed by the rule object's id, with the rule kept, so an id is never reused while kept.
_SIGNS: dict[int, tuple[RedFlagRule, frozenset[Atom]]] = {}


def rule_sign(rule: RedFlagRule) -> frozenset[Atom]:
    """Every answer a rule can fire on."""
    kept = _SIGNS.get(id(rule))
    if kept is not None and kept[0] is rule:
        return kept[1]
    sign = frozenset(a for c in [*rule.all, *rule.any] for a in _atoms(c, None))
    _SIGNS[id(rule)] = (rule, sign)
    return sign


def _nested(a: frozenset[Atom], b: frozenset[Atom]) -> bool:
    return a <= b or b <= a


def one_per_sign(rules: Iterable[RedFlagRule], sign: Mapping[str, frozenset[Atom]]) -> list[RedFlagRule]:
    """The most urgent rule for each sign; of two equally urgent, the one that says more."""
    ordered = sorted(rules, key=lambda r: (rank(r.level), -len(sign[r.id])))
    kept: list[RedFlagRule] = []
    for rule in ordered:
        if not any(_nested(sign[rule.id], sign[k.id]) for k in kept):
            kept.append(rule)
    return kept


def shown_red_flags(fired: Sequence[RedFlagRule], evidence: Mapping[str, str]) -> list[RedFlagRule]:
    return one_per_sign(fired, {r.id: fired_sign(r, evidence) for r in fired})


def shown_watch_for(watch: Sequence[RedFlagRule], fired: Sequence[RedFlagRule]) -> list[RedFlagRule]:
    """Watch lines for signs no fired rule speaks for, one per sign."""
    spoken = [rule_sign(r) for r in fired]
    open_signs = [r for r in watch if not any(_nested(rule_sign(r), s) for s in spoken)]
    return _one_line_each(one_per_sign(open_signs, {r.id: rule_sign(r) for r in open_signs}))


def justifies(condition: Condition, level: TriageLevel, risk_conditions: Iterable[str]) -> bool:
    """A cause that on its own calls for this level of care or a more urgent one."""
    return condition.id in set(risk_conditions) or (
        not condition.catch_all and rank(condition.urgency) <= rank(level)
    )


def causes_shown(
    ranked: Sequence[tuple[Condition, float]], level: TriageLevel, risk_conditions: Iterable[str]
) -> list[str]:
    """The ids of the causes a person sees, in the order they see them."""
    visible = [(c, p) for c, p in ranked if p >= MIN_SHOWN_PROBABILITY]
    if level in URGENT_LEVELS:
        risk = list(risk_conditions)
        lead = [pair for pair in visible if justifies(pair[0], level, risk)]
        visible = lead + [pair for pair in visible if pair not in lead]
    return [c.id for c, _ in visible[:SHOWN_CAUSES]]


def withholds_reassurance(condition: Condition, level: TriageLevel) -> bool:
    return level in URGENT_LEVELS and condition.reassures


def likelihood_word(probability: float) -> str:
    """How likely a cause is, in the words a person is shown instead of a number."""
    if probability >= LIKELY:
        return "likely"
    if probability >= POSSIBLE:
        return "possible"
    return "less likely"


def by_site(conditions: Sequence[Condition], posterior: Sequence[float]) -> list[tuple[Site, float]]:
    """The posterior summed by each condition's site, most likely first (ties in `SITES` order)."""
    total = dict.fromkeys(SITES, 0.0)
    for condition, p in zip(conditions, posterior, strict=True):
        total[condition.site] += p
    return sorted(total.items(), key=lambda pair: -pair[1])


def would_raise(
    rules: Sequence[RedFlagRule], fired: Sequence[RedFlagRule], level: TriageLevel
) -> list[RedFlagRule]:
    """Warning signs not present that would make the advice more urgent, one per sign, most urgent first.

    This is the safety-net: what should bring the person back, or to care, sooner. Only
    rules with a `watch_text` speak here: it is written as advice to a person ("Call an
    ambulance if ..."), where a bare sign such as a blood-test level is not.
    """
    fired_ids = {r.id for r in fired}
    higher = [r for r in rules if r.watch_text and rank(r.level) < rank(level) and r.id not in fired_ids]
    return _one_line_each(one_per_sign(higher, {r.id: rule_sign(r) for r in higher}))


def _one_line_each(rules: Sequence[RedFlagRule]) -> list[RedFlagRule]:
    """Rules whose line for the person differs: two signs with one watch line show it once."""
    seen: set[str] = set()
    out: list[RedFlagRule] = []
    for rule in rules:
        text = rule.watch_text or rule.sign
        if text not in seen:
            seen.add(text)
            out.append(rule)
    return out
