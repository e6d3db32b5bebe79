"""Benchmark 3: legweak's posterior against pgmpy's exact inference on the same model.

pgmpy runs in its own environment, `benchmarks/.venv-pgmpy` (`make bench` creates
it), in a subprocess per size (`benchmarks/pgmpy_worker.py`) that exchanges JSON
with this runner. The hard time-out per size is enforced with the subprocess
time-out. Both posteriors are timed in that same worker process, so the ratio
pgmpy / legweak is measured in one run on one interpreter.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, SEED, skipped

PGMPY_ENV = ROOT / "benchmarks" / ".venv-pgmpy"
#: Hard limit per size, import and network building included.
TIMEOUT_S = 60
TOLERANCE = 1e-9


def python() -> Path | None:
    exe = PGMPY_ENV / "bin" / "python"
    return exe if exe.exists() else None


def measure(n_conditions: int, n_findings: int, quick: bool, full_network: bool = False) -> dict[str, Any]:
    exe = python()
    if exe is None:
        return skipped(
            f"pgmpy environment missing ({PGMPY_ENV.relative_to(ROOT)}; `make bench` creates it)",
            conditions=n_conditions,
            findings=n_findings,
            ratio=None,
            max_abs_diff=None,
        )
    job = {
        "conditions": n_conditions,
        "findings": n_findings,
        "seed": SEED,
        "evidence_sets": 1 if quick else 4,
        "repeats": 5 if quick else 30,
        "budget_s": 5.0 if quick else 30.0,
        "full_network": full_network,
    }
    try:
        proc = subprocess.run(
            [str(exe), "-m", "benchmarks.pgmpy_worker"],
            cwd=ROOT,
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return skipped(
            f"pgmpy did not finish within {TIMEOUT_S} s",
            conditions=n_conditions,
            findings=n_findings,
            ratio=None,
            max_abs_diff=None,
        )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        return skipped(
            f"pgmpy worker failed: {tail[0]}",
            conditions=n_conditions,
            findings=n_findings,
            ratio=None,
            max_abs_diff=None,
        )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["agree"] = result["max_abs_diff"] <= TOLERANCE and (
        result.get("full_network_max_abs_diff") is None or result["full_network_max_abs_diff"] <= TOLERANCE
    )
    return result


def run(quick: bool = False, sizes: tuple[tuple[int, int], ...] | None = None) -> list[dict[str, Any]]:
    from benchmarks.synthetic import SIZES

    chosen = sizes or SIZES
    # The smallest size also checks the full network (every finding a child): same posterior.
    return [measure(c, f, quick, full_network=(i == 0)) for i, (c, f) in enumerate(chosen)]
