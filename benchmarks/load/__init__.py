"""The load test (`make load`): simulated patients against `legweak serve`, on SQLite and PostgreSQL.

For each database, `legweak serve --workers 2` (by default) serves patients who
wait one second between answers, at 50 and at 200 at once, and then patients
who never wait, to find capacity; the same no-wait run on one worker gives the
slope from one to two workers. Each run reports interviews completed per
second, request p50/p95/p99, errors, each worker's peak memory and CPU, and the
load client's own CPU (client and server share this machine's cores), with
`python -c pass` timed in the same run so figures compare across machines.
"""

from __future__ import annotations

import asyncio
import os
import resource
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
from benchmarks.load.patients import Tally, run_patients
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


def measure(server: Server, scenario: Scenario, seconds: float, seed: int) -> dict[str, Any]:
    """One scenario against a running server, with the server's and the client's CPU and memory."""
    meter = Meter(server.worker_processes())

    async def main() -> Tally:
        running = asyncio.ensure_future(
            run_patients(server.base_url, scenario.users, scenario.think_s, seconds, seed)
        )
        while not running.done():
            meter.sample()
            await asyncio.sleep(0.5)
        return running.result()

    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    tally = asyncio.run(main())
    wall_s = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
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
        "client_cpu_share": round(client_cpu / wall_s, 3),
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
                        asyncio.run(run_patients(server.base_url, 4, 0.0, warmup_s, seed + 10_000))
                        for scenario in scenarios:
                            say(f"  {scenario.name}, {seconds:g} s …")
                            figures = measure(server, scenario, seconds, seed)
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
        "targets": {"users": max(users) if users else None, "p99_ms": TARGET_P99_MS, "errors": TARGET_ERRORS},
        "runs": runs,
    }
