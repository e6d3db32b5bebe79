"""The load test (`make load`): simulated patients against `legweak serve`, on SQLite and PostgreSQL.

For each database, `legweak serve --workers 2` (by default) serves patients who
wait one second between answers, at 50 and at 200 at once, and then patients
who never wait, to find capacity; the same no-wait run on one worker gives the
slope from one to two workers. Each run reports interviews completed per
second, request p50/p95/p99, errors, each worker's peak memory and CPU, and the
load client's own CPU over its processes (client and server share this machine's cores), with
`python -c pass` timed in the same run so figures compare across machines.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import machine
from benchmarks.load.patients import PROCESSES, Tally, drive, run_loop, run_patients
from benchmarks.load.server import Meter, Server, database

#: The targets of issue 13, at 200 patients who wait one second between answers.
TARGET_P99_MS = 100.0
TARGET_ERRORS = 0
WARMUP_S = 3.0


@dataclass(frozen=True)
class Scenario:
    users: int
    think_s: float

    @property
    def name(self) -> str:
        wait = f"{self.think_s:g} s wait" if self.think_s else "no wait (capacity)"
        return f"{self.users} users, {wait}"


def python_floor_ms(runs: int = 5) -> float:
    """Median wall time of `python -c pass` here and now: the yardstick across machines."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times[1:]) * 1e3, 1)


def summarise(tally: Tally, wall_s: float) -> dict[str, Any]:
    lat = np.asarray(tally.latencies_s) * 1e3
    pct = (
        {f"p{q}": round(float(np.percentile(lat, q)), 1) for q in (50, 95, 99)}
        if lat.size
        else {"p50": None, "p95": None, "p99": None}
    )
    return {
        "interviews_started": tally.started,
        "interviews_completed": tally.completed,
        "interviews_per_s": round(tally.completed / wall_s, 2),
        "requests": int(lat.size),
        "requests_per_s": round(lat.size / wall_s, 1),
        "latency_ms": {**pct, "max": round(float(lat.max()), 1) if lat.size else None},
        "latency_p99_ms_by_route": {
            route: round(float(np.percentile(np.asarray(v) * 1e3, 99)), 1)
            for route, v in sorted(tally.by_route.items())
        },
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors),
    }


def measure(
    server: Server, scenario: Scenario, seconds: float, seed: int, processes: int = PROCESSES
) -> dict[str, Any]:
    """One scenario against a running server, with the server's and the client's CPU and memory."""
    meter = Meter(server.worker_processes())
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    tally, client_cpu = drive(
        server.base_url, scenario.users, scenario.think_s, seconds, seed, processes, meter.sample
    )
    wall_s = time.perf_counter() - started
    workers = meter.report(wall_s)
    server_cpu_s = sum(workers["worker_cpu_share"]) * wall_s
    return {
        "workers": server.workers,
        "users": scenario.users,
        "think_s": scenario.think_s,
        "scenario": scenario.name,
        "wall_s": round(wall_s, 1),
        **summarise(tally, wall_s),
        **workers,
        "server_cpu_ms_per_request": round(server_cpu_s / max(len(tally.latencies_s), 1) * 1e3, 2),
        "client_processes": max(1, min(processes, scenario.users)),
        "client_cpu_share": round(client_cpu / wall_s, 3),
        "client_cpu_ms_per_request": round(client_cpu / max(len(tally.latencies_s), 1) * 1e3, 2),
        # Other work on the machine competes for the same cores: the 1-minute load average
        # before and after says how much.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def run(
    *,
    seconds: float = 60.0,
    databases: tuple[str, ...] = ("sqlite", "postgresql"),
    workers: int = 2,
    users: tuple[int, ...] = (50, 200),
    think_s: float = 1.0,
    capacity_users: int = 16,
    slope: bool = True,
    seed: int = 1,
    warmup_s: float = WARMUP_S,
    client_processes: int = PROCESSES,
    log: Path | None = None,
    say: Any = print,
) -> dict[str, Any]:
    """Every scenario on every database; the figures as one JSON-ready dict."""
    floor_ms = python_floor_ms()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="legweak-load-") as tmp:
        server_log = log or Path(tmp) / "serve.log"
        for kind in databases:
            with database(kind, Path(tmp)) as url:
                counts = [workers, *([1] if slope and workers != 1 else [])]
                for count in counts:
                    scenarios = [Scenario(u, think_s) for u in users] if count == workers else []
                    scenarios.append(Scenario(capacity_users, 0.0))
                    say(f"{kind}: legweak serve --workers {count} …")
                    try:
                        server = Server(url, count, server_log)
                    except RuntimeError as exc:  # once more on a new port (another process may take one)
                        say(f"  start failed, retrying: {exc}")
                        server = Server(url, count, server_log)
                    try:
                        run_loop(run_patients(server.base_url, 4, 0.0, warmup_s, seed + 10_000))
                        for scenario in scenarios:
                            say(f"  {scenario.name}, {seconds:g} s …")
                            figures = measure(server, scenario, seconds, seed, client_processes)
                            runs.append({"database": kind, **figures})
                            say(
                                f"    {figures['interviews_per_s']} interviews/s, "
                                f"p99 {figures['latency_ms']['p99']} ms, {figures['errors']} errors"
                            )
                    finally:
                        server.stop()
    return {
        "machine": machine(),
        "python_c_pass_ms": floor_ms,
        "seconds": seconds,
        "client": {
            "processes": client_processes,
            "http": "HTTP/1.1 over asyncio streams (uvloop), one kept-alive connection per interview",
        },
        "targets": {"users": max(users) if users else None, "p99_ms": TARGET_P99_MS, "errors": TARGET_ERRORS},
        "runs": runs,
    }
