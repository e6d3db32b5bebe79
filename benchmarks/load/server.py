"""`legweak serve` as the load test's subprocess, on SQLite or a pgserver PostgreSQL.

The server runs in its own process group, so stopping it stops every worker.
Worker memory and CPU are read from the operating system (psutil), per worker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil

from benchmarks.common import ROOT

START_TIMEOUT_S = 180
#: High enough that the load test measures the service, not the rate limit.
RATE_LIMIT = "1000000/hour"
#: uvicorn's line per request costs about 4 % of a worker's CPU; a deployment at this rate
#: turns it off (docs/settings.md), and so does the load test.
ACCESS_LOG = "off"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """An empty database of `kind` (sqlite or postgresql) for one run; its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'load.sqlite3'}"
        return
    if kind != "postgresql":
        raise ValueError(f"unknown database {kind!r}: use sqlite or postgresql")
    import pgserver

    server = pgserver.get_server(Path(tempfile.mkdtemp(prefix="legweak-load-pg-")), cleanup_mode="delete")
    try:
        server.psql("CREATE DATABASE legweak_load;")
        yield server.get_uri("legweak_load").replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        server.cleanup()


class Server:
    """One `legweak serve --workers N` process group."""

    def __init__(self, database_url: str, workers: int, log: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        env = {**os.environ, "LEGWEAK_RATE_LIMIT": RATE_LIMIT, "LEGWEAK_ACCESS_LOG": ACCESS_LOG}
        self._log = log.open("a", encoding="utf-8")
        argv = [sys.executable, "-m", "legweak", "serve", "--port", str(self.port)]
        argv += ["--workers", str(workers), "--database-url", database_url]
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._log.flush()
                tail = Path(self._log.name).read_text(encoding="utf-8").splitlines()[-15:]
                raise RuntimeError(f"legweak serve exited with {self.proc.returncode}:\n" + "\n".join(tail))
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200 and (
                    len(self.worker_processes()) == self.workers
                ):
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"legweak serve was not ready in {START_TIMEOUT_S} s; see {self._log.name}")

    def worker_processes(self) -> list[psutil.Process]:
        """The processes that answer requests: the spawned workers, or the server itself with one."""
        main = psutil.Process(self.proc.pid)
        if self.workers == 1:
            return [main]
        return [p for p in main.children() if any("spawn_main" in part for part in (p.cmdline() or []))]

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGINT)
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass
        self._log.close()


class Meter:
    """Peak RSS and CPU seconds of each worker, sampled while a scenario runs."""

    def __init__(self, processes: list[psutil.Process]) -> None:
        self.processes = processes
        self.peak_rss = [p.memory_info().rss for p in processes]
        self.cpu_start = [_cpu(p) for p in processes]

    def sample(self) -> None:
        for i, p in enumerate(self.processes):
            self.peak_rss[i] = max(self.peak_rss[i], p.memory_info().rss)

    def report(self, wall_s: float) -> dict[str, Any]:
        cpu = [_cpu(p) - start for p, start in zip(self.processes, self.cpu_start, strict=True)]
        return {
            "worker_rss_mb": [round(r / 2**20, 1) for r in self.peak_rss],
            "worker_cpu_share": [round(c / wall_s, 3) for c in cpu],
        }


def _cpu(p: psutil.Process) -> float:
    t = p.cpu_times()
    return float(t.user + t.system)
