"""What a person tells legweak stays in their interview: not in logs, not in another's, not once deleted.

The free text carries a distinctive Unicode marker, so a scan for it cannot be
fooled by a word that happens to be common. Every scan has a positive control
(the marker, or an id prefix, is found where it should be), so an empty capture
cannot pass for a clean one.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from legweak.api import create_app
from legweak.api.logs import redact
from legweak.config import Settings
from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import answer_dont_know, assert_problem, sqlite_store
from tests.cli.test_serve import free_port, serve, stop

MARKER = "Zqxv-Ωμ-Ünïcødé-🦵-marker"
TEXT = f"My legs have been weak for two weeks and I trip on stairs. {MARKER}"
#: The marker as SQLAlchemy's JSON stores it (ASCII with \\u escapes), and as UTF-8.
MARKER_FORMS = (MARKER.encode(), json.dumps(MARKER)[1:-1].encode(), b"Zqxv")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InterviewStore]:
    store = sqlite_store(tmp_path_factory)
    yield store
    store.close()


def full_interview(http: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A whole interview with the marked text, to its result, its FHIR export, and deletion."""
    created = http.post("/v1/interviews", json={"age": 61, "sex": "male", "text": TEXT})
    assert created.status_code == 201, created.text
    state = created.json()
    while state["status"] != "done":
        state = answer_dont_know(http, state)
    result = http.get(f"/v1/interviews/{state['id']}/result").json()
    assert http.get(f"/v1/interviews/{state['id']}/fhir").status_code == 200
    assert http.get("/v1/interviews/" + state["id"][:-1] + "x").status_code == 404
    return state, result


