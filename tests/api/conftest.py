"""One app over the real checker and a fresh store, shared by a module's tests.

The store is SQLite and then a real PostgreSQL server (pgserver), so the
interview routes and their errors are held to both databases; a module that
needs no database variant overrides `store` with `sqlite_store`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from legweak.api import create_app
from legweak.service import Checker
from legweak.storage import InterviewStore


def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> InterviewStore:
    path: Path = tmp_path_factory.mktemp("db") / "interviews.sqlite3"
    store = InterviewStore.open(f"sqlite:///{path}")
    store.migrate()
    return store


def fresh_store(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> InterviewStore:
    """A new, migrated store: a SQLite file, or a new database on the test PostgreSQL server."""
    if backend == "sqlite":
        return sqlite_store(tmp_path_factory)
    server = request.getfixturevalue("postgres")
    name = f"t_{secrets.token_hex(6)}"
    server.psql(f"CREATE DATABASE {name};")
    store = InterviewStore.open(server.get_uri(name).replace("postgresql://", "postgresql+psycopg://", 1))
    store.migrate()
    return store


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[InterviewStore]:
    store = fresh_store(request.param, request, tmp_path_factory)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(checker: Checker, store: InterviewStore) -> Iterator[TestClient]:
    with TestClient(create_app(checker, store)) as client:
        yield client


def start(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/interviews", json={"age": 54, "sex": "female", **body})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def answer_dont_know(client: TestClient, state: dict[str, Any]) -> dict[str, Any]:
    """Answer the pending question with "don't know", whatever its type."""
    question = state["question"]
    if question["type"] == "group":
        body: dict[str, Any] = {"question_id": question["id"], "answers": {}}
    else:
        body = {"question_id": question["id"], "answer": "dont_know"}
    response = client.post(f"/v1/interviews/{state['id']}/answers", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def assert_problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:legweak:problem:{slug}" and body["status"] == status
    assert body["detail"] and body["title"] and body["instance"]
    return body
