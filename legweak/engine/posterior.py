"""Exact posterior over causes: log prior plus the log-likelihood of each known answer.

"Don't know" is not an answer here: it is marginalised out, which for a child
node of the cause means simply leaving it out of the sum.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from legweak.engine.model import UNKNOWN, Model
from legweak.errors import UnknownFindingError, UnknownValueError
from legweak.kb.schema import Sex

Evidence = Mapping[str, str]


def columns(model: Model, evidence: Evidence) -> list[int]:
    """The answer columns of every known answer; refuses unknown ids and values."""
    cols: list[int] = []
    for fid, value in evidence.items():
        if value == UNKNOWN:
            continue
        vals = model.values.get(fid)
        if vals is None:
            raise UnknownFindingError(fid)
        if value not in vals:
            raise UnknownValueError(fid, value, [*vals, UNKNOWN])
        cols.append(model.column[(fid, value)])
    return cols


def log_posterior(model: Model, age: int, sex: Sex, evidence: Evidence) -> np.ndarray:
    """Unnormalised log posterior: log prior + sum of sparse log ratios."""
    logp = model.log_prior(age, sex).copy()
    for col in columns(model, evidence):
        s, e = model.indptr[col], model.indptr[col + 1]
        logp[model.entry_cond[s:e]] += model.log_ratio[s:e]
    return logp


def normalise(logp: np.ndarray) -> np.ndarray:
    shifted: np.ndarray = np.exp(logp - logp.max())
    return shifted / float(shifted.sum())


def posterior(model: Model, age: int, sex: Sex, evidence: Evidence) -> np.ndarray:
    """P(condition | answers), summing to 1 over the conditions and the catch-all."""
    return normalise(log_posterior(model, age, sex, evidence))
