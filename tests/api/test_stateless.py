"""Stateless routes and the knowledge base: same body, same reply, nothing stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import assert_problem, sqlite_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> InterviewStore:
    """No database variant here: these routes store nothing, or only ping."""
    return sqlite_store(tmp_path_factory)


def test_parse_reads_findings_with_their_words(client: TestClient) -> None:
    body = client.post("/v1/parse", json={"text": "My left leg went weak suddenly. No back pain."}).json()
    found = {f["id"]: f["value"] for f in body["findings"]}
    assert found.get("back_pain") == "absent" and found.get("onset") == "sudden"
    assert set(body) == {"findings", "age", "sex", "unrecognised", "proposed_screens"}
    assert body["unrecognised"] == [] and body["proposed_screens"] == []
    assert_problem(client.post("/v1/parse", json={"text": ""}), 422, "invalid-text")


def test_assess_takes_option_ids_and_gives_the_result_with_the_next_question(
    client: TestClient, checker: Checker, store: InterviewStore
) -> None:
    before = store.ids()
    body = {"age": 40, "sex": "female", "answers": {"back_pain": "yes", "onset": "dont_know"}}
    first = client.post("/v1/assess", json=body)
    assert first.status_code == 200
    result = first.json()
    assert result["answers"]["back_pain"] == "present" and result["answers"]["onset"] == "unknown"
    assert result["next_question"] is not None
    assert client.post("/v1/assess", json=body).content == first.content
    assert store.ids() == before
    expected = checker.assess(40, "female", answers={"back_pain": "present", "onset": "unknown"})
    assert result == expected.to_dict()


def test_assess_refuses_unknown_findings_and_answers(client: TestClient) -> None:
    unknown = client.post("/v1/assess", json={"age": 40, "sex": "male", "answers": {"back_pian": "yes"}})
    assert "back_pain" in assert_problem(unknown, 404, "unknown-finding")["detail"]
    bad = client.post("/v1/assess", json={"age": 40, "sex": "male", "answers": {"back_pain": "present"}})
    assert assert_problem(bad, 422, "invalid-answer")["allowed"] == ["yes", "no", "dont_know"]
    assert_problem(client.post("/v1/assess", json={"age": 10, "sex": "male"}), 422, "under-age")


def test_explain_gives_one_conditions_reasons(client: TestClient, kb: KnowledgeBase) -> None:
    condition = kb.conditions[0].id
    body = {"age": 60, "sex": "male", "condition": condition, "answers": {"back_pain": "yes"}}
    explained = client.post("/v1/explain", json=body).json()
    assert explained["condition"]["id"] == condition and 1 <= explained["rank"] <= len(kb.conditions)
    assert 0 <= explained["probability"] <= 1
    assert all({"finding", "value", "text", "weight", "effect"} == set(r) for r in explained["reasons"])
    missing = client.post("/v1/explain", json={**body, "condition": "no_such_thing"})
    assert_problem(missing, 404, "unknown-condition")


def test_the_knowledge_base_in_public_shapes(client: TestClient, kb: KnowledgeBase) -> None:
    info = client.get("/v1/kb").json()
    assert info["kb_hash"] == kb.hash and info["conditions"] == len(kb.conditions)
    conditions = client.get("/v1/kb/conditions").json()
    assert [c["id"] for c in conditions] == [c.id for c in kb.conditions]
    assert "prior" not in conditions[0]  # the knowledge base's own fields are not handed out
    one = client.get(f"/v1/kb/conditions/{conditions[0]['id']}").json()
    assert one == conditions[0]
    findings = client.get("/v1/kb/findings").json()
    assert len(findings) == len(kb.findings) and "synonyms" not in findings[0]
    onset = client.get("/v1/kb/findings/onset").json()
    assert onset["type"] == "categorical" and onset["values"] == [o["id"] for o in onset["options"]]
    assert_problem(client.get("/v1/kb/findings/nothing"), 404, "unknown-finding")
    assert_problem(client.get("/v1/kb/conditions/nothing"), 404, "unknown-condition")
