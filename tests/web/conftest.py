"""The web app over the real checker and a fresh SQLite store, and a client that acts like a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer

from legweak.api import create_app
from legweak.config import Settings
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import sqlite_store

#: Invented texts (never from a vignette set) for the three kinds of result.
SELF_CARE_TEXT = "After a long run yesterday my legs feel heavy and tired."
CONSULTATION_TEXT = "For a few weeks both my feet tingle and my legs feel weak on the stairs."
EMERGENCY_TEXT = "Half an hour ago my left arm and leg went weak and my words came out slurred."
#: Choice answers that lead the self-care case there.
CALM_CHOICES = {"onset": "hours", "course": "better"}


@pytest.fixture(scope="module")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InterviewStore]:
    store = sqlite_store(tmp_path_factory)
    yield store
    store.close()


def web_client(checker: Checker, store: InterviewStore, **settings: object) -> TestClient:
    """A client that keeps cookies and does not follow redirects, over an app with these settings."""
    configured = Checker(checker.kb, Settings(rate_limit=None).replace(**settings))
    return TestClient(create_app(configured, store, prepare=False), follow_redirects=False)


@pytest.fixture
def client(checker: Checker, web_store: InterviewStore) -> Iterator[TestClient]:
    with web_client(checker, web_store) as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def interview_of(client: TestClient) -> str:
    """The interview id the client's session cookie names (read without its signature)."""
    cookie = client.cookies["legweak_session"]
    payload = URLSafeTimedSerializer("unused").load_payload(cookie.rsplit(".", 2)[0].encode())
    assert isinstance(payload, dict) and isinstance(payload["interview_id"], str)
    return payload["interview_id"]


def start(client: TestClient, text: str, age: str = "30", sex: str = "female") -> str:
    """Post the start form; returns where it sends the person."""
    token = csrf_of(client.get("/").text)
    response = client.post("/start", data={"csrf": token, "age": age, "sex": sex, "text": text})
    assert response.status_code == 303, response.text
    return response.headers["location"]


def finish(client: TestClient, choices: dict[str, str] | None = None) -> str:
    """Answer every question: groups all "no", choices from `choices` (else "Don't know"), yes/no "no"."""
    choices = choices or {}
    for _ in range(60):
        page = client.get("/question")
        if page.status_code == 303:
            return page.headers["location"]
        qid = re.search(r'name="question_id" value="([^"]+)"', page.text)
        assert qid, page.text
        data = {"csrf": csrf_of(page.text), "question_id": qid.group(1)}
        items = set(re.findall(r'name="(item-[^"]+)"', page.text))
        if items:
            data |= dict.fromkeys(items, "no")
        elif 'type="radio"' in page.text:
            data["answer"] = choices.get(qid.group(1), "dont_know")
        else:
            data["answer"] = "no"
        assert client.post("/question", data=data).status_code == 303
    raise AssertionError("the interview did not end")