def secrets_of(state: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """What no log line may hold: the text, the whole id, the answers and the result's words."""
    return [
        MARKER,
        "Zqxv",
        "trip on stairs",
        state["id"],
        "dont_know",
        result["triage"]["advice"][:60],
        result["conditions"][0]["name"],
        json.dumps(result["answers"])[:40],
    ]


def test_a_debug_log_of_a_whole_interview_holds_no_text_answer_result_or_id(
    kb: KnowledgeBase, store: InterviewStore, caplog: pytest.LogCaptureFixture
) -> None:
    """A real uvicorn server in this process, every logger at DEBUG, uvicorn's and SQLAlchemy's too."""
    for name in (None, "uvicorn", "uvicorn.access", "uvicorn.error", "sqlalchemy", "legweak"):
        caplog.set_level(logging.DEBUG, logger=name)
    app = create_app(Checker(kb, Settings(rate_limit=None)), store, prepare=False)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="debug", log_config=None, lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            state, result = full_interview(http)
            assert http.delete(f"/v1/interviews/{state['id']}").status_code == 204
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    # The test's own HTTP client logs its requests; it is not the server.
    lines = [caplog_line(r) for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    access = [line for line in lines if "/v1/interviews/" in line]
    assert len(access) >= 5 and all(state["id"][:6] + "…" in line for line in access), access[:3]
    assert any(line.startswith("sqlalchemy") for line in lines), "SQLAlchemy was logging too"
    for secret in secrets_of(state, result):
        leaks = [line for line in lines if secret in line]
        assert not leaks, (secret, leaks[:3])


def caplog_line(record: logging.LogRecord) -> str:
    text = f"{record.name} {record.getMessage()}"
    return text + (f" {record.exc_text}" if record.exc_text else "")


def test_legweak_serve_at_debug_prints_no_text_answer_result_or_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real command, with API keys and the rate limit off (both reach its workers intact)."""
    monkeypatch.setenv("LEGWEAK_API_KEYS", "a-key-for-the-test")
    monkeypatch.setenv("LEGWEAK_RATE_LIMIT", "off")
    port = free_port()
    proc = serve(tmp_path, port, "--log-level", "debug")
    try:
        headers = {"X-API-Key": "a-key-for-the-test"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30, headers=headers) as http:
            state, result = full_interview(http)
            assert http.delete(f"/v1/interviews/{state['id']}").status_code == 204
        assert httpx.get(f"http://127.0.0.1:{port}/v1/kb", timeout=30).status_code == 401
    finally:
        output = stop(proc)
    assert f"/v1/interviews/{state['id'][:6]}…" in output, output[-2000:]
    assert "a-key-for-the-test" not in output and "Traceback" not in output
    for secret in secrets_of(state, result):
        assert secret not in output, secret


def test_an_id_shaped_token_is_cut_to_six_characters() -> None:
    line = '127.0.0.1:5 - "GET /v1/interviews/AbCdEf_-0123456789wxyz/fhir HTTP/1.1" 200'
    assert redact(line) == '127.0.0.1:5 - "GET /v1/interviews/AbCdEf…/fhir HTTP/1.1" 200'
    assert redact("/v1/kb/findings/weakness_one_side_x") == "/v1/kb/findings/weakness_one_side_x"


def test_one_interviews_id_opens_that_interview_and_no_other(client: TestClient) -> None:
    mine = client.post("/v1/interviews", json={"age": 40, "sex": "female", "text": TEXT}).json()
    theirs = client.post("/v1/interviews", json={"age": 70, "sex": "male"}).json()
    assert mine["id"] != theirs["id"] and mine["id"][:8] != theirs["id"][:8]
    got = client.get(f"/v1/interviews/{mine['id']}").json()
    assert got["id"] == mine["id"] and got == mine
    # Near misses and tricks are no interview at all; there is no list of interviews.
    for wrong in (
        mine["id"][:-1],
        mine["id"] + "A",
        mine["id"].swapcase(),
        f"{mine['id']}%2F..%2F{theirs['id']}",
    ):
        response = client.get(f"/v1/interviews/{wrong}")
        assert response.status_code == 404 and "question" not in response.json()
    assert client.get("/v1/interviews").status_code == 405
    # Answering and deleting mine leaves theirs exactly as it was.
    answer_dont_know(client, mine)
    assert client.delete(f"/v1/interviews/{mine['id']}").status_code == 204
    assert client.get(f"/v1/interviews/{theirs['id']}").json() == theirs
    assert_problem(client.get(f"/v1/interviews/{mine['id']}"), 404, "interview-not-found")


def raw_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, as they lie on the disk."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def holds_marker(data: bytes) -> bool:
    return any(form in data for form in MARKER_FORMS)


@pytest.mark.parametrize("how", ["delete", "purge"])
def test_a_deleted_interview_leaves_no_trace_in_the_database_files(
    kb: KnowledgeBase, tmp_path: Path, how: str
) -> None:
    path = tmp_path / "interviews.sqlite3"
    store = InterviewStore.open(f"sqlite:///{path}")
    store.migrate()
    try:
        with TestClient(create_app(Checker(kb, Settings(rate_limit=None)), store, prepare=False)) as client:
            kept = client.post("/v1/interviews", json={"age": 50, "sex": "female"}).json()
            state = client.post("/v1/interviews", json={"age": 61, "sex": "male", "text": TEXT}).json()
            for _ in range(3):  # each answer writes the session (and the text) again
                if state["status"] != "done":
                    state = answer_dont_know(client, state)
            assert holds_marker(raw_bytes(path)), "the control: the text is on disk before deletion"
            if how == "delete":
                assert client.delete(f"/v1/interviews/{state['id']}").status_code == 204
            else:
                from datetime import UTC, datetime, timedelta

                later = datetime.now(UTC) + timedelta(days=1)
                # Touch the kept one "later", then purge what was last changed over a day before.
                assert store.purge(timedelta(hours=12), now=later) == 2
                kept = client.post("/v1/interviews", json={"age": 50, "sex": "female"}).json()
            data = raw_bytes(path)
            assert not holds_marker(data), "the deleted text is still in the database file or its log"
            assert state["id"].encode() not in data
            assert client.get(f"/v1/interviews/{kept['id']}").status_code == 200
    finally:
        store.close()
