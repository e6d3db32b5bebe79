"""Simulated patients: each one starts an interview, answers until it is done, reads the result.

The patients are spread over a few client processes (`drive`), each one asyncio
loop (uvloop when installed) speaking HTTP/1.1 over its own streams: the client
shares the machine's cores with the server, and with 200 connections the httpx
client of the first version spent about 18 ms of CPU per request, more than the
server. Each patient keeps one connection for one interview and closes it with
the result, as one person's browser would: the next interview comes on a new
connection, which either worker may accept. A patient waits `think_s` before
every request (a fast human reading the question); with no wait the patients
measure capacity. Answers are drawn from a seeded generator: mostly "no" to the
items of a group, rarely the answers that end an interview at once, so
interviews run their full course as often as a person's would.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import resource
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

TEXTS = (
    "",
    "my legs feel weak",
    "my left leg has been getting weaker for a few weeks and my back hurts",
    "both legs are weak and tingly since last week",
    "I keep tripping over my right foot",
)
#: Answers that usually end an interview at once (a warning sign): drawn less often.
RARE = ("yes", "sudden")
TIMEOUT_S = 30.0
#: Client processes by default: the patients are split evenly between them.
PROCESSES = 2


class HTTPError(Exception):
    """A reply that is not HTTP/1.1 as this client reads it (the server's fault or a closed connection)."""


@dataclass
class Tally:
    """What every patient saw: each request's time, each error, each finished interview."""

    latencies_s: list[float] = field(default_factory=list)
    by_route: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    started: int = 0
    completed: int = 0


def answer_body(question: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """A plausible answer to any pending question."""
    if question["type"] == "group":
        words = ("no", "yes", "dont_know")
        return {
            "question_id": question["id"],
            "answers": {i["id"]: rnd.choices(words, (8, 1, 1))[0] for i in question["items"]},
        }
    options = [o["id"] for o in question["options"]]
    weights = [1 if o in RARE else 4 for o in options]
    return {"question_id": question["id"], "answer": rnd.choices(options, weights)[0]}


class Connection:
    """One kept-alive HTTP/1.1 connection: JSON bodies, Content-Length replies, nothing else."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, body: Any = None, *, close: bool = False
    ) -> tuple[int, bytes]:
        """Status and body; closes the connection after it when asked or when the server says so."""
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        payload = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        if close:
            head += "Connection: close\r\n"
        self._writer.write(head.encode() + b"\r\n" + payload)
        try:
            status_line = await self._reader.readline()
            parts = status_line.split(None, 2)
            if len(parts) < 2 or not parts[1].isdigit():
                raise HTTPError(f"no status line: {status_line[:40]!r}")
            length, closing = 0, close
            while (line := await self._reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    closing = True
                elif name == b"transfer-encoding":
                    raise HTTPError("a chunked reply: this client reads Content-Length only")
            data = await self._reader.readexactly(length) if length else b""
        except BaseException:
            self.close()
            raise
        if closing:
            self.close()
        return int(parts[1]), data

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


async def _call(
    conn: Connection, tally: Tally, route: str, method: str, path: str, body: Any = None, close: bool = False
) -> dict[str, Any] | None:
    started = time.perf_counter()
    try:
        status, data = await asyncio.wait_for(conn.request(method, path, body, close=close), TIMEOUT_S)
    except (OSError, EOFError, ValueError, HTTPError, TimeoutError) as exc:
        tally.errors[f"{route}: {type(exc).__name__}"] += 1
        return None
    elapsed = time.perf_counter() - started
    tally.latencies_s.append(elapsed)
    tally.by_route.setdefault(route, []).append(elapsed)
    if status not in (200, 201):
        tally.errors[f"{route}: HTTP {status}"] += 1
        return None
    reply: dict[str, Any] = json.loads(data)
    return reply


async def patient(host: str, port: int, seed: int, think_s: float, deadline: float, tally: Tally) -> None:
    """Whole interviews, one after another, until the deadline; an error ends that interview."""
    rnd = random.Random(seed)
    if think_s:
        await asyncio.sleep(rnd.uniform(0, think_s))  # patients arrive spread out, not all at once

    async def pause() -> bool:
        if think_s:
            await asyncio.sleep(think_s)
        return time.time() < deadline

    while time.time() < deadline:
        # One connection per interview: kept alive for its answers, closed with its result, so
        # the next patient's connection may go to either worker (a few long-lived connections
        # would load one worker and leave the other idle: measured 0.38 against 0.07 of a core).
        conn = Connection(host, port)
        try:
            if not await _interview(conn, rnd, tally, pause):
                return
        finally:
            conn.close()
        if not await pause():
            return


async def _interview(
    conn: Connection, rnd: random.Random, tally: Tally, pause: Callable[[], Coroutine[Any, Any, bool]]
) -> bool:
    """One interview to its result, or until an error ends it; False once the deadline has passed."""
    body = {"age": rnd.randint(16, 90), "sex": rnd.choice(("female", "male")), "text": rnd.choice(TEXTS)}
    state = await _call(conn, tally, "POST /v1/interviews", "POST", "/v1/interviews", body)
    if state is None:
        return True
    tally.started += 1
    while state["status"] != "done":
        if not await pause():
            return False
        path = f"/v1/interviews/{state['id']}/answers"
        route = "POST /v1/interviews/{id}/answers"
        state = await _call(conn, tally, route, "POST", path, answer_body(state["question"], rnd))
        if state is None:
            return True
    if not await pause():
        return False
    path = f"/v1/interviews/{state['id']}/result"
    route = "GET /v1/interviews/{id}/result"
    if await _call(conn, tally, route, "GET", path, close=True) is not None:
        tally.completed += 1
    return True


async def run_patients(
    base_url: str, users: int, think_s: float, seconds: float, seed: int, start: float | None = None
) -> Tally:
    """`users` patients for `seconds` (from `start`, a time.time(), when given); requests in flight
    at the end are finished and counted."""
    tally = Tally()
    url = urlsplit(base_url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    if start is not None:
        await asyncio.sleep(max(0.0, start - time.time()))
    deadline = time.time() + seconds
    await asyncio.gather(*(patient(host, port, seed + i, think_s, deadline, tally) for i in range(users)))
    return tally


def run_loop(coroutine: Coroutine[Any, Any, Tally]) -> Tally:
    """The coroutine on uvloop when it is installed (less CPU per request), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


def _client(args: tuple[str, int, float, float, int, float]) -> tuple[Tally, float]:
    """One client process: its patients' tally and the CPU seconds the process spent."""
    base_url, users, think_s, seconds, seed, start = args
    before = resource.getrusage(resource.RUSAGE_SELF)
    tally = run_loop(run_patients(base_url, users, think_s, seconds, seed, start))
    after = resource.getrusage(resource.RUSAGE_SELF)
    return tally, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def merge(tallies: list[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.latencies_s += t.latencies_s
        for route, times in t.by_route.items():
            out.by_route.setdefault(route, []).extend(times)
        out.errors.update(t.errors)
        out.started += t.started
        out.completed += t.completed
    return out


def drive(
    base_url: str,
    users: int,
    think_s: float,
    seconds: float,
    seed: int,
    processes: int = PROCESSES,
    while_running: Callable[[], None] = lambda: None,
) -> tuple[Tally, float]:
    """`users` patients split over `processes` client processes that start together; the merged
    tally and the client processes' CPU seconds. `while_running` is called every half second."""
    processes = max(1, min(processes, users))
    start = time.time() + 0.5  # every process starts its patients at the same moment
    shares = [users // processes + (1 if i < users % processes else 0) for i in range(processes)]
    seeds = [seed + sum(shares[:i]) for i in range(processes)]
    jobs = [(base_url, n, think_s, seconds, s, start) for n, s in zip(shares, seeds, strict=True)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending = pool.map_async(_client, jobs)
        while not pending.ready():
            while_running()
            pending.wait(0.5)
        results = pending.get()
    return merge([t for t, _ in results]), sum(cpu for _, cpu in results)
