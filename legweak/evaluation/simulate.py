"""The simulated patient of FORMAT.md, interviewed through `legweak.service`.

The patient's truth is what our own parser reads in the complaint and the
facts; where they disagree the complaint, then the earliest fact, wins. The
patient answers a question from that truth, or "don't know".
"""

from __future__ import annotations

from dataclasses import dataclass

from legweak import service
from legweak.engine.model import UNKNOWN
from legweak.evaluation.vignettes import Vignette
from legweak.kb.loader import KnowledgeBase
from legweak.parsing import parse

#: The protocol's ceiling; the engine normally stops well before it.
PROTOCOL_MAX_QUESTIONS = 40


@dataclass(frozen=True)
class Played:
    vignette: Vignette
    result: service.Result
    questions: int
    #: Facts from which the parser read nothing the engine uses.
    unparsed_facts: tuple[str, ...]
    facts_total: int


def used_findings(kb: KnowledgeBase) -> frozenset[str]:
    """Findings the engine uses: a likelihood that varies, or a red-flag rule reads it."""
    model = service.model_for(kb)
    used: set[str] = set()
    for fid in model.finding_ids:
        for value in model.values[fid]:
            col = model.column[(fid, value)]
            s, e = model.indptr[col], model.indptr[col + 1]
            if e > s and abs(model.log_ratio[s:e]).max() > 1e-12:
                used.add(fid)
                break
    for rule in kb.red_flags.rules:
        used.update(c.finding for c in [*rule.all, *rule.any, *rule.unless])
    return frozenset(used)


def truth_of(
    vignette: Vignette, kb: KnowledgeBase, used: frozenset[str], opening: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The patient's answers, and the facts from which nothing usable was read.

    `opening` is what the service read in the complaint when the interview began:
    the complaint is parsed once, by the same call a person's text goes through.
    """
    truth = dict(opening)
    unparsed: list[str] = []
    for text in vignette.facts:
        found = [f for f in parse(text, kb).findings if f.confidence >= service.MIN_CONFIDENCE]
        for f in found:
            truth.setdefault(f.id, f.value)
        if not any(f.id in used for f in found):
            unparsed.append(text)
    return truth, unparsed


def play(vignette: Vignette, kb: KnowledgeBase, used: frozenset[str]) -> Played:
    session = service.start(vignette.age, vignette.sex, vignette.complaint, kb=kb)
    truth, unparsed = truth_of(vignette, kb, used, dict(session.evidence))
    while session.questions_asked < PROTOCOL_MAX_QUESTIONS:
        question = service.next_question(session, kb)
        if question is None:
            break
        answers = {fid: truth.get(fid, UNKNOWN) for fid in question.finding_ids}
        service.answer(session, question, answers, kb)
    return Played(
        vignette=vignette,
        result=service.result(session, kb),
        questions=session.questions_asked,
        unparsed_facts=tuple(unparsed),
        facts_total=len(vignette.facts),
    )
