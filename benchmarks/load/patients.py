"""Simulated patients: each one starts an interview, answers until it is done, reads the result.

One asyncio loop drives every patient over one httpx client, so a few hundred
patients cost one process. A patient waits `think_s` before every request (a
fast human reading the question); with no wait the patients measure capacity.
Answers are drawn from a seeded generator: mostly "no" to the items of a group,
rarely the answers that end an interview at once, so interviews run their full
course as often as a person's would.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

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


async def _call(
    client: httpx.AsyncClient,
    tally: Tally,
    route: str,
    method: str,
    url: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, json=body, headers=headers)
    except httpx.HTTPError as exc:
        tally.errors[f"{route}: {type(exc).__name__}"] += 1
        return None
    elapsed = time.perf_counter() - started
    tally.latencies_s.append(elapsed)
    tally.by_route.setdefault(route, []).append(elapsed)
    if response.status_code not in (200, 201):
        tally.errors[f"{route}: HTTP {response.status_code}"] += 1
        return None
    data: dict[str, Any] = response.json()
    return data


async def patient(
    client: httpx.AsyncClient, seed: int, think_s: float, deadline: float, tally: Tally
) -> None:
    """Whole interviews, one after another, until the deadline; an error ends that interview."""
    rnd = random.Random(seed)
    if think_s:
        await asyncio.sleep(rnd.uniform(0, think_s))  # patients arrive spread out, not all at once

    async def pause() -> bool:
        if think_s:
            await asyncio.sleep(think_s)
        return time.monotonic() < deadline

    while time.monotonic() < deadline:
        body = {"age": rnd.randint(16, 90), "sex": rnd.choice(("female", "male")), "text": rnd.choice(TEXTS)}
        state = await _call(client, tally, "POST /v1/interviews", "POST", "/v1/interviews", body)
        if state is None:
            if not await pause():
                return
            continue
        tally.started += 1
        while state is not None and state["status"] != "done":
            if not await pause():
                return
            url = f"/v1/interviews/{state['id']}/answers"
            route = "POST /v1/interviews/{id}/answers"
            state = await _call(client, tally, route, "POST", url, answer_body(state["question"], rnd))
        if state is None or not await pause():
            continue
        url = f"/v1/interviews/{state['id']}/result"
        # The next patient comes on a new connection, as a new person's browser would: kept-alive
        # connections stay with the worker that accepted them, and a few long-lived ones would
        # load one worker and leave the other idle (measured: 0.38 against 0.07 of a core).
        route = "GET /v1/interviews/{id}/result"
        if await _call(client, tally, route, "GET", url, headers={"Connection": "close"}) is not None:
            tally.completed += 1
        if not await pause():
            return


async def run_patients(base_url: str, users: int, think_s: float, seconds: float, seed: int) -> Tally:
    """`users` patients for `seconds`; requests in flight at the end are finished and counted."""
    tally = Tally()
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=TIMEOUT_S) as client:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(patient(client, seed + i, think_s, deadline, tally) for i in range(users)))
    return tally
