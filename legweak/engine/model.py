"""The knowledge base compiled into arrays: one parent node (the cause), many children.

Every answer a finding can take is a *column*. For each column only the
conditions that list the finding differ from its background rate, so a column
stores the sparse log ratio log P(answer | condition) - log P(answer | background).
The background term is the same for every condition and cancels when the
posterior is normalised, which is why the posterior needs only the sparse part:
a sum of a few hundred numbers however large the knowledge base grows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from legweak.kb.loader import KnowledgeBase
from legweak.kb.schema import AGE_BANDS, TRIAGE_LEVELS, AgeBand, Sex

PRESENT = "present"
ABSENT = "absent"
UNKNOWN = "unknown"


def age_band(age: int) -> AgeBand:
    if age < 40:
        return "16-39"
    if age < 65:
        return "40-64"
    return "65+"


@dataclass(frozen=True, eq=False)
class Model:
    condition_ids: tuple[str, ...]
    #: Index of each condition's default urgency in TRIAGE_LEVELS (0 = most urgent).
    urgency: np.ndarray
    catch_all: int
    finding_ids: tuple[str, ...]
    finding_index: dict[str, int]
    #: finding id -> the answers that carry evidence, in column order
    values: dict[str, tuple[str, ...]]
    #: (finding id, answer) -> column
    column: dict[tuple[str, str], int]
    #: column -> finding index
    col_finding: np.ndarray
    #: log background probability of each column
    log_bg: np.ndarray
    #: background probability of each column (exp of log_bg, kept for every step)
    bg: np.ndarray
    #: CSR by column: entries indptr[a]:indptr[a+1] are the conditions that differ
    indptr: np.ndarray
    entry_col: np.ndarray
    entry_cond: np.ndarray
    log_ratio: np.ndarray
    ratio_m1: np.ndarray
    r_log_r: np.ndarray
    #: (age band, sex) -> log prior over conditions (normalised)
    log_priors: dict[tuple[str, str], np.ndarray]
    askable: np.ndarray
    #: Urgency class of each condition (0 emergent, 1 non-emergent, 2 self-care) and,
    #: per sparse entry, column * 3 + class: fixed per model, used by every step.
    classes: np.ndarray
    entry_class_key: np.ndarray

    @property
    def n_conditions(self) -> int:
        return len(self.condition_ids)

    def log_prior(self, age: int, sex: Sex) -> np.ndarray:
        return self.log_priors[(age_band(age), sex)]

    def log_likelihood(self, finding_id: str, value: str) -> np.ndarray:
        """log P(value | condition) for every condition (dense; for explanations)."""
        col = self.column[(finding_id, value)]
        out = np.full(self.n_conditions, self.log_bg[col])
        s, e = self.indptr[col], self.indptr[col + 1]
        out[self.entry_cond[s:e]] += self.log_ratio[s:e]
        return out


def compile_kb(kb: KnowledgeBase) -> Model:
    """Turn validated data into the arrays the engine works on (done once per KB)."""
    conditions = kb.conditions
    cindex = {c.id: i for i, c in enumerate(conditions)}
    finding_ids = tuple(kb.findings)
    values: dict[str, tuple[str, ...]] = {}
    column: dict[tuple[str, str], int] = {}
    col_finding: list[int] = []
    bg: list[float] = []
    for fi, fid in enumerate(finding_ids):
        finding = kb.findings[fid]
        vals = tuple(finding.values)
        values[fid] = vals
        for v in vals:
            column[(fid, v)] = len(col_finding)
            col_finding.append(fi)
            if finding.type == "binary":
                p = float(finding.background.p or 0.0)
                bg.append(p if v == PRESENT else 1.0 - p)
            else:
                bg.append(float((finding.background.dist or {})[v]))

    # Gather entries per column: (condition, probability).
    per_col: list[list[tuple[int, float]]] = [[] for _ in col_finding]
    for cid, figures in kb.likelihoods.items():
        ci = cindex[cid]
        for fid, lk in figures.items():
            if lk.p is not None:
                per_col[column[(fid, PRESENT)]].append((ci, lk.p))
                per_col[column[(fid, ABSENT)]].append((ci, 1.0 - lk.p))
            else:
                for v, p in (lk.dist or {}).items():
                    per_col[column[(fid, v)]].append((ci, p))
    return build_model(
        kb_condition_ids=tuple(c.id for c in conditions),
        urgency=[TRIAGE_LEVELS.index(c.urgency) for c in conditions],
        catch_all=next(i for i, c in enumerate(conditions) if c.catch_all),
        finding_ids=finding_ids,
        values=values,
        column=column,
        col_finding=col_finding,
        bg=bg,
        per_col=per_col,
        priors=_priors(kb),
        askable=[kb.findings[f].askable for f in finding_ids],
    )


def _priors(kb: KnowledgeBase) -> dict[tuple[str, str], np.ndarray]:
    out: dict[tuple[str, str], np.ndarray] = {}
    for band in AGE_BANDS:
        for sex in ("female", "male"):
            w = np.array(
                [
                    c.prior.base * c.prior.age.get(band, 1.0) * c.prior.sex.get(sex, 1.0)
                    for c in kb.conditions
                ],
                dtype=float,
            )
            # A zero multiplier (e.g. a sex-linked disease) keeps a tiny floor so that
            # strong evidence can still surface the condition rather than divide by zero.
            w = np.maximum(w, 1e-9)
            out[(band, sex)] = np.log(w / w.sum())
    return out


def build_model(
    *,
    kb_condition_ids: tuple[str, ...],
    urgency: list[int],
    catch_all: int,
    finding_ids: tuple[str, ...],
    values: dict[str, tuple[str, ...]],
    column: dict[tuple[str, str], int],
    col_finding: list[int],
    bg: list[float],
    per_col: list[list[tuple[int, float]]],
    priors: dict[tuple[str, str], np.ndarray],
    askable: list[bool],
) -> Model:
    """Assemble the sparse arrays; the KB compiler and synthetic benchmarks both use it."""
    counts = np.array([len(entries) for entries in per_col], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    entry_col = np.repeat(np.arange(len(per_col), dtype=np.int64), counts)
    entry_cond = np.array([ci for entries in per_col for ci, _ in entries], dtype=np.int64)
    probs = np.array([p for entries in per_col for _, p in entries], dtype=float)
    bg_arr = np.array(bg, dtype=float)
    ratio = probs / bg_arr[entry_col] if len(probs) else probs
    log_ratio = np.log(ratio) if len(ratio) else ratio
    urgency_arr = np.array(urgency, dtype=np.int64)
    # Levels 0-1 are emergent, 2-3 non-emergent, 4 self-care (FORMAT.md's three classes).
    classes = np.searchsorted(np.array([2, 4]), urgency_arr, side="right")
    return Model(
        condition_ids=kb_condition_ids,
        urgency=urgency_arr,
        catch_all=catch_all,
        finding_ids=finding_ids,
        finding_index={f: i for i, f in enumerate(finding_ids)},
        values=values,
        column=column,
        col_finding=np.array(col_finding, dtype=np.int64),
        log_bg=np.log(bg_arr),
        bg=bg_arr,
        indptr=indptr,
        entry_col=entry_col,
        entry_cond=entry_cond,
        log_ratio=log_ratio,
        ratio_m1=ratio - 1.0,
        r_log_r=ratio * log_ratio,
        log_priors=priors,
        askable=np.array(askable, dtype=bool),
        classes=classes,
        entry_class_key=entry_col * 3 + classes[entry_cond],
    )
