"""Scores of FORMAT.md: accuracy at k, triage verdicts, questions, coverage, calibration."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from legweak.evaluation.simulate import Played
from legweak.evaluation.vignettes import OTHER
from legweak.kb.schema import TRIAGE_LEVELS, TriageLevel


def rank(level: TriageLevel) -> int:
    """0 for the most urgent level, 4 for self-care."""
    return TRIAGE_LEVELS.index(level)


def code_matches(engine_code: str, expected: str) -> bool:
    """Prefix match both ways: expected G62 matches G62.9, and engine G62 matches G62.9."""
    return engine_code.startswith(expected) or expected.startswith(engine_code)


def hit_rank(played: Played) -> int | None:
    """The rank of the first condition that answers the case; `other` is answered by the catch-all."""
    expected = played.vignette.expected.conditions
    for n, cond in enumerate(played.result.conditions, 1):
        if OTHER in expected and not cond.icd10:
            # Only the catch-all carries no code (the loader refuses any other).
            return n
        if any(code_matches(c, e) for c in cond.icd10 for e in expected):
            return n
    return None


def verdict(level: TriageLevel, acceptable: Iterable[TriageLevel]) -> str:
    ranks = [rank(a) for a in acceptable]
    r = rank(level)
    if r in ranks:
        return "correct"
    return "under" if r > max(ranks) else "over"


def is_emergent(acceptable: Iterable[TriageLevel]) -> bool:
    return min(rank(a) for a in acceptable) <= rank("emergency")


@dataclass(frozen=True)
class CaseScore:
    played: Played
    hit_rank: int | None
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        v = self.played.vignette
        res = self.played.result
        return {
            "id": v.id,
            "expected": {"conditions": list(v.expected.conditions), "triage": list(v.expected.triage)},
            "triage": res.level,
            "triage_verdict": self.verdict,
            "hit_rank": self.hit_rank,
            "ranked": [
                {"condition": c.id, "icd10": list(c.icd10), "probability": round(c.probability, 4)}
                for c in res.conditions[:5]
            ],
            "questions": self.played.questions,
            "unparsed_facts": list(self.played.unparsed_facts),
        }


def score(played: Played) -> CaseScore:
    return CaseScore(played, hit_rank(played), verdict(played.result.level, played.vignette.expected.triage))


@dataclass(frozen=True)
class Report:
    file: str
    cases: tuple[CaseScore, ...]
    kb_version: str
    kb_hash: str

    @property
    def n(self) -> int:
        return len(self.cases)

    def _share(self, hits: int, total: int | None = None) -> float:
        total = self.n if total is None else total
        return round(hits / total, 4) if total else 0.0

    def top(self, k: int) -> float:
        return self._share(sum(1 for c in self.cases if c.hit_rank is not None and c.hit_rank <= k))

    @property
    def emergent(self) -> list[CaseScore]:
        return [c for c in self.cases if is_emergent(c.played.vignette.expected.triage)]

    @property
    def emergent_under_triaged(self) -> int:
        return sum(1 for c in self.emergent if c.verdict == "under")

    @property
    def parse_coverage(self) -> float:
        total = sum(c.played.facts_total for c in self.cases)
        missed = sum(len(c.played.unparsed_facts) for c in self.cases)
        return self._share(total - missed, total)

    @property
    def brier(self) -> float:
        """Brier score of the top-ranked probability against whether it was right."""
        total = 0.0
        for c in self.cases:
            p = c.played.result.conditions[0].probability
            total += (p - (1.0 if c.hit_rank == 1 else 0.0)) ** 2
        return round(total / self.n, 4) if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        questions = [c.played.questions for c in self.cases]
        emergent = self.emergent
        return {
            "file": self.file,
            "kb_version": self.kb_version,
            "kb_hash": self.kb_hash,
            "n": self.n,
            "top1": self.top(1),
            "top3": self.top(3),
            "top5": self.top(5),
            "triage_accuracy": self._share(sum(1 for c in self.cases if c.verdict == "correct")),
            "under_triage": self._share(sum(1 for c in self.cases if c.verdict == "under")),
            "over_triage": self._share(sum(1 for c in self.cases if c.verdict == "over")),
            "emergent_n": len(emergent),
            "emergent_under_triaged": self.emergent_under_triaged,
            "emergent_over_triaged": sum(1 for c in emergent if c.verdict == "over"),
            "questions_mean": round(sum(questions) / len(questions), 2) if questions else 0.0,
            "questions_max": max(questions, default=0),
            "parse_coverage": self.parse_coverage,
            "brier_top1": self.brier,
            "cases": [c.to_dict() for c in self.cases],
        }
