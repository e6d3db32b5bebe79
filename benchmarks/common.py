"""Timing statistics, machine description and small helpers shared by every benchmark.

Only the standard library and numpy are imported here: the fresh subprocesses
that measure memory import this module too.
"""

from __future__ import annotations

import gc
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
#: The one seed every synthetic knowledge base and every evidence draw derives from.
SEED = 20240917


def stats(
    samples_s: list[float], run_medians_s: list[float] | None = None, unit: float = 1e3
) -> dict[str, Any]:
    """Median, p99 and spread of per-call times (seconds in, `unit` scales: 1e3 gives ms)."""
    arr = np.asarray(samples_s, dtype=float) * unit
    out: dict[str, Any] = {
        "median": float(np.median(arr)),
        "p99": float(np.percentile(arr, 99)),
        "p25": float(np.percentile(arr, 25)),
        "p75": float(np.percentile(arr, 75)),
        "min": float(arr.min()),
        "max": float(arr.max()),
        "n": len(samples_s),
    }
    if run_medians_s:
        runs = [m * unit for m in run_medians_s]
        out["run_medians"] = [round(r, 6) for r in runs]
        out["runs"] = len(runs)
    return out


def time_calls(fn: Callable[[int], object], *, runs: int, per_run: int, warmup: int = 3) -> dict[str, Any]:
    """Call fn(i) per_run times in each of `runs` runs, timing every call on its own.

    Returns stats() in milliseconds: the median and p99 over every call, and the
    median of each run so the spread between runs can be shown.
    """
    for i in range(warmup):
        fn(i)
    samples: list[float] = []
    medians: list[float] = []
    clock = time.perf_counter
    for _ in range(runs):
        gc.collect()
        run: list[float] = []
        for i in range(per_run):
            t0 = clock()
            fn(i)
            run.append(clock() - t0)
        samples.extend(run)
        medians.append(float(np.median(run)))
    return stats(samples, medians)


def calls_for_budget(fn: Callable[[int], object], budget_s: float, lo: int, hi: int) -> int:
    """How many calls of fn fit in budget_s (estimated from a few calls), clipped to [lo, hi]."""
    t0 = time.perf_counter()
    n = 0
    while n < 3 or time.perf_counter() - t0 < 0.05:
        fn(n)
        n += 1
    each = (time.perf_counter() - t0) / n
    return int(max(lo, min(hi, budget_s / max(each, 1e-9))))


def fmt(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "–"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_total_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """The machine and the versions the figures were measured with."""
    import legweak

    info: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": _mem_total_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "legweak": legweak.__version__,
        "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
    }
    try:
        from legweak.kb.loader import load_kb

        kb = load_kb()
        info["kb_version"] = kb.version
        info["kb_hash"] = kb.hash
        info["kb_size"] = {
            "conditions": len(kb.conditions),
            "findings": len(kb.findings),
            "likelihoods": sum(len(f) for f in kb.likelihoods.values()),
        }
    except Exception as exc:  # the shipped KB may be mid-edit; the report says so
        info["kb_version"] = None
        info["kb_error"] = f"{type(exc).__name__}: {exc}"
    return info


def skipped(reason: str, **extra: Any) -> dict[str, Any]:
    return {"skipped": reason, **extra}
