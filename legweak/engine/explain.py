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


class Reasons:
    """The reasons of any condition for one set of answers.

    The terms that do not depend on the condition (each answer's likelihoods and
    the posterior without it) are computed once, since a result explains several
    conditions from the same answers: this was half the time of every API request.
    """

    def __init__(
        self, kb: KnowledgeBase, model: Model, log_prior: np.ndarray, evidence: Mapping[str, str]
    ) -> None:
        self.kb = kb
        self.known = [(f, v) for f, v in evidence.items() if v != UNKNOWN]
        if not self.known:
            return
        self._lls = np.vstack([model.log_likelihood(f, v) for f, v in self.known])
        total = log_prior + self._lls.sum(axis=0)
        weights, likelihoods = [], []
        for row in range(len(self.known)):
            before = total - self._lls[row]
            weights.append(np.exp(before - before.max()))
            likelihoods.append(np.exp(self._lls[row]))
        # One row per answer: each condition's reasons work on all rows at once (the same
        # figures, summed in the same order, as one row at a time: a fifth of a request was
        # the calls themselves).
        self._weights = np.vstack(weights)
        self._likelihoods = np.vstack(likelihoods)

    def __call__(self, condition: int, limit: int = 5) -> list[Reason]:
        """The answers that moved `condition` most, strongest first."""
        if not self.known:
            return []
        weights = self._weights.copy()
        weights[:, condition] = 0.0
        totals = weights.sum(axis=1)
        kept = totals != 0
        weights /= np.where(kept, totals, 1.0)[:, None]
        # np.vecdot runs numpy's dot loop on each row, as np.dot of the row would: the same sums.
        with np.errstate(divide="ignore"):  # a row left out (all weight on this condition) is 0
            rests = np.log(np.vecdot(weights, self._likelihoods)).tolist()
        own = self._lls[:, condition].tolist()
        out: list[Reason] = []
        for row, (fid, value) in enumerate(self.known):
            if not kept[row]:
                continue
            weight = own[row] - rests[row]
            if abs(weight) < 0.05:
                continue
            out.append(Reason(fid, value, describe_answer(self.kb, fid, value), round(weight, 2)))
        out.sort(key=lambda r: -abs(r.weight))
        return out[:limit]


def reasons(
    kb: KnowledgeBase,
    model: Model,
    log_prior: np.ndarray,
    evidence: Mapping[str, str],
    condition: int,
    limit: int = 5,
) -> list[Reason]:
    """The answers that moved `condition` most, strongest first."""
    return Reasons(kb, model, log_prior, evidence)(condition, limit)
