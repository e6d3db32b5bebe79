"""legweak in FHIR R4: an interview as a Bundle, the question set as a Questionnaire, SDC $next-question.

Pure functions over the service (no HTTP, no storage), for the API to serve:

    bundle(checker, result, session, interview_id=...)  GET  /v1/interviews/{id}/fhir
    questionnaire(checker)                              GET  /v1/fhir/Questionnaire
    next_question(checker, parameters)                  POST /v1/fhir/Questionnaire/$next-question

Each returns FHIR JSON as a dict. docs/fhir.md describes the mapping.
"""

from legweak.fhir.adaptive import next_question
from legweak.fhir.bundle import bundle
from legweak.fhir.codes import (
    ANSWER_SYSTEM,
    FINDING_SYSTEM,
    HPO_SYSTEM,
    ICD10CM_SYSTEM,
    OPTION_SYSTEM,
    QUESTIONNAIRE_URL,
    TRIAGE_SYSTEM,
)
from legweak.fhir.questionnaire import questionnaire

__all__ = [
    "ANSWER_SYSTEM",
    "FINDING_SYSTEM",
    "HPO_SYSTEM",
    "ICD10CM_SYSTEM",
    "OPTION_SYSTEM",
    "QUESTIONNAIRE_URL",
    "TRIAGE_SYSTEM",
    "bundle",
    "next_question",
    "questionnaire",
]
