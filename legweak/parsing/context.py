"""ConText-style context of a mention: history, hypothetical, another person, hedges.

NegEx (negspacy) decides negation; this module decides the rest, with the
trigger lists of `context.yaml`:

- a *forward* trigger ("used to", "if", "my father") covers the mentions after
  it up to the end of its sentence or a termination term ("but", "now", ...);
- a *following* trigger ("... years ago", "... runs in the family") covers the
  mentions before it, back to the start of its clause;
- a family scope also ends where the writer speaks of themself again
  ("my father had a stroke and I ..."), see `family_termination`;
- a trigger inside a pseudo phrase ("as if", "in the past few days") is no trigger;
- a trigger whose words lie inside the mention itself does not change it: a
  synonym "used to smoke" or "family history of ..." owns its words.

Hedges ("maybe", "a bit") multiply the confidence of a mention when they stand
in the same clause before the mention's end.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from legweak.kb.lexicon import ContextRules
from legweak.parsing.pipeline import Match, PhraseSet

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

CURRENT = "current"
HISTORY = "history"
HYPOTHETICAL = "hypothetical"
FAMILY = "family"
#: When several scopes cover a mention, the first of these wins.
PRIORITY = (FAMILY, HYPOTHETICAL, HISTORY)

_FORWARD = {"history": HISTORY, "hypothetical": HYPOTHETICAL, "family": FAMILY}
_BACKWARD = {"history_following": HISTORY, "family_following": FAMILY}


#: Words that may stand between "my" and a relative in a family trigger (stems).
_DESCRIBING = ["-", "year", "old", "elder", "older", "younger", "late", "little", "big", "step", "dear"]


@dataclass(frozen=True)
class Context:
    status: str  # CURRENT, HISTORY, HYPOTHETICAL or FAMILY
    hedge: float  # product of the hedge factors that apply, 1.0 when none


class ContextAnnotator:
    """Built once per knowledge base; `scan(doc)` finds the triggers of one text."""

    def __init__(self, nlp: Language, rules: ContextRules) -> None:
        labelled: list[tuple[str, str]] = []
        for category in (*_FORWARD, *_BACKWARD, "family_termination", "pseudo", "termination"):
            labelled += [(category, p) for p in getattr(rules, category)]
        labelled += [("clause_end", p) for p in rules.negation.termination]
        labelled += [(f"hedge:{p}", p) for p in rules.hedges]
        self.hedges = dict(rules.hedges)
        # "my elderly mother", "my 80-year-old father": words between "my" and the relative.
        describing = {
            "OP": "*",
            "NORM": {"IN": [*_DESCRIBING, *(str(n) for n in range(1, 121))]},
        }
        self.phrases = PhraseSet(nlp, labelled, after_first={"family": describing})

    def scan(self, doc: Doc, patient_stems: frozenset[str] = frozenset()) -> Scan:
        """Find triggers; family triggers ending in a `patient_stems` word are the patient."""
        matches = self.phrases(doc)
        pseudo = [m for m in matches if m.label == "pseudo"]

        def real(m: Match) -> bool:
            return not any(p.start <= m.start < p.end for p in pseudo)

        sentence_starts = [s.start for s in doc.sents]
        terms = [m.start for m in matches if m.label == "termination" and real(m)]
        clause_ends = [m.start for m in matches if m.label == "clause_end"]
        forward = [
            (_FORWARD[m.label], m)
            for m in matches
            if m.label in _FORWARD and real(m) and not _is_patient(doc, m, patient_stems)
        ]
        family_spans = [m for status, m in forward if status == FAMILY]
        family_ends = [
            m.start
            for m in matches
            if m.label == "family_termination" and not any(f.start <= m.start < f.end for f in family_spans)
        ]
        return Scan(
            boundaries=sorted({*sentence_starts, *terms, len(doc)}),
            family_boundaries=sorted({*sentence_starts, *terms, *family_ends, len(doc)}),
            clauses=sorted({*sentence_starts, *terms, *clause_ends}),
            forward=forward,
            backward=[(_BACKWARD[m.label], m) for m in matches if m.label in _BACKWARD and real(m)],
            hedges=[(m.start, self.hedges[m.label[6:]]) for m in matches if m.label.startswith("hedge:")],
        )


def _is_patient(doc: Doc, match: Match, patient_stems: frozenset[str]) -> bool:
    return match.label == "family" and doc[match.end - 1].norm_ in patient_stems


def _next(bounds: list[int], after: int) -> int:
    """First boundary at or after `after`."""
    index = bisect_right(bounds, after - 1)
    return bounds[index] if index < len(bounds) else after


def _previous(bounds: list[int], at: int) -> int:
    """Last boundary at or before `at` (0 if none)."""
    index = bisect_right(bounds, at)
    return bounds[index - 1] if index else 0


@dataclass(frozen=True)
class Scan:
    boundaries: list[int]
    family_boundaries: list[int]
    clauses: list[int]
    forward: list[tuple[str, Match]]
    backward: list[tuple[str, Match]]
    hedges: list[tuple[int, float]]

    def annotate(self, start: int, end: int) -> Context:
        """The context of the mention at doc tokens [start, end)."""
        found: set[str] = set()
        for status, trigger in self.forward:
            if start <= trigger.start and trigger.end <= end:
                continue  # the synonym owns the trigger's words
            bounds = self.family_boundaries if status == FAMILY else self.boundaries
            scope_end = _next(bounds, max(trigger.end, trigger.start + 1))
            if trigger.start <= start < scope_end:
                found.add(status)
        for status, trigger in self.backward:
            if start <= trigger.start and trigger.end <= end:
                continue
            if _previous(self.boundaries, trigger.start) <= start and end <= trigger.start:
                found.add(status)
        clause_start = _previous(self.clauses, start)
        hedge = 1.0
        for position, factor in self.hedges:
            if clause_start <= position < end:
                hedge *= factor
        status = next((s for s in PRIORITY if s in found), CURRENT)
        return Context(status, hedge)
