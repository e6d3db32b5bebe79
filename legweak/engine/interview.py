"""Which question to ask next, and when to stop.

Warning signs first: the red-flag screens that the answers so far make relevant,
several signs to a screen. A sentence of the opening text that was not understood
makes every screen relevant: it might be about any warning sign. A follow-up
question ("back pain at night") is never asked once the finding it follows was
answered "no". Then the question with the highest expected
information gain about the cause, plus (weighted) about the urgency class, so
that telling a dangerous cause from a benign one counts more than telling two
benign causes apart.

The expected gain of every finding is computed at once from the sparse columns
of the model: for an answer a with ratio r_ac = P(a|c) / P(a|background),

    Z_a = sum_c p_c r_ac = 1 + sum_listed p_c (r_ac - 1)
    sum_c q_c log q_c = [sum_c p_c log p_c + sum_listed p_c (r_ac - 1) log p_c
                          + sum_listed p_c r_ac log r_ac] / Z_a - log Z_a

so a step costs time in proportion to the number of figures in the knowledge
base, not conditions times findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from legweak.engine.model import ABSENT, PRESENT, Model
from legweak.engine.triage import EMERGENCY_LEVELS, clause_holds, rank, rule_fires, rule_floor
from legweak.kb.loader import KnowledgeBase
from legweak.kb.schema import TRIAGE_LEVELS, ScreenGroup

LN2 = float(np.log(2.0))
#: Urgency classes for the danger-weighted gain: emergent, non-emergent, self-care.
N_CLASSES = 3


@dataclass(frozen=True)
class Item:
    finding_id: str
    text: str
    #: Skip this item when the answer to that finding, asked before it, is "no".
    requires: str | None = None


@dataclass(frozen=True)
class Question:
    """One screen: a yes/no question, a choice, or a group of yes/no items."""

    kind: Literal["yes_no", "choice", "group"]
    id: str
    text: str
    items: tuple[Item, ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    red_flag: bool = False
    #: Expected information gain in bits (0 for red-flag screens, asked regardless).
    gain: float = 0.0
    #: A red-flag screen asked only because part of the opening text was not understood.
    unclear: bool = False

    @property
    def finding_ids(self) -> tuple[str, ...]:
        return tuple(item.finding_id for item in self.items)


@dataclass(frozen=True)
class Decision:
    question: Question | None
    #: Why the interview stopped (None while it goes on).
    stop_reason: str | None = None


def _xlogx(x: np.ndarray) -> np.ndarray:
    safe = np.where(x > 0, x, 1.0)
    return np.where(x > 0, x * np.log(safe), 0.0)


def expected_gains(model: Model, post: np.ndarray, danger_weight: float) -> np.ndarray:
    """Danger-weighted expected information gain (bits) of asking each finding."""
    ncols = len(model.log_bg)
    nf = len(model.finding_ids)
    p_e = post[model.entry_cond]
    c1 = p_e * model.ratio_m1
    z = np.maximum(1.0 + np.bincount(model.entry_col, c1, minlength=ncols), 1e-300)
    plogp = float(_xlogx(post).sum())
    logp_e = np.log(np.maximum(p_e, 1e-300))
    a = plogp + np.bincount(model.entry_col, c1 * logp_e, minlength=ncols)
    b = np.bincount(model.entry_col, p_e * model.r_log_r, minlength=ncols)
    h_answer = -((a + b) / z - np.log(z))
    p_answer = model.bg * z
    expected_h = np.bincount(model.col_finding, p_answer * h_answer, minlength=nf)
    gain = (-plogp - expected_h) / LN2
    if danger_weight > 0:
        pk = np.bincount(model.classes, post, minlength=N_CLASSES)
        per_class = np.bincount(model.entry_class_key, c1, minlength=ncols * N_CLASSES)
        mk = pk[None, :] + per_class.reshape(ncols, N_CLASSES)
        qk = np.clip(mk / z[:, None], 0.0, 1.0)
        hk_answer = -_xlogx(qk).sum(axis=1)
        expected_hk = np.bincount(model.col_finding, p_answer * hk_answer, minlength=nf)
        hk = float(-_xlogx(pk).sum())
        gain = gain + danger_weight * (hk - expected_hk) / LN2
    out: np.ndarray = np.maximum(gain, 0.0)
    return out


def skipped(kb: KnowledgeBase, evidence: Mapping[str, str]) -> frozenset[str]:
    """Findings not to ask: follow-ups of an answer "no" (no answer of theirs is counted),
    and general findings a present finding already refines ("tingling?" after "my feet tingle")."""
    follow_ups = {
        fid for fid, f in kb.findings.items() if f.requires is not None and evidence.get(f.requires) == ABSENT
    }
    refined = {
        general
        for fid, value in evidence.items()
        if value == PRESENT and fid in kb.findings
        for general in kb.findings[fid].refines
    }
    return frozenset(follow_ups | refined)


def best_finding(
    model: Model,
    post: np.ndarray,
    evidence: Mapping[str, str],
    danger_weight: float,
    closed: frozenset[str] = frozenset(),
) -> tuple[int, float]:
    """Index and gain of the most informative finding not yet answered (-1 when none is left)."""
    gains = expected_gains(model, post, danger_weight)
    open_mask = model.askable.copy()
    for fid in [*evidence, *closed]:
        idx = model.finding_index.get(fid)
        if idx is not None:
            open_mask[idx] = False
    scores = np.where(open_mask, gains, -1.0)
    best = int(np.argmax(scores))
    if scores[best] < 0:
        return -1, 0.0
    return best, float(scores[best])


def _item(kb: KnowledgeBase, fid: str) -> Item:
    finding = kb.findings[fid]
    return Item(fid, finding.question, finding.requires)


def _finding_question(kb: KnowledgeBase, fid: str, gain: float) -> Question:
    finding = kb.findings[fid]
    if finding.type == "categorical":
        return Question(
            kind="choice",
            id=fid,
            text=finding.question,
            items=(Item(fid, finding.question),),
            options=tuple((o.value, o.label) for o in finding.options),
            gain=gain,
        )
    return Question(
        kind="yes_no", id=fid, text=finding.question, items=(Item(fid, finding.question),), gain=gain
    )


def _group_question(kb: KnowledgeBase, group: str, members: list[str], gain: float) -> Question:
    return Question(
        kind="group",
        id=f"group:{group}",
        text="Do you have any of these?",
        items=tuple(_item(kb, f) for f in members),
        gain=gain,
    )


def pending_screen(
    kb: KnowledgeBase, evidence: Mapping[str, str], unclear: bool = False, prefer: Sequence[str] = ()
) -> Question | None:
    """The first relevant red-flag screen that still has unasked signs.

    `unclear` (part of the opening text was not understood) makes every screen
    relevant, whatever its `ask_if` says. `prefer` (the screens the semantic
    proposer placed that text near) moves those screens ahead of the other
    screens that only the unclear text makes relevant, never ahead of a screen
    the answers themselves make relevant.
    """
    closed = skipped(kb, evidence)

    def relevant_by_answers(screen: ScreenGroup) -> bool:
        return not screen.ask_if or any(clause_holds(c, evidence) for c in screen.ask_if)

    rank_of = {sid: n for n, sid in enumerate(prefer)}

    def key(screen: ScreenGroup) -> tuple[int, int, int]:
        if not unclear or relevant_by_answers(screen):
            return (0, 0, screen.order)
        return (1, rank_of.get(screen.id, len(rank_of)), screen.order)

    for screen in sorted(kb.red_flags.screens, key=key):
        relevant = relevant_by_answers(screen)
        if not relevant and not unclear:
            continue
        open_items = [
            f for f in screen.findings if f not in evidence and f not in closed and kb.findings[f].askable
        ]
        if not open_items:
            continue
        only_unclear = not relevant
        if len(open_items) == 1 and kb.findings[open_items[0]].type == "categorical":
            q = _finding_question(kb, open_items[0], 0.0)
            return Question(q.kind, q.id, q.text, q.items, q.options, red_flag=True, unclear=only_unclear)
        items = []
        for fid in open_items:
            if kb.findings[fid].type == "categorical":
                # A choice cannot sit in a yes/no group: ask it on its own first.
                q = _finding_question(kb, fid, 0.0)
                return Question(q.kind, q.id, q.text, q.items, q.options, red_flag=True, unclear=only_unclear)
            items.append(_item(kb, fid))
        return Question(
            kind="group",
            id=f"screen:{screen.id}",
            text=screen.title,
            items=tuple(items),
            red_flag=True,
            unclear=only_unclear,
        )
    return None


def lowering_question(kb: KnowledgeBase, evidence: Mapping[str, str]) -> Question | None:
    """The one direct question that could still show an emergency rule's exception holds.

    A rule's `unless` is met only by a known answer. When every emergency rule
    that fired has an exception nobody has been asked about (sudden weakness:
    "can you still stand?"; slurred speech: "when did it start?"), that question
    is asked before the interview stops, so that a direct answer, not a guess
    from the text, decides. If any emergency rule has no open exception, the
    level cannot fall and the interview stops at once.
    """
    open_exceptions: list[str] = []
    for rule in kb.red_flags.rules:
        if rule.level not in EMERGENCY_LEVELS or not rule_fires(rule, evidence):
            continue
        open_ids = [
            c.finding
            for c in rule.unless
            if c.finding not in evidence and c.finding in kb.findings and kb.findings[c.finding].askable
        ]
        if not open_ids:
            return None
        open_exceptions.append(open_ids[0])
    if not open_exceptions:
        return None
    q = _finding_question(kb, open_exceptions[0], 0.0)
    return Question(q.kind, q.id, q.text, q.items, q.options, red_flag=True)


AMBULANCE = "emergency_ambulance"


def ambulance_signs(kb: KnowledgeBase) -> tuple[str, ...]:
    """Yes/no signs that call an ambulance on their own (a rule with that one sign), in screen order."""
    single: set[str] = set()
    for r in kb.red_flags.rules:
        if r.level != AMBULANCE:
            continue
        if not r.all and all(c.value is None and not c.absent for c in r.any):
            single |= {c.finding for c in r.any}  # any one of them calls the ambulance
        elif len(r.all) == 1 and not r.any and r.all[0].value is None and not r.all[0].absent:
            single.add(r.all[0].finding)
    ordered = [f for s in sorted(kb.red_flags.screens, key=lambda s: s.order) for f in s.findings]
    ordered += sorted(single - set(ordered))
    return tuple(dict.fromkeys(f for f in ordered if f in single and kb.findings[f].askable))


def raising_question(kb: KnowledgeBase, evidence: Mapping[str, str]) -> Question | None:
    """At an `emergency` floor, the signs not yet asked that would call an ambulance instead.

    Going to an emergency department and calling an ambulance are different
    advice: a person who is drowsy, confused, breathless or has chest pain must not
    be driven in. So an interview that has reached `emergency` asks, once and on
    one screen, the signs that alone call an ambulance, before it stops.
    """
    open_items = [f for f in ambulance_signs(kb) if f not in evidence and kb.findings[f].type == "binary"]
    if not open_items:
        return None
    return Question(
        kind="group",
        id="screen:ambulance_signs",
        text="To decide whether you need an ambulance, do you have any of these now?",
        items=tuple(_item(kb, f) for f in open_items),
        red_flag=True,
    )


def decide(
    kb: KnowledgeBase,
    model: Model,
    post: np.ndarray,
    evidence: Mapping[str, str],
    asked: int,
    max_questions: int | None = None,
    unclear: bool = False,
    prefer: Sequence[str] = (),
) -> Decision:
    """The next question, or why the interview should stop now.

    `unclear`: part of the opening text was not understood (see `pending_screen`).
    """
    settings = kb.settings
    cap = max_questions if max_questions is not None else settings.max_questions
    floor = rule_floor(kb, evidence)
    if floor in EMERGENCY_LEVELS:
        direct = lowering_question(kb, evidence)
        if direct is None and floor != AMBULANCE and asked < cap:
            direct = raising_question(kb, evidence)
        if direct is not None:
            return Decision(direct)
        # The advice is settled; a few questions that tell the causes apart help the
        # emergency team, while the leading cause is unclear (never at ambulance level).
        # A leading cause too mild to explain the warning sign (a flu, with fever and back
        # pain) is unclear however likely it looks.
        lead = TRIAGE_LEVELS[int(model.urgency[int(np.argmax(post))])]
        unexplained = rank(lead) > rank(floor)
        unclear_lead = float(post.max()) < settings.emergency_clear or unexplained
        more = asked < settings.emergency_max_questions and unclear_lead
        if floor != AMBULANCE and more:
            closed = skipped(kb, evidence)
            best, gain = best_finding(model, post, evidence, 0.0, closed)
            if best >= 0 and gain >= settings.stop_min_gain:
                return Decision(_differential_question(kb, model.finding_ids[best], gain, evidence, closed))
        return Decision(None, "emergency warning sign")
    if asked >= cap:
        return Decision(None, f"reached the limit of {cap} questions")
    screen = pending_screen(kb, evidence, unclear, prefer)
    if screen is not None:
        return Decision(screen)
    closed = skipped(kb, evidence)
    best, gain = best_finding(model, post, evidence, settings.danger_weight, closed)
    if best < 0:
        return Decision(None, "nothing left to ask")
    top = float(post.max())
    if top >= settings.stop_top_probability:
        return Decision(None, "the leading cause is clear")
    if gain < settings.stop_min_gain:
        return Decision(None, "no remaining question is worth asking")
    return Decision(_differential_question(kb, model.finding_ids[best], gain, evidence, closed))


def _differential_question(
    kb: KnowledgeBase, fid: str, gain: float, evidence: Mapping[str, str], closed: Iterable[str]
) -> Question:
    """The best finding's question, or its group's when it has one: one question, many answers."""
    finding = kb.findings[fid]
    closed = set(closed)
    if finding.group and finding.type == "binary":
        members = [
            f
            for f, other in kb.findings.items()
            if other.group == finding.group
            and other.type == "binary"
            and other.askable
            and f not in evidence
            and f not in closed
        ]
        if len(members) > 1:
            return _group_question(kb, finding.group, members, gain)
    return _finding_question(kb, fid, gain)
