"""FHIR R4 over HTTP: an interview as a Bundle, the question set, and SDC `$next-question`.

The builders live in `legweak.fhir` (pure functions over the service); these
routes only read the store and speak `application/fhir+json`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse

from legweak.api.access import API_KEY
from legweak.api.deps import CheckerDep, StoreDep
from legweak.api.problems import RESPONSES
from legweak.fhir import bundle, next_question, questionnaire

FHIR_JSON = "application/fhir+json"

router = APIRouter(tags=["fhir"], responses=RESPONSES, dependencies=[API_KEY])


def _fhir(resource: dict[str, Any]) -> JSONResponse:
    return JSONResponse(resource, media_type=FHIR_JSON)


@router.get(
    "/v1/interviews/{interview_id}/fhir",
    summary="The interview as a FHIR R4 Bundle",
    response_class=JSONResponse,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "A FHIR Bundle (collection)"}},
)
async def interview_bundle(interview_id: str, checker: CheckerDep, store: StoreDep) -> JSONResponse:
    """QuestionnaireResponse, one Observation per answered finding, and the RiskAssessment."""
    session = store.load(interview_id).session
    return _fhir(bundle(checker, checker.result(session), session, interview_id=interview_id))


@router.get(
    "/v1/fhir/Questionnaire",
    summary="The whole question set as a FHIR Questionnaire",
    response_class=JSONResponse,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "A FHIR Questionnaire"}},
)
def question_set(checker: CheckerDep) -> JSONResponse:
    return _fhir(questionnaire(checker))


@router.post(
    "/v1/fhir/Questionnaire/$next-question",
    summary="SDC adaptive form: the next question, or the completed response",
    response_class=JSONResponse,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "The QuestionnaireResponse"}},
)
async def adaptive_next_question(
    request: Request, checker: CheckerDep, parameters: Annotated[dict[str, Any], Body()]
) -> JSONResponse:
    """Takes a FHIR Parameters with a `questionnaire-response`; any SDC form filler can run legweak."""
    service_url = str(request.url_for("adaptive_next_question"))
    return _fhir(next_question(checker, parameters, service_url=service_url))
