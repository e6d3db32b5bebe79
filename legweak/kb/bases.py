"""How much of the knowledge base rests on a source, and how much on judgement.

A reviewer needs one honest number, not a reassuring adjective: the share of
figures whose value is judgement (plain judgement, or a source that names the
feature but not the figure) and the share tuned on seen cases. The docs print
the line this module makes, and a test keeps the two equal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from legweak.kb.loader import KnowledgeBase
from legweak.kb.schema import BasisKind, basis_kind

KINDS: tuple[BasisKind, ...] = ("source", "feature", "judgement", "calibrated")


@dataclass(frozen=True)
class Shares:
    """Counts of figures by basis kind, for one kind of figure."""

    what: str
    counts: dict[BasisKind, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, *kinds: BasisKind) -> float:
        return sum(self.counts[k] for k in kinds) / self.total if self.total else 0.0


def shares(kb: KnowledgeBase) -> list[Shares]:
    """Likelihoods, priors and background rates, each counted by the kind of its basis."""

    def count(bases: list[str]) -> dict[BasisKind, int]:
        found = Counter(basis_kind(b) for b in bases)
        return {k: found.get(k, 0) for k in KINDS}

    likelihoods = [lk.basis or "" for figures in kb.likelihoods.values() for lk in figures.values()]
    priors = [c.prior.basis for c in kb.conditions]
    backgrounds = [f.background.basis for f in kb.findings.values()]
    return [
        Shares("likelihoods", count(likelihoods)),
        Shares("priors", count(priors)),
        Shares("background rates", count(backgrounds)),
    ]


def shares_markdown(kb: KnowledgeBase) -> str:
    """The table docs/knowledge-base.md prints (regenerate it when the data change)."""
    rows = [
        "| figures | n | value from a source | source names the feature, value is judgement "
        "| clinical judgement | tuned on seen cases | value is judgement (all but the first) |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in shares(kb):
        c = s.counts
        rows.append(
            f"| {s.what} | {s.total} | {c['source']} ({s.share('source'):.0%}) "
            f"| {c['feature']} ({s.share('feature'):.0%}) | {c['judgement']} ({s.share('judgement'):.0%}) "
            f"| {c['calibrated']} ({s.share('calibrated'):.0%}) "
            f"| {s.share('feature', 'judgement', 'calibrated'):.0%} |"
        )
    return "\n".join(rows)
