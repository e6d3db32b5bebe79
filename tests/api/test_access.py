"""Optional API keys: with LEGWEAK_API_KEYS set, every /v1 route needs a key; without, none does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from legweak.api import create_app
from legweak.api.access import key_matches
from legweak.config import Settings
from legweak.errors import ApiKeyError
from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import assert_problem, sqlite_store

KEYS = frozenset({"k-first-0123456789", "k-second-abcdefghij"})
NEW = {"age": 54, "sex": "female"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InterviewStore]:
    store = sqlite_store(tmp_path_factory)
    yield store
    store.close()


@pytest.fixture(scope="module")
def locked(kb: KnowledgeBase, store: InterviewStore) -> Iterator[TestClient]:
    checker = Checker(kb, Settings(api_keys=KEYS, rate_limit=None))
    with TestClient(create_app(checker, store, prepare=False)) as client:
        yield client


def v1_routes(client: TestClient) -> list[tuple[str, str]]:
    schema = client.get("/openapi.json").json()
    return [
        (method, path) for path, ops in schema["paths"].items() if path.startswith("/v1") for method in ops
    ]


def test_the_setting_reads_comma_separated_keys_and_drops_blanks() -> None:
    assert Settings.from_env({"LEGWEAK_API_KEYS": " a1, ,b2,,a1 "}).api_keys == frozenset({"a1", "b2"})
    assert Settings.from_env({}).api_keys == frozenset()


def test_without_keys_no_route_asks_for_one(client: TestClient) -> None:
    assert client.post("/v1/interviews", json=NEW).status_code == 201
    assert client.get("/v1/kb").status_code == 200


def test_every_v1_route_refuses_a_request_without_a_key(locked: TestClient) -> None:
    routes = v1_routes(locked)
    assert len(routes) >= 10
    for method, path in routes:
        url = (
            path.replace("{interview_id}", "A" * 22)
            .replace("{condition_id}", "x")
            .replace("{finding_id}", "x")
        )
        response = locked.request(method.upper(), url, json={})
        problem = assert_problem(response, 401, "api-key-required")
        assert response.headers["www-authenticate"] == 'Bearer realm="legweak"', (method, path)
        assert "no API key" in problem["detail"] and "X-API-Key" in problem["detail"]


def test_a_wrong_key_is_refused_and_not_repeated(locked: TestClient) -> None:
    for headers in ({"X-API-Key": "guess"}, {"Authorization": "Bearer k-first-012345678"}):
        response = locked.get("/v1/kb", headers=headers)
        problem = assert_problem(response, 401, "api-key-required")
        assert "not valid" in problem["detail"] and "guess" not in response.text
    assert_problem(
        locked.get("/v1/kb", headers={"Authorization": "Basic k-first-0123456789"}), 401, "api-key-required"
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "k-first-0123456789"},
        {"x-api-key": "k-second-abcdefghij"},
        {"Authorization": "Bearer k-second-abcdefghij"},
        {"Authorization": "bearer   k-first-0123456789"},
    ],
)
def test_either_header_with_any_configured_key_passes(locked: TestClient, headers: dict[str, str]) -> None:
    created = locked.post("/v1/interviews", json=NEW, headers=headers)
    assert created.status_code == 201
    assert locked.get(f"/v1/interviews/{created.json()['id']}", headers=headers).status_code == 200


def test_health_readiness_and_docs_stay_open(locked: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/openapi.json", "/docs"):
        assert locked.get(path).status_code == 200, path


def test_every_v1_route_declares_the_401(locked: TestClient) -> None:
    schema = locked.get("/openapi.json").json()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert ("401" in op["responses"]) == path.startswith("/v1"), (method, path)


def test_keys_are_compared_whole() -> None:
    assert key_matches("k-first-0123456789", KEYS)
    assert not key_matches("k-first-012345678", KEYS)
    assert not key_matches("", KEYS)
    assert not key_matches("k-first-0123456789x", KEYS)
    assert not key_matches("ключ", KEYS)


def test_the_message_says_how_to_send_a_key() -> None:
    assert "Authorization: Bearer" in str(ApiKeyError(missing=True))
