"""Every error a client can cause is a problem-details response with a status it can act on."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from legweak.api import create_app
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import assert_problem, start


@pytest.mark.parametrize(
    "body, slug",
    [
        ({"age": 12, "sex": "female"}, "under-age"),
        ({"age": 130, "sex": "female"}, "invalid-input"),
        ({"age": "fifty", "sex": "female"}, "invalid-request"),
        ({"age": True, "sex": "female"}, "invalid-request"),
        ({"age": 40, "sex": "robot"}, "invalid-input"),
        ({"age": 40}, "invalid-request"),
        ({"age": 40, "sex": "male", "text": "weak " * 1001}, "invalid-text"),
        ({"age": 40, "sex": "male", "surprise": 1}, "invalid-request"),
    ],
)
def test_bad_new_interviews_are_422(client: TestClient, body: dict[str, Any], slug: str) -> None:
    assert_problem(client.post("/v1/interviews", json=body), 422, slug)


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/v1/interviews", content=b'{"age": 40,', headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, "malformed-json")


def test_a_body_over_the_limit_is_413(client: TestClient) -> None:
    big = b'{"age": 40, "sex": "male", "text": "' + b"a" * 70_000 + b'"}'
    response = client.post("/v1/interviews", content=big, headers={"content-type": "application/json"})
    assert_problem(response, 413, "body-too-large")


def test_a_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Any:
        yield b'{"age": 40, "sex": "male", "text": "'
        for _ in range(10):
            yield b"a" * 10_000
        yield b'"}'

    response = client.post("/v1/interviews", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(response, 413, "body-too-large")


def test_bad_answers(client: TestClient) -> None:
    state = start(client)
    question = state["question"]
    url = f"/v1/interviews/{state['id']}/answers"
    if question["type"] == "group":
        item = question["items"][0]["id"]
        bad = {"question_id": question["id"], "answers": {item: "maybe"}}
        wrong_shape = {"question_id": question["id"], "answer": "yes"}
    else:
        bad = {"question_id": question["id"], "answer": "maybe"}
        wrong_shape = {"question_id": question["id"], "answers": {question["id"]: "yes"}}
    problem = assert_problem(client.post(url, json=bad), 422, "invalid-answer")
    assert "dont_know" in problem["allowed"]
    assert_problem(client.post(url, json=wrong_shape), 422, "invalid-input")
    both = {"question_id": question["id"], "answer": "yes", "answers": {}}
    assert_problem(client.post(url, json=both), 422, "invalid-request")
    assert_problem(client.post(url, json={"question_id": "nothing", "answer": "yes"}), 409, "stale-answer")
    assert client.get(f"/v1/interviews/{state['id']}").json() == state


def test_an_answer_after_the_end_is_409(client: TestClient) -> None:
    text = "My right leg and arm went weak suddenly twenty minutes ago and my speech is slurred."
    state = start(client, age=70, sex="male", text=text)
    response = client.post(
        f"/v1/interviews/{state['id']}/answers", json={"question_id": "onset", "answer": "sudden"}
    )
    assert_problem(response, 409, "interview-done")


def test_unknown_routes_are_problems_too(client: TestClient) -> None:
    assert_problem(client.get("/v2/nothing"), 404, "not-found")
    assert_problem(client.put("/v1/interviews"), 405, "method-not-allowed")


def test_an_unreachable_database_is_503_with_a_message_not_500(checker: Checker) -> None:
    """Nothing listens on port 1: every interview route says plainly that nothing could be saved."""
    store = InterviewStore.open("postgresql+psycopg://legweak@127.0.0.1:1/legweak?connect_timeout=2")
    with TestClient(create_app(checker, store, prepare=False)) as down:
        created = down.post("/v1/interviews", json={"age": 54, "sex": "female"})
        assert created.status_code == 503
        assert created.headers["content-type"].startswith("application/problem+json")
        problem = created.json()
        assert problem["type"].endswith("storage-unavailable") and "cannot be reached" in problem["detail"]
        assert down.get("/v1/interviews/AAAAAAAAAAAAAAAAAAAAAA").status_code == 503
        assert down.get("/readyz").status_code == 503
        assert down.get("/healthz").status_code == 200


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_too_many_interviews_from_one_client_get_429_with_retry_after(
    backend: str, kb: Any, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> None:
    """The limit is counted in the database, so it holds across workers and restarts."""
    from legweak.config import RateLimit, Settings
    from tests.api.conftest import fresh_store

    store = fresh_store(backend, request, tmp_path_factory)
    limited = Checker(kb, Settings(rate_limit=RateLimit(2, 3600)))
    with TestClient(create_app(limited, store, prepare=False)) as client:
        for _ in range(2):
            assert client.post("/v1/interviews", json={"age": 54, "sex": "female"}).status_code == 201
        refused = client.post("/v1/interviews", json={"age": 54, "sex": "female"})
        problem = assert_problem(refused, 429, "rate-limited")
        assert 0 < int(refused.headers["retry-after"]) <= 3600
        assert "2/hour" in problem["detail"]
    # A second process on the same database sees the same count (the 4th start in this window).
    again = InterviewStore.open(store.engine.url.render_as_string(hide_password=False))
    assert again.count_start("testclient", int(time.time() // 3600)) == 4
    again.close()


def test_the_rate_limit_setting_reads_as_the_docs_say() -> None:
    from legweak.config import RateLimit, Settings
    from legweak.errors import ConfigError

    assert Settings.from_env({"LEGWEAK_RATE_LIMIT": "20/minute"}).rate_limit == RateLimit(20, 60)
    assert Settings.from_env({"LEGWEAK_RATE_LIMIT": "off"}).rate_limit is None
    assert Settings.from_env({}).rate_limit == RateLimit(300, 3600)
    with pytest.raises(ConfigError, match="LEGWEAK_RATE_LIMIT"):
        Settings.from_env({"LEGWEAK_RATE_LIMIT": "lots"})
