"""The database goes away and comes back: 503 with a clear message meanwhile, and recovery by itself.

A PostgreSQL cluster of this test's own (pgserver's binaries) is stopped under a
running app and started again on the same data folder and socket; the app is not
restarted. Nothing may be a 500, nothing stored may be lost, and the first
request after the database is back must simply work.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from legweak.api import create_app
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import answer_dont_know, assert_problem, start
from tests.conftest import missing

RECOVERY_S = 15


class Cluster:
    """A pgserver cluster that can be stopped and started again as it was (same folder, same socket)."""

    def __init__(self) -> None:
        try:
            import pgserver
            from pgserver._commands import POSTGRES_BIN_PATH
        except ImportError as exc:
            missing("pgserver", str(exc))
        self.folder = Path(tempfile.mkdtemp(prefix="legweak-pg-outage-"))
        # Stopped and removed here, not by pgserver: it would look for the first server process only.
        self.server = pgserver.get_server(self.folder / "data", cleanup_mode=None)
        info = self.server.get_postmaster_info()
        self.socket_dir = info.socket_dir
        self.pg_ctl = str(POSTGRES_BIN_PATH / "pg_ctl")
        self.running = True
        self.server.psql("CREATE DATABASE outage;")
        self.url = self.server.get_uri("outage").replace("postgresql://", "postgresql+psycopg://", 1)

    def _ctl(self, *args: str) -> None:
        argv = [self.pg_ctl, "-D", str(self.server.pgdata), "-w", *args]
        subprocess.run(argv, check=True, capture_output=True, timeout=60, user=self.server.system_user)

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")
        self.running = False

    def start(self) -> None:
        log = str(self.server.pgdata / "log")
        self._ctl("-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", log, "start")
        self.running = True

    def remove(self) -> None:
        if self.running:
            self._ctl("-m", "fast", "stop")
        self.server.cleanup()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    yield cluster
    cluster.remove()


def wait_ready(client: TestClient) -> float:
    """Seconds until /readyz says ready again, asking as a load balancer would."""
    started = time.monotonic()
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() - started < RECOVERY_S, "the app did not recover by itself"
        time.sleep(0.2)
    return time.monotonic() - started


def test_a_stopped_database_is_503_everywhere_and_the_app_recovers_when_it_returns(
    cluster: Cluster, checker: Checker
) -> None:
    store = InterviewStore.open(cluster.url)
    store.migrate()
    with TestClient(create_app(checker, store, prepare=False)) as client:
        state = start(client)
        state = answer_dont_know(client, state)  # the pool now holds live connections
        assert client.get("/readyz").status_code == 200

        cluster.stop()
        not_ready = assert_problem(client.get("/readyz"), 503, "not-ready")
        assert "database cannot be reached" in not_ready["detail"]
        question: dict[str, Any] = state["question"]
        body = (
            {"question_id": question["id"], "answers": {}}
            if question["type"] == "group"
            else {"question_id": question["id"], "answer": "dont_know"}
        )
        attempts = (
            client.post("/v1/interviews", json={"age": 54, "sex": "female"}),
            client.get(f"/v1/interviews/{state['id']}"),
            client.post(f"/v1/interviews/{state['id']}/answers", json=body),
            client.get(f"/v1/interviews/{state['id']}/result"),
            client.delete(f"/v1/interviews/{state['id']}"),
        )
        for response in attempts:
            problem = assert_problem(response, 503, "storage-unavailable")
            assert "nothing was changed" in problem["detail"] and "get medical help now" in problem["detail"]
        assert client.get("/healthz").status_code == 200  # alive, only not ready: do not restart it

        cluster.start()
        assert wait_ready(client) < RECOVERY_S
        assert client.get(f"/v1/interviews/{state['id']}").json() == state  # nothing was lost
        answered = answer_dont_know(client, state)  # and it takes answers again
        assert answered["progress"]["asked"] == state["progress"]["asked"] + 1

        # A restart nobody noticed (no request while it was down): the pool still holds
        # connections to the old server, and the very first request must not fail on them.
        cluster.stop()
        cluster.start()
        assert client.get(f"/v1/interviews/{state['id']}").json() == answered
    store.close()
