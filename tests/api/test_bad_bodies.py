"""Every route that takes a body refuses an unknown field and an oversized body, as problem details."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from legweak.storage import InterviewStore
from tests.api.conftest import assert_problem, sqlite_store, start

BODIES: dict[str, dict[str, Any]] = {
    "/v1/interviews": {"age": 54, "sex": "female"},
    "/v1/parse": {"text": "my legs are weak"},
    "/v1/assess": {"age": 54, "sex": "female"},
    "/v1/explain": {"age": 54, "sex": "female", "condition": "stroke"},
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InterviewStore]:
    store = sqlite_store(tmp_path_factory)
    yield store
    store.close()


@pytest.mark.parametrize("path", [*BODIES, "answers"])
def test_an_unknown_field_is_422_naming_it(client: TestClient, path: str) -> None:
    if path == "answers":
        state = start(client)
        path = f"/v1/interviews/{state['id']}/answers"
        body: dict[str, Any] = {"question_id": state["question"]["id"], "answer": "dont_know"}
    else:
        body = dict(BODIES[path])
    problem = assert_problem(client.post(path, json={**body, "colour": "blue"}), 422, "invalid-request")
    assert "colour" in problem["detail"]


@pytest.mark.parametrize("path", [*BODIES, "/v1/fhir/Questionnaire/$next-question"])
def test_a_body_over_the_limit_is_413_on_every_route(client: TestClient, path: str) -> None:
    big = b'{"text": "' + b"a" * 70_000 + b'"}'
    response = client.post(path, content=big, headers={"content-type": "application/json"})
    assert_problem(response, 413, "body-too-large")
