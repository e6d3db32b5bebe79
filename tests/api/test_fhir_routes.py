"""The FHIR routes: a stored interview as an R4B-valid Bundle, the Questionnaire, and $next-question."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.api.conftest import answer_dont_know, start


def test_an_interview_is_a_valid_fhir_bundle_with_its_risk_assessment(client: TestClient) -> None:
    state = start(client, text="My left leg has felt weak for two weeks.")
    state = answer_dont_know(client, state)
    response = client.get(f"/v1/interviews/{state['id']}/fhir")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    data: dict[str, Any] = response.json()
    Bundle.parse_obj(data)
    kinds = {e["resource"]["resourceType"] for e in data["entry"]}
    assert {"QuestionnaireResponse", "RiskAssessment", "Observation"} <= kinds
    assert client.get(f"/v1/interviews/{state['id']}/fhir").json() == data  # deterministic


def test_the_bundle_of_an_unknown_interview_is_404(client: TestClient) -> None:
    response = client.get("/v1/interviews/AAAAAAAAAAAAAAAAAAAAAA/fhir")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_question_set_is_a_valid_questionnaire(client: TestClient) -> None:
    response = client.get("/v1/fhir/Questionnaire")
    assert response.status_code == 200
    data = response.json()
    Questionnaire.parse_obj(data)
    assert [item["linkId"] for item in data["item"][:3]] == ["age", "sex", "complaint"]


def _parameters(items: list[dict[str, Any]]) -> dict[str, Any]:
    response = {"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": items}
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": "questionnaire-response", "resource": response}],
    }


def test_next_question_appends_the_next_item_and_refuses_junk(client: TestClient) -> None:
    opening = [
        {"linkId": "age", "answer": [{"valueInteger": 54}]},
        {"linkId": "sex", "answer": [{"valueCoding": {"code": "female"}}]},
        {"linkId": "complaint", "answer": [{"valueString": "My left leg went weak this morning"}]},
    ]
    response = client.post("/v1/fhir/Questionnaire/$next-question", json=_parameters(opening))
    assert response.status_code == 200, response.text
    data = response.json()
    QuestionnaireResponse.parse_obj(data)
    assert data["status"] == "in-progress"
    asked = data["contained"][0]["item"]
    assert len(asked) == 4 and asked[-1]["linkId"] not in {"age", "sex", "complaint"}
    junk = client.post("/v1/fhir/Questionnaire/$next-question", json={"resourceType": "Patient"})
    assert 400 <= junk.status_code < 500
    assert junk.headers["content-type"].startswith("application/problem+json")
