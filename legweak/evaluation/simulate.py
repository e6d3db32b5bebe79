"""The simulated patient of FORMAT.md, interviewed through the `Checker`.

The patient's truth is what our own parser reads in the complaint and the
facts; where they disagree the complaint, then the earliest fact, wins. The
patient answers a question from that truth, or "don't know", through the same
`Checker.answer` a person's answers go through.
"""

from __future__ import annotations

from dataclasses import dataclass

from legweak.evaluation.vignettes import Vignette
from legweak.service import MIN_CONFIDENCE, UNKNOWN, Checker, Result, option_id

#: The protocol's ceiling; the engine normally stops well before it.
PROTOCOL_MAX_QUESTIONS = 40


@dataclass(frozen=True)
class Played:
    vignette: Vignette
    result: Result
    questions: int
    #: Facts from which the parser read nothing the engine uses.
    unparsed_facts: tuple[str, ...]
    facts_total: int


def truth_of(
    vignette: Vignette, checker: Checker, used: frozenset[str], opening: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The patient's answers, and the facts from which nothing usable was read.

    `opening` is what the checker read in the complaint when the interview began:
    the complaint is parsed once, by the same call a person's text goes through.
    """
    truth = dict(opening)
    unparsed: list[str] = []
    for text in vignette.facts:
        found = [f for f in checker.parse(text).findings if f.confidence >= MIN_CONFIDENCE]
        for f in found:
            truth.setdefault(f.id, f.value)
        if not any(f.id in used for f in found):
            unparsed.append(text)
    return truth, unparsed


def play(vignette: Vignette, checker: Checker, used: frozenset[str]) -> Played:
    session = checker.start(vignette.age, vignette.sex, vignette.complaint)
    truth, unparsed = truth_of(vignette, checker, used, dict(session.evidence))
    while session.questions_asked < PROTOCOL_MAX_QUESTIONS:
        question = checker.next_question(session)
        if question is None:
            break
        answers = {fid: option_id(truth.get(fid, UNKNOWN)) for fid in question.finding_ids}
        checker.answer(session, question.id, answers)
    return Played(
        vignette=vignette,
        result=checker.result(session),
        questions=session.questions_asked,
        unparsed_facts=tuple(unparsed),
        facts_total=len(vignette.facts),
    )
