"""Health, readiness, and an OpenAPI document that declares every problem a route can give."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from legweak.api import create_app
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import assert_problem, sqlite_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> InterviewStore:
    """No database variant here: these routes store nothing, or only ping."""
    return sqlite_store(tmp_path_factory)


def test_healthz_and_readyz(client: TestClient, checker: Checker) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["kb_hash"] == checker.kb_hash


def test_readyz_is_503_when_the_database_cannot_be_reached(checker: Checker) -> None:
    unreachable = InterviewStore(create_engine("sqlite:////proc/no-such-folder/x.sqlite3"))
    with TestClient(create_app(checker, unreachable, prepare=False)) as client:
        assert client.get("/healthz").status_code == 200
        assert_problem(client.get("/readyz"), 503, "not-ready")


def test_every_route_declares_its_problems(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for route in (
        "/v1/interviews",
        "/v1/interviews/{interview_id}",
        "/v1/interviews/{interview_id}/answers",
        "/v1/interviews/{interview_id}/back",
        "/v1/interviews/{interview_id}/result",
        "/v1/parse",
        "/v1/assess",
        "/v1/explain",
        "/v1/kb",
        "/v1/kb/conditions/{condition_id}",
        "/v1/kb/findings/{finding_id}",
    ):
        for operation in paths[route].values():
            declared = set(operation["responses"])
            assert {"400", "404", "409", "413", "422"} <= declared, (route, declared)
            assert "application/problem+json" in operation["responses"]["409"]["content"]
    assert paths["/v1/interviews"]["post"]["responses"]["201"]


def test_swagger_ui_is_served_from_local_files(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(not s.startswith(("http://", "https://", "//")) for s in sources)
    for source in sources:
        assert client.get(source).status_code == 200, source
