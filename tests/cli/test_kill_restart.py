"""A crash loses nothing: `legweak serve --workers 2` killed with SIGKILL mid-interview, then started again.

Every answer is committed before its reply is sent, so killing the whole process
group (no shutdown, no flush) between two answers must leave the interview
exactly where the last reply said it was, and the finished interview must come
out as if nothing had happened. Run on SQLite and on a real PostgreSQL.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.cli.test_serve import free_port, serve, stop

OPENING = {"age": 54, "sex": "female", "text": "my left leg has been getting weaker for a few weeks"}
BEFORE_KILL = 3


def reply(question: dict[str, Any]) -> dict[str, Any]:
    """The same answer to the same question every time, so two runs can be compared."""
    if question["type"] == "group":
        items = [i["id"] for i in question["items"]]
        return {
            "question_id": question["id"],
            "answers": {i: ("no", "dont_know")[n % 2] for n, i in enumerate(items)},
        }
    options = [o["id"] for o in question["options"] if o["id"] != "dont_know"]
    return {"question_id": question["id"], "answer": options[-1]}


def answer(
    client: httpx.Client, state: dict[str, Any], limit: int | None = None, given: set[str] | None = None
) -> dict[str, Any]:
    """Answer up to `limit` questions (all of them when None); the last state the server replied.

    The findings answered are added to `given`.
    """
    asked = 0
    while state["status"] != "done" and (limit is None or asked < limit):
        body = reply(state["question"])
        response = client.post(f"/v1/interviews/{state['id']}/answers", json=body)
        assert response.status_code == 200, response.text
        state = response.json()
        asked += 1
        if given is not None:
            given |= set(body.get("answers") or {body["question_id"]: None})
    return state


def result(client: httpx.Client, interview_id: str) -> dict[str, Any]:
    response = client.get(f"/v1/interviews/{interview_id}/result")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def kill(proc: Any) -> None:
    """SIGKILL to the whole process group: the supervisor and both workers die at once."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def test_a_killed_server_keeps_every_answer_and_finishes_as_if_uninterrupted(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGWEAK_RATE_LIMIT", "10000/hour")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    options = ("--workers", "2", "--database-url", database_url)
    proc = serve(tmp_path, port, *options)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            created = client.post("/v1/interviews", json=OPENING)
            assert created.status_code == 201, created.text
            given: set[str] = set()
            before = answer(client, created.json(), limit=BEFORE_KILL, given=given)
    finally:
        kill(proc)
    assert before["status"] == "in_progress" and before["progress"]["asked"] >= BEFORE_KILL

    proc = serve(tmp_path, port, *options)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            after = client.get(f"/v1/interviews/{before['id']}").json()
            assert after == before  # the same pending question, nothing asked twice or lost
            crashed = result(client, answer(client, after)["id"])

            uninterrupted = client.post("/v1/interviews", json=OPENING).json()
            expected = result(client, answer(client, uninterrupted)["id"])
    finally:
        output = stop(proc)
    assert "Traceback" not in output, output
    assert crashed == expected
    assert crashed["questions_asked"] > BEFORE_KILL
    assert given <= set(crashed["answers"])  # every answer given before the kill was used
