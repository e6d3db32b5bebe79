"""One interview as a FHIR R4 Bundle: what was answered, what was found, what it means.

The bundle (type `collection`) holds a Patient that carries only the sex (legweak
stores nobody's name or birth date), the QuestionnaireResponse with the answers,
an Observation for age and for every finding known present or absent, and a
RiskAssessment with the ranked conditions and the triage level and advice.
"Don't know" is kept in the QuestionnaireResponse and makes no Observation: it
is no evidence either way.

Every id is a uuid5 of the interview id and the resource's role, and nothing
reads the clock, so one interview always gives the same bundle: storage can
compare, cache or re-send it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from legweak.errors import InputError
from legweak.fhir.codes import (
    CATEGORY_SYSTEM,
    FINDING_SYSTEM,
    GENDER_SYSTEM,
    ICD10CM_SYSTEM,
    LOINC_AGE,
    LOINC_SYMPTOM,
    LOINC_SYMPTOM_ABSENT,
    QUESTIONNAIRE_URL,
    SEXES,
    TRIAGE_EXTENSION,
    UCUM_SYSTEM,
    finding_concept,
    option_coding,
    resource_id,
    triage_coding,
    value_coding,
)
from legweak.fhir.questionnaire import AGE, COMPLAINT, SEX, placement
from legweak.service import PRESENT, UNKNOWN, Checker, Result, Session

_ORIGIN = {
    "text": "read from the person's own description",
    "question": "answered to a question",
    "given": "given as an answer by the client",
}


def bundle(
    checker: Checker,
    result: Result,
    session: Session,
    *,
    interview_id: str,
    authored: datetime | None = None,
) -> dict[str, Any]:
    """The FHIR R4 Bundle of one interview (`GET /v1/interviews/{id}/fhir`).

    `result` is `checker.result(session)`; a finished interview gives a
    `completed` response and a `final` assessment, one still waiting for an
    answer gives `in-progress` and `preliminary`. `authored`, when storage knows
    it, dates the response and the assessment; without it the bundle carries no
    time at all, so it stays the same however often it is built.
    """
    if not isinstance(interview_id, str) or not interview_id:
        raise InputError("a FHIR bundle needs the interview id, a non-empty string, to name its resources.")
    done = result.next_question is None
    ids = {
        "bundle": resource_id(interview_id, "Bundle"),
        "patient": resource_id(interview_id, "Patient"),
        "response": resource_id(interview_id, "QuestionnaireResponse"),
        "age": resource_id(interview_id, "Observation", AGE),
        "risk": resource_id(interview_id, "RiskAssessment"),
    }
    subject = {"reference": _urn(ids["patient"])}
    when = authored.isoformat() if authored is not None else None
    patient = {"resourceType": "Patient", "id": ids["patient"], "gender": session.sex}
    response = questionnaire_response(checker, session, done=done)
    response.update(id=ids["response"], subject=subject)
    if when:
        response["authored"] = when
    observations = [_age_observation(session, ids["age"], subject, ids["response"])]
    for fid, value in session.evidence.items():
        if value != UNKNOWN and fid in checker.kb.findings:
            obs_id = resource_id(interview_id, "Observation", fid)
            observations.append(
                observation(checker, fid, value, obs_id, subject, session.origin.get(fid), ids["response"])
            )
    risk = risk_assessment(
        checker,
        result,
        ids["risk"],
        subject,
        basis=[_urn(ids["response"]), *(_urn(o["id"]) for o in observations)],
        final=done,
    )
    if when:
        risk["occurrenceDateTime"] = when
    resources = [patient, response, *observations, risk]
    out: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": ids["bundle"],
        "identifier": {"system": "urn:ietf:rfc:3986", "value": _urn(ids["bundle"])},
        "type": "collection",
        "entry": [{"fullUrl": _urn(r["id"]), "resource": r} for r in resources],
    }
    if when:
        out["timestamp"] = when
    return out


def questionnaire_response(checker: Checker, session: Session, *, done: bool) -> dict[str, Any]:
    """The answers as a response to the whole Questionnaire, nested the way it lays them out."""
    items: list[dict[str, Any]] = [
        {"linkId": AGE, "answer": [{"valueInteger": session.age}]},
        {
            "linkId": SEX,
            "answer": [
                {"valueCoding": {"system": GENDER_SYSTEM, "code": session.sex, "display": SEXES[session.sex]}}
            ],
        },
    ]
    if session.text:
        items.append({"linkId": COMPLAINT, "answer": [{"valueString": session.text}]})
    groups: dict[str, dict[str, Any]] = {}
    where = placement(checker)
    for fid, value in session.evidence.items():
        if session.origin.get(fid) == "text" or fid not in where:
            continue  # what the text said is in the text; non-askable facts have no item
        answer = {
            "linkId": fid,
            "text": checker.kb.findings[fid].question,
            "answer": [{"valueCoding": value_coding(checker, fid, value)}],
        }
        group_id = where[fid]
        if group_id is None:
            items.append(answer)
            continue
        if group_id not in groups:
            groups[group_id] = {"linkId": group_id, "item": []}
            items.append(groups[group_id])
        groups[group_id]["item"].append(answer)
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE_URL}|{checker.kb_version}",
        "status": "completed" if done else "in-progress",
        "item": items,
    }


def observation(
    checker: Checker,
    finding_id: str,
    value: str,
    obs_id: str,
    subject: dict[str, Any],
    origin: str | None,
    response_id: str | None = None,
) -> dict[str, Any]:
    """One finding known present or absent, in the style of the HL7 Symptoms IG.

    A finding with an HPO term is a symptom: code LOINC "Symptom" (or "Symptom
    absent") and the symptom itself as the value. Other yes/no facts (a medicine,
    a past event) keep their own code with a valueBoolean; a choice finding has
    its option as the value.
    """
    finding = checker.kb.findings[finding_id]
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": obs_id,
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}],
        "subject": subject,
        "performer": [subject],
    }
    if finding.type == "categorical":
        obs["code"] = finding_concept(checker, finding_id)
        coding = option_coding(checker, finding_id, value)
        obs["valueCodeableConcept"] = {"coding": [coding], "text": coding["display"]}
    elif finding.hpo is not None:
        obs["code"] = {"coding": [LOINC_SYMPTOM if value == PRESENT else LOINC_SYMPTOM_ABSENT]}
        obs["code"]["text"] = "Symptom" if value == PRESENT else "Symptom absent"
        obs["valueCodeableConcept"] = finding_concept(checker, finding_id)
    else:
        obs["code"] = {
            "coding": [{"system": FINDING_SYSTEM, "code": finding_id, "display": finding.label}],
            "text": finding.label,
        }
        obs["valueBoolean"] = value == PRESENT
    if origin in _ORIGIN:
        obs["method"] = {"text": _ORIGIN[origin]}
    if response_id is not None:
        obs["derivedFrom"] = [{"reference": _urn(response_id)}]
    return obs


def risk_assessment(
    checker: Checker,
    result: Result,
    risk_id: str,
    subject: dict[str, Any],
    *,
    basis: list[str] | None = None,
    final: bool = True,
) -> dict[str, Any]:
    """The ranked conditions (ICD-10-CM, with probabilities) and the triage level and advice."""
    t = result.triage
    notes = [f"{t.title}. {t.advice}"]
    notes += [a.advice for a in result.advice_first]
    notes += [f"Warning sign: {r.sign}. {r.reason}" for r in result.red_flags]
    notes += [f"Watch for: {w.text}" for w in result.watch_for]
    notes.append(result.disclaimer)
    predictions = []
    for cond in result.conditions:
        outcome: dict[str, Any] = {"text": cond.name}
        if cond.icd10:
            outcome["coding"] = [{"system": ICD10CM_SYSTEM, "code": code} for code in cond.icd10]
        prediction: dict[str, Any] = {"outcome": outcome, "probabilityDecimal": round(cond.probability, 4)}
        if cond.reasons:
            prediction["rationale"] = "; ".join(r.text for r in cond.reasons)
        predictions.append(prediction)
    risk: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "id": risk_id,
        "extension": [{"url": TRIAGE_EXTENSION, "valueCoding": triage_coding(checker, t.level)}],
        "status": "final" if final else "preliminary",
        "code": {"text": "Leg weakness: likely causes and how urgently to get care"},
        "method": {
            "text": (
                f"legweak {result.legweak_version}, engine {result.engine_version}, "
                f"knowledge base {result.kb_version} ({result.kb_hash})"
            )
        },
        "subject": subject,
        "prediction": predictions,
        "mitigation": t.advice,
        "note": [{"text": n} for n in notes],
    }
    if basis:
        risk["basis"] = [{"reference": ref} for ref in basis]
    return risk


def _age_observation(
    session: Session, obs_id: str, subject: dict[str, Any], response_id: str
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": obs_id,
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [LOINC_AGE], "text": "Age"},
        "subject": subject,
        "valueQuantity": {"value": session.age, "unit": "years", "system": UCUM_SYSTEM, "code": "a"},
        "derivedFrom": [{"reference": _urn(response_id)}],
    }


def _urn(resource_uuid: str) -> str:
    return f"urn:uuid:{resource_uuid}"
