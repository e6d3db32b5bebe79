"""Runs in the pgmpy environment (benchmarks/.venv-pgmpy): the peer side of benchmark 3.

Reads one JSON job on stdin, prints one JSON result on stdout. For each evidence
set it builds a pgmpy DiscreteBayesianNetwork — one parent "Cause" whose prior is
the model's prior for the patient's age band and sex, one child per *observed*
finding whose CPD is P(answer | cause) from the same likelihoods and backgrounds —
and times `VariableElimination(bn).query(["Cause"], evidence=...)` (network
building not timed), interleaved with legweak's `posterior(...)` on the engine
model of the same synthetic KB, in the same process.

Leaving the unobserved children out is exact: a child with no evidence and no
children of its own sums to one over its answers and drops out of the joint
(pgmpy's own pruning removes such barren nodes before eliminating). With
`full_network` the job also builds every child and checks the same posterior.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from typing import Any

import numpy as np

from benchmarks.synthetic import AGE, SEX, Synthetic, evidence_sets, generate, to_model
from legweak.engine.model import age_band
from legweak.engine.posterior import posterior


def network(syn: Synthetic, children: list[int]) -> Any:
    from pgmpy.factors.discrete import TabularCPD  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from pgmpy.models import DiscreteBayesianNetwork  # type: ignore[import-not-found,import-untyped,unused-ignore]

    n = syn.n_conditions
    bn = DiscreteBayesianNetwork([("Cause", syn.finding_ids[f]) for f in children])
    prior = syn.priors[(age_band(AGE), SEX)]
    cpds = [TabularCPD("Cause", n, prior.reshape(n, 1))]
    for f in children:
        cpds.append(
            TabularCPD(
                syn.finding_ids[f], int(syn.card[f]), syn.cpd(f), evidence=["Cause"], evidence_card=[n]
            )
        )
    bn.add_cpds(*cpds)
    return bn


def _median_time(fn: Any, repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), times


def main() -> None:
    import pgmpy  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from pgmpy.inference import VariableElimination  # type: ignore[import-not-found,import-untyped,unused-ignore]

    job = json.loads(sys.stdin.read())
    syn = generate(job["conditions"], job["findings"], job["seed"])
    model = to_model(syn)
    index = {fid: i for i, fid in enumerate(syn.finding_ids)}
    sets = evidence_sets(syn, job["evidence_sets"], job["seed"])
    budget = float(job.get("budget_s", 30.0))
    started = time.perf_counter()
    pg_times: list[float] = []
    lw_times: list[float] = []
    ratios: list[float] = []
    max_diff = 0.0
    full_diff: float | None = None
    for evidence in sets:
        observed = sorted(index[f] for f in evidence)
        pg_evidence = {fid: syn.values(index[fid]).index(v) for fid, v in evidence.items()}
        bn = network(syn, observed)
        infer = VariableElimination(bn)

        def pg_query(infer: Any = infer, pg_evidence: dict[str, int] = pg_evidence) -> np.ndarray:
            factor = infer.query(["Cause"], evidence=pg_evidence, show_progress=False)
            return np.asarray(factor.values, dtype=float)

        def lw_query(evidence: dict[str, str] = evidence) -> np.ndarray:
            return posterior(model, AGE, SEX, evidence)  # type: ignore[arg-type]

        ours = lw_query()
        theirs = pg_query()  # also the warm-up
        max_diff = max(max_diff, float(np.abs(ours - theirs).max()))
        left = budget - (time.perf_counter() - started)
        one = _median_time(pg_query, 1)[0]
        repeats = int(max(1, min(job["repeats"], left / max(one, 1e-9) / 2)))
        pg_med, pg_all = _median_time(pg_query, repeats)
        lw_med, lw_all = _median_time(lw_query, max(repeats, 200))
        pg_times.extend(pg_all)
        lw_times.extend(lw_all)
        ratios.append(pg_med / lw_med)
        if job.get("full_network") and full_diff is None:
            full = VariableElimination(network(syn, list(range(syn.n_findings))))
            theirs_full = np.asarray(full.query(["Cause"], evidence=pg_evidence, show_progress=False).values)
            full_diff = float(np.abs(ours - theirs_full).max())
    result = {
        "conditions": syn.n_conditions,
        "findings": syn.n_findings,
        "evidence_sets": len(sets),
        "observed_per_set": len(sets[0]),
        "pgmpy_ms": float(np.median(pg_times)) * 1e3,
        "pgmpy_ms_p25_p75": [float(np.percentile(pg_times, q)) * 1e3 for q in (25, 75)],
        "legweak_ms": float(np.median(lw_times)) * 1e3,
        "legweak_ms_p25_p75": [float(np.percentile(lw_times, q)) * 1e3 for q in (25, 75)],
        "ratio": float(np.median(ratios)),
        "ratio_range": [float(min(ratios)), float(max(ratios))],
        "pgmpy_queries": len(pg_times),
        "max_abs_diff": max_diff,
        "full_network_max_abs_diff": full_diff,
        "fingerprint": syn.fingerprint(),
        "pgmpy_version": pgmpy.__version__,
        "numpy_version": np.__version__,
        "torch_installed": importlib.util.find_spec("torch") is not None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
