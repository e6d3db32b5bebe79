"""Benchmark 4: evaluation throughput — simulated vignette interviews per second.

Two figures on the example vignette file in docs/:

- in-process: `legweak.evaluation.run(path, checker)` (what `legweak eval` calls), after
  one warm-up run so the parser is built; repeated runs on the same checker.
- command: the wall time of `legweak eval FILE --json` as a person runs it, start-up
  included (a fresh process each time).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import ROOT, skipped
from legweak.config import Settings

VIGNETTES = ROOT / "docs" / "example-vignettes.yaml"
TIMEOUT_S = 300


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("legweak")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("legweak")
    return [found] if found else [sys.executable, "-m", "legweak"]


def run(quick: bool = False, path: Path = VIGNETTES, cli: bool = True) -> dict[str, Any]:
    if not path.exists():
        return skipped(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} missing", per_s=None)
    try:
        from legweak.evaluation import run as evaluate
        from legweak.service import Checker
    except ImportError as exc:
        return skipped(f"legweak.evaluation missing ({exc})", per_s=None)
    try:
        checker = Checker.from_settings(Settings())
        report = evaluate(path, checker, progress=False)  # warm-up: the parser
    except Exception as exc:
        return skipped(f"legweak eval failed ({type(exc).__name__}: {exc})", per_s=None)
    n = len(report.cases)
    if n == 0:
        return skipped(f"{path.name} holds no vignettes", per_s=None)
    runs = 1 if quick else 5
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        evaluate(path, checker, progress=False)
        times.append(time.perf_counter() - t0)
    rates = [n / t for t in times]
    out: dict[str, Any] = {
        "file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "vignettes": n,
        "per_s": float(np.median(rates)),
        "per_s_range": [float(min(rates)), float(max(rates))],
        "ms_per_vignette": float(np.median(times)) / n * 1e3,
        "runs": runs,
    }
    if not cli:
        return out
    cli_times = []
    for _ in range(1 if quick else 3):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [*_cli(), "eval", str(path), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        cli_times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):  # 1 = a check failed, still a full run
            out["cli"] = skipped(f"`legweak eval` exited {proc.returncode}: {proc.stderr.strip()[-200:]}")
            return out
    out["cli"] = {
        "wall_s": float(np.median(cli_times)),
        "wall_s_range": [float(min(cli_times)), float(max(cli_times))],
        "per_s": n / float(np.median(cli_times)),
        "runs": len(cli_times),
    }
    return out
