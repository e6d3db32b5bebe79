"""Why a cause ranks where it does: the terms of the posterior's sum, in words.

The weight of an answer for condition c is its log-likelihood ratio against
the rest of the differential, log P(a | c) - log sum_{c' != c} w_c' P(a | c'),
with w the posterior before that answer renormalised without c. Positive
weights raised the condition, negative ones lowered it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model
from legweak.kb.loader import KnowledgeBase


@dataclass(frozen=True)
class Reason:
    finding_id: str
    value: str
    text: str
    #: Natural log-likelihood ratio; > 0 raised the condition.
    weight: float


def describe_answer(kb: KnowledgeBase, finding_id: str, value: str) -> str:
    finding = kb.findings[finding_id]
    if value == PRESENT:
        return finding.label
    if value == ABSENT:
        return f"no {finding.label}"
    for option in finding.options:
        if option.value == value:
            return f"{finding.label}: {option.label.lower()}"
    return f"{finding.label}: {value}"


def reasons(
    kb: KnowledgeBase,
    model: Model,
    log_prior: np.ndarray,
    evidence: Mapping[str, str],
    condition: int,
    limit: int = 5,
) -> list[Reason]:
    """The answers that moved `condition` most, strongest first."""
    known = [(f, v) for f, v in evidence.items() if v != UNKNOWN]
    if not known:
        return []
    lls = np.vstack([model.log_likelihood(f, v) for f, v in known])
    total = log_prior + lls.sum(axis=0)
    out: list[Reason] = []
    for row, (fid, value) in enumerate(known):
        before = total - lls[row]
        weights = np.exp(before - before.max())
        weights[condition] = 0.0
        if weights.sum() == 0:
            continue
        weights /= weights.sum()
        rest = float(np.log(np.dot(weights, np.exp(lls[row]))))
        weight = float(lls[row][condition]) - rest
        if abs(weight) < 0.05:
            continue
        out.append(Reason(fid, value, describe_answer(kb, fid, value), round(weight, 2)))
    out.sort(key=lambda r: -abs(r.weight))
    return out[:limit]
