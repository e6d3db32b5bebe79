"""The code systems legweak's FHIR resources speak, and the codings built from the knowledge base.

Standard systems where one fits and can be checked offline: HPO for findings the
knowledge base maps to a phenotype, ICD-10-CM for conditions, LOINC for the few
fixed observation codes, FHIR's own administrative gender. Everything else is
legweak's own, under `BASE`: finding ids, choice options, answer words and
triage levels. Those URIs name code systems; they are identifiers, not
addresses that must resolve. No SNOMED CT: it cannot be validated offline.
"""

from __future__ import annotations

import uuid
from typing import Any

from legweak.errors import FhirFormatError
from legweak.kb.schema import TriageLevel
from legweak.service import DONT_KNOW, NO, UNKNOWN, YES, Checker

#: The namespace of legweak's own canonical URLs and code systems.
BASE = "https://legweak.org/fhir"
FINDING_SYSTEM = f"{BASE}/CodeSystem/finding"
OPTION_SYSTEM = f"{BASE}/CodeSystem/finding-option"
ANSWER_SYSTEM = f"{BASE}/CodeSystem/answer"
TRIAGE_SYSTEM = f"{BASE}/CodeSystem/triage-level"
TRIAGE_EXTENSION = f"{BASE}/StructureDefinition/triage-level"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/leg-weakness"

#: The canonical URI HL7 Terminology registers for the Human Phenotype Ontology.
HPO_SYSTEM = "http://human-phenotype-ontology.org"
ICD10CM_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC_SYSTEM = "http://loinc.org"
GENDER_SYSTEM = "http://hl7.org/fhir/administrative-gender"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM_SYSTEM = "http://unitsofmeasure.org"
SDC_ADAPTIVE_EXTENSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-adaptive"

#: LOINC codes of the HL7 Symptoms IG: a symptom reported present, and reported absent.
LOINC_SYMPTOM = {"system": LOINC_SYSTEM, "code": "75325-1", "display": "Symptom"}
LOINC_SYMPTOM_ABSENT = {"system": LOINC_SYSTEM, "code": "111551-8"}
LOINC_AGE = {"system": LOINC_SYSTEM, "code": "30525-0", "display": "Age"}

#: All of legweak's resource ids are uuid5 names in this namespace, so one interview gives one bundle.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)

_YES_NO_LABELS = {YES: "Yes", NO: "No", DONT_KNOW: "Don't know"}
SEXES = {"female": "Female", "male": "Male"}


def resource_id(*parts: str) -> str:
    """A stable id for one resource of one interview: the same parts always give the same id."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def answer_coding(option: str) -> dict[str, Any]:
    """The coding of `yes`, `no` or `dont_know`."""
    return {"system": ANSWER_SYSTEM, "code": option, "display": _YES_NO_LABELS[option]}


def option_coding(checker: Checker, finding_id: str, value: str) -> dict[str, Any]:
    """The coding of one option of a choice finding; codes are `finding.option`, unique across findings."""
    finding = checker.kb.findings[finding_id]
    label = next(o.label for o in finding.options if o.value == value)
    return {"system": OPTION_SYSTEM, "code": f"{finding_id}.{value}", "display": label}


def answer_options(checker: Checker, finding_id: str) -> list[dict[str, Any]]:
    """The answerOption list of a finding's question; "don't know" is always one of them."""
    finding = checker.kb.findings[finding_id]
    if finding.type == "categorical":
        codings = [option_coding(checker, finding_id, o.value) for o in finding.options]
        codings.append(answer_coding(DONT_KNOW))
    else:
        codings = [answer_coding(o) for o in (YES, NO, DONT_KNOW)]
    return [{"valueCoding": c} for c in codings]


def value_coding(checker: Checker, finding_id: str, value: str) -> dict[str, Any]:
    """The answer coding for a stored answer word (`present`, `absent`, `unknown` or an option)."""
    finding = checker.kb.findings[finding_id]
    if value == UNKNOWN:
        return answer_coding(DONT_KNOW)
    if finding.type == "categorical":
        return option_coding(checker, finding_id, value)
    return answer_coding(YES if value == "present" else NO)


def finding_concept(checker: Checker, finding_id: str) -> dict[str, Any]:
    """A finding as a CodeableConcept: its HPO term when the knowledge base has one, and legweak's id."""
    finding = checker.kb.findings[finding_id]
    codings: list[dict[str, Any]] = []
    if finding.hpo is not None:
        codings.append({"system": HPO_SYSTEM, "code": finding.hpo.id, "display": finding.hpo.label})
    codings.append({"system": FINDING_SYSTEM, "code": finding_id, "display": finding.label})
    return {"coding": codings, "text": finding.label}


def triage_coding(checker: Checker, level: TriageLevel) -> dict[str, Any]:
    return {"system": TRIAGE_SYSTEM, "code": level, "display": checker.kb.settings.levels[level].title}


def read_answer(checker: Checker, finding_id: str, answer: Any, where: str) -> str:
    """One QuestionnaireResponse answer as the option id the Checker takes (`yes`, `sudden`, ...).

    A form filler sends the coding it was offered; `valueBoolean` is taken for a
    yes/no question too, since many fillers render a two-way choice as a checkbox.
    """
    if not isinstance(answer, dict):
        raise FhirFormatError(where, "an answer must be an object with a value[x].")
    finding = checker.kb.findings[finding_id]
    if "valueBoolean" in answer and finding.type == "binary":
        if not isinstance(answer["valueBoolean"], bool):
            raise FhirFormatError(f"{where}.valueBoolean", "must be true or false.")
        return YES if answer["valueBoolean"] else NO
    coding = answer.get("valueCoding")
    if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
        offered = ", ".join(c["valueCoding"]["code"] for c in answer_options(checker, finding_id))
        raise FhirFormatError(where, f"answer with a valueCoding whose code is one of: {offered}.")
    code: str = coding["code"]
    system = coding.get("system")
    if system == OPTION_SYSTEM or (system is None and "." in code):
        prefix, _, value = code.partition(".")
        if prefix != finding_id:
            raise FhirFormatError(f"{where}.valueCoding", f"{code!r} is an option of another question.")
        return value
    if system not in (None, ANSWER_SYSTEM):
        raise FhirFormatError(
            f"{where}.valueCoding.system", f"{system!r} is not {ANSWER_SYSTEM} or {OPTION_SYSTEM}."
        )
    # The Checker names the allowed answers itself when this one is not among them.
    return code
