"""`legweak serve`: migrates the default SQLite database, then answers over HTTP."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).parents[2]
START_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(tmp_path: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    """`legweak serve` on the default SQLite database under tmp_path, in its own process group,
    once /readyz answers."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    env.pop("LEGWEAK_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "legweak", "serve", "--port", str(port), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        assert proc.poll() is None, proc.communicate()[0]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            stop(proc)
            raise AssertionError("legweak serve did not become ready")
        time.sleep(0.5)


def stop(proc: subprocess.Popen[str]) -> str:
    """Stop the whole process group (the workers too); returns what it printed."""
    os.killpg(proc.pid, signal.SIGINT)
    try:
        return proc.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return proc.communicate()[0]


def test_serve_creates_its_database_and_serves_an_interview(tmp_path: Path) -> None:
    port = free_port()
    proc = serve(tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    try:
        created = httpx.post(f"{base}/v1/interviews", json={"age": 54, "sex": "female"}, timeout=30)
        assert created.status_code == 201
        interview_id = created.json()["id"]
        assert httpx.get(f"{base}/v1/interviews/{interview_id}", timeout=30).json() == created.json()
        assert (tmp_path / "legweak" / "interviews.sqlite3").exists()
    finally:
        output = stop(proc)
    assert "Traceback" not in output, output
    assert f"127.0.0.1:{port}" in output


def test_two_workers_share_one_database_and_one_interview(tmp_path: Path) -> None:
    """`--workers 2`: requests land on either process; every answer is in the one database."""
    port = free_port()
    proc = serve(tmp_path, port, "--workers", "2")
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            state = client.post("/v1/interviews", json={"age": 54, "sex": "female"}).json()
            for _ in range(4):
                if state["status"] == "done":
                    break
                question = state["question"]
                body = (
                    {"question_id": question["id"], "answers": {i["id"]: "no" for i in question["items"]}}
                    if question["type"] == "group"
                    else {"question_id": question["id"], "answer": "dont_know"}
                )
                answered = client.post(f"/v1/interviews/{state['id']}/answers", json=body)
                assert answered.status_code == 200, answered.text
                state = answered.json()
                # A new connection each time may reach the other worker: it reads the same state.
                with httpx.Client(base_url=base, timeout=30) as other:
                    assert other.get(f"/v1/interviews/{state['id']}").json() == state
        # The web session cookie is signed with one key for every worker: whichever worker
        # reads it (a new connection each time) accepts the form token and finds the interview.
        page = httpx.get(f"{base}/", timeout=30)
        cookies = dict(page.cookies)
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        for _ in range(4):
            started = httpx.post(
                f"{base}/start",
                data={"csrf": token.group(1), "age": "40", "sex": "male", "text": ""},
                cookies=cookies,
                timeout=30,
            )
            assert started.status_code == 303, started.text
            cookies = dict(started.cookies)
            assert httpx.get(f"{base}/question", cookies=cookies, timeout=30).status_code == 200
    finally:
        output = stop(proc)
    assert "Traceback" not in output, output
