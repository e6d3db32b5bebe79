"""Benchmark 2: step time and memory on synthetic knowledge bases of growing size.

Each size runs in a fresh `python -c` subprocess that imports only the engine
(and the generator, which imports only numpy and the engine), builds the
synthetic KB from the fixed seed, times interview steps, and reports its peak
resident memory (`ru_maxrss`). Nothing else is loaded in that process: no
parser, no terminal, no shipped KB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from benchmarks.common import ROOT, SEED, skipped

TIMEOUT_S = 300


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def child(n_conditions: int, n_findings: int, seed: int, quick: bool) -> None:
    """Runs inside the fresh subprocess; prints one JSON object."""
    import time

    import numpy as np

    from benchmarks.common import calls_for_budget, time_calls
    from benchmarks.synthetic import AGE, SEX, evidence_sets, generate, step, to_model
    from legweak.engine.posterior import posterior

    import_rss = _rss_mb()
    t0 = time.perf_counter()
    syn = generate(n_conditions, n_findings, seed)
    evidence = evidence_sets(syn, 8, seed)
    model = to_model(syn)
    build_s = time.perf_counter() - t0
    fingerprint = syn.fingerprint()
    n_entries = syn.n_entries
    del syn
    model_bytes = sum(v.nbytes for v in vars(model).values() if isinstance(v, np.ndarray)) + sum(
        p.nbytes for p in model.log_priors.values()
    )

    def one(i: int) -> object:
        return step(model, evidence[i % len(evidence)])

    runs = 2 if quick else 5
    per_run = calls_for_budget(one, 0.25 if quick else 1.5, 5, 2000)
    timing = time_calls(one, runs=runs, per_run=per_run)
    post_ms = time_calls(
        lambda i: posterior(model, AGE, SEX, evidence[i % len(evidence)]),  # type: ignore[arg-type]
        runs=runs,
        per_run=max(per_run, 50),
    )["median"]
    out = {
        "conditions": n_conditions,
        "findings": n_findings,
        "listed_pairs": n_entries,
        "entries": len(model.log_ratio),
        "columns": len(model.log_bg),
        "step_ms": timing["median"],
        "step": timing,
        "posterior_ms": post_ms,
        "rss_mb": _rss_mb(),
        "import_rss_mb": import_rss,
        "model_mb": model_bytes / 1e6,
        "build_s": build_s,
        "fingerprint": fingerprint,
    }
    print(json.dumps(out))


def measure(n_conditions: int, n_findings: int, quick: bool, seed: int = SEED) -> dict[str, Any]:
    code = f"from benchmarks.scaling import child; child({n_conditions}, {n_findings}, {seed}, {quick})"
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return skipped(f"timed out after {TIMEOUT_S} s", conditions=n_conditions, findings=n_findings)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        return skipped(f"failed: {tail[0]}", conditions=n_conditions, findings=n_findings)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run(quick: bool = False, sizes: tuple[tuple[int, int], ...] | None = None) -> list[dict[str, Any]]:
    from benchmarks.synthetic import SIZES

    return [measure(c, f, quick) for c, f in (sizes or SIZES)]
