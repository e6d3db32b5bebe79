"""Synthetic knowledge bases of any size, generated from a fixed seed.

A synthetic knowledge base has the shape of the real one: mutually exclusive
conditions plus one catch-all (the last), yes/no findings and a share of
categorical ones (3-5 answers), a background distribution per finding, and for
each condition 20-60 findings whose distribution differs from the background
(realistic sparsity). Priors depend on age band and sex, like the shipped ones.

The raw probabilities are kept (`Synthetic`), so the pgmpy peer can build the
very same Bayesian network; `to_model` turns them into the engine's `Model`
through `legweak.engine.model.build_model`, the function the KB compiler uses.
No YAML and no pydantic are involved: a 5,000-condition knowledge base is built
in a second or two.

Only numpy and the engine are imported, so the fresh memory-measuring
subprocess loads nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from legweak.engine.interview import best_finding
from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model, build_model
from legweak.engine.posterior import Evidence, posterior
from legweak.kb.schema import AGE_BANDS

#: (conditions, findings) of the scaling benchmark; conditions include the catch-all.
SIZES: tuple[tuple[int, int], ...] = ((100, 300), (1000, 3000), (5000, 10000))
MIN_PER_CONDITION, MAX_PER_CONDITION = 20, 60
CATEGORICAL_SHARE = 0.15
AGE, SEX = 55, "female"
#: Answered findings per evidence set.
EVIDENCE_SIZE = 8


@dataclass(frozen=True, eq=False)
class Synthetic:
    n_conditions: int
    finding_ids: tuple[str, ...]
    #: number of answers of each finding (2 for yes/no: present, absent)
    card: np.ndarray
    #: offset of each finding's background distribution in `bg`
    bg_offset: np.ndarray
    bg: np.ndarray
    #: one entry per (condition, finding) the condition lists; its distribution is
    #: probs[prob_offset[e] : prob_offset[e] + card[entry_finding[e]]]
    entry_cond: np.ndarray
    entry_finding: np.ndarray
    prob_offset: np.ndarray
    probs: np.ndarray
    #: (age band, sex) -> prior probability of each condition
    priors: dict[tuple[str, str], np.ndarray]
    urgency: np.ndarray

    def values(self, f: int) -> tuple[str, ...]:
        if self.card[f] == 2:
            return (PRESENT, ABSENT)
        return tuple(f"v{k}" for k in range(int(self.card[f])))

    @property
    def n_findings(self) -> int:
        return len(self.finding_ids)

    @property
    def n_entries(self) -> int:
        return len(self.entry_cond)

    def cpd(self, f: int) -> np.ndarray:
        """P(answer | condition) of finding f: shape (answers, conditions), columns sum to 1."""
        k = int(self.card[f])
        s = int(self.bg_offset[f])
        table = np.repeat(self.bg[s : s + k, None], self.n_conditions, axis=1)
        for e in np.flatnonzero(self.entry_finding == f):
            o = int(self.prob_offset[e])
            table[:, int(self.entry_cond[e])] = self.probs[o : o + k]
        return table

    def fingerprint(self) -> str:
        """A hash of every number, so two processes can tell they built the same KB."""
        h = hashlib.sha256()
        for arr in (self.card, self.bg, self.entry_cond, self.entry_finding, self.probs):
            h.update(np.ascontiguousarray(arr).tobytes())
        for key in sorted(self.priors):
            h.update(self.priors[key].tobytes())
        return h.hexdigest()[:16]


def _dirichlet_segments(
    rng: np.random.Generator, sizes: np.ndarray, shape: float, floor: float
) -> np.ndarray:
    """Concatenated random distributions of the given sizes (gamma draws, normalised)."""
    draws = rng.gamma(shape, size=int(sizes.sum())) + floor
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    sums = np.add.reduceat(draws, starts)
    out: np.ndarray = draws / np.repeat(sums, sizes)
    return out


def generate(n_conditions: int, n_findings: int, seed: int) -> Synthetic:
    """The synthetic knowledge base of this size; the same seed always gives the same numbers."""
    if n_findings < MAX_PER_CONDITION:
        raise ValueError(f"need at least {MAX_PER_CONDITION} findings, got {n_findings}")
    rng = np.random.default_rng([seed, n_conditions, n_findings])
    categorical = rng.random(n_findings) < CATEGORICAL_SHARE
    card = np.where(categorical, rng.integers(3, 6, size=n_findings), 2).astype(np.int64)
    bg = _dirichlet_segments(rng, card, shape=2.0, floor=0.05)
    bg_offset = np.concatenate([[0], np.cumsum(card)[:-1]]).astype(np.int64)

    n_specific = n_conditions - 1  # the last condition is the catch-all: it lists nothing
    per_cond = rng.integers(MIN_PER_CONDITION, MAX_PER_CONDITION + 1, size=n_specific)
    entry_cond = np.repeat(np.arange(n_specific, dtype=np.int64), per_cond)
    entry_finding = np.concatenate(
        [rng.choice(n_findings, size=int(m), replace=False) for m in per_cond]
    ).astype(np.int64)
    sizes = card[entry_finding]
    probs = _dirichlet_segments(rng, sizes, shape=0.7, floor=0.02)
    prob_offset = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)

    base = rng.lognormal(0.0, 1.0, size=n_conditions)
    base[-1] = base[:-1].sum() * 0.1  # the catch-all: about a tenth of the mass
    priors: dict[tuple[str, str], np.ndarray] = {}
    for band in AGE_BANDS:
        for sex in ("female", "male"):
            w = base * rng.lognormal(0.0, 0.5, size=n_conditions)
            priors[(band, sex)] = w / w.sum()
    urgency = rng.integers(0, 5, size=n_conditions).astype(np.int64)
    width = len(str(n_findings))
    return Synthetic(
        n_conditions=n_conditions,
        finding_ids=tuple(f"f{i:0{width}d}" for i in range(n_findings)),
        card=card,
        bg_offset=bg_offset,
        bg=bg,
        entry_cond=entry_cond,
        entry_finding=entry_finding,
        prob_offset=prob_offset,
        probs=probs,
        priors=priors,
        urgency=urgency,
    )


def to_model(syn: Synthetic) -> Model:
    """The engine's Model of a synthetic KB, built by the KB compiler's own `build_model`."""
    values = {fid: syn.values(f) for f, fid in enumerate(syn.finding_ids)}
    column: dict[tuple[str, str], int] = {}
    col_finding: list[int] = []
    for f, fid in enumerate(syn.finding_ids):
        for v in values[fid]:
            column[(fid, v)] = len(col_finding)
            col_finding.append(f)
    col_start = syn.bg_offset  # columns are laid out exactly like the background array
    per_col: list[list[tuple[int, float]]] = [[] for _ in col_finding]
    probs = syn.probs.tolist()
    for c, f, o in zip(
        syn.entry_cond.tolist(), syn.entry_finding.tolist(), syn.prob_offset.tolist(), strict=True
    ):
        start = int(col_start[f])
        for k in range(int(syn.card[f])):
            per_col[start + k].append((c, probs[o + k]))
    return build_model(
        kb_condition_ids=tuple(f"c{i}" for i in range(syn.n_conditions)),
        urgency=syn.urgency.tolist(),
        catch_all=syn.n_conditions - 1,
        finding_ids=syn.finding_ids,
        values=values,
        column=column,
        col_finding=col_finding,
        bg=syn.bg.tolist(),
        per_col=per_col,
        priors={key: np.log(p) for key, p in syn.priors.items()},
        askable=[True] * syn.n_findings,
    )


def evidence_sets(syn: Synthetic, count: int, seed: int, size: int = EVIDENCE_SIZE) -> list[dict[str, str]]:
    """`count` sets of `size` answers, each drawn from a simulated patient with a known cause.

    Half the answered findings are ones the true cause lists (so the posterior
    moves), half are drawn at random; each answer is sampled from P(answer | cause).
    """
    rng = np.random.default_rng([seed, syn.n_conditions, syn.n_findings, 1])
    out: list[dict[str, str]] = []
    for _ in range(count):
        cause = int(rng.integers(0, syn.n_conditions - 1))
        listed = np.flatnonzero(syn.entry_cond == cause)
        own = rng.choice(listed, size=min(size // 2, len(listed)), replace=False)
        chosen = {int(syn.entry_finding[e]) for e in own}
        while len(chosen) < size:
            chosen.add(int(rng.integers(0, syn.n_findings)))
        evidence: dict[str, str] = {}
        for f in sorted(chosen):
            dist = _column(syn, f, cause)
            k = int(rng.choice(len(dist), p=dist))
            evidence[syn.finding_ids[f]] = syn.values(f)[k]
        out.append(evidence)
    return out


def _column(syn: Synthetic, f: int, cause: int) -> np.ndarray:
    hit = np.flatnonzero((syn.entry_finding == f) & (syn.entry_cond == cause))
    k = int(syn.card[f])
    if len(hit):
        o = int(syn.prob_offset[hit[0]])
        return syn.probs[o : o + k]
    s = int(syn.bg_offset[f])
    return syn.bg[s : s + k]


def step(model: Model, evidence: Evidence, danger_weight: float = 1.0) -> int:
    """One interview step on a synthetic KB: the numeric part of `interview.decide`.

    Posterior, the danger-weighted expected gain of every finding, then the
    mask of what is already answered and the argmax: exactly what `decide` does
    once the red-flag screens are answered (a synthetic KB has no rules).
    """
    post = posterior(model, AGE, SEX, evidence)  # type: ignore[arg-type]
    return best_finding(model, post, evidence, danger_weight)[0]


def dense_posterior(syn: Synthetic, evidence: Evidence) -> np.ndarray:
    """Brute force from the raw probabilities: prior times the product of full CPD rows."""
    from legweak.engine.model import age_band

    p = syn.priors[(age_band(AGE), SEX)].astype(float).copy()
    index = {fid: i for i, fid in enumerate(syn.finding_ids)}
    for fid, value in evidence.items():
        if value == UNKNOWN:
            continue
        f = index[fid]
        p = p * syn.cpd(f)[syn.values(f).index(value)]
    out: np.ndarray = p / p.sum()
    return out
