"""One interview as a Bundle: valid R4, the same every time, HPO- and ICD-10-CM-coded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from legweak.errors import InputError
from legweak.fhir import bundle
from legweak.fhir.codes import FINDING_SYSTEM, HPO_SYSTEM, ICD10CM_SYSTEM, OPTION_SYSTEM, TRIAGE_EXTENSION
from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker, Session
from tests.fhir.conftest import validate

TEXT = "My legs have been getting weaker for a few weeks and I get muscle cramps"


def _interview(checker: Checker, finish: bool = True) -> Session:
    """An interview answered yes, no, don't know in turn (choices: their first option)."""
    session = checker.start(54, "female", TEXT)
    words = ["yes", "no", "dont_know"]
    n = 0
    while (question := checker.next_question(session)) is not None:
        answers = {}
        for fid in question.finding_ids:
            word = words[n % 3]
            n += 1
            answers[fid] = word if question.type != "choice" else question.options[0].id
        checker.answer(session, question.id, answers)
        if not finish and session.questions_asked == 3:
            break
    return session


@pytest.fixture(scope="module")
def session(checker: Checker) -> Session:
    return _interview(checker)


@pytest.fixture(scope="module")
def fhir(checker: Checker, session: Session) -> dict[str, Any]:
    return bundle(checker, checker.result(session), session, interview_id="abc123")


def _of(b: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_and_every_resource_in_it_are_valid_r4(fhir: dict[str, Any]) -> None:
    validate(fhir)
    assert fhir["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in fhir["entry"]]
    assert kinds[:2] == ["Patient", "QuestionnaireResponse"] and kinds[-1] == "RiskAssessment"
    assert set(kinds[2:-1]) == {"Observation"}


def test_the_same_interview_gives_the_same_bundle(
    checker: Checker, session: Session, fhir: dict[str, Any]
) -> None:
    restored = Session.from_dict(session.to_dict())
    assert bundle(checker, checker.result(restored), restored, interview_id="abc123") == fhir
    other = bundle(checker, checker.result(session), session, interview_id="xyz789")
    assert {e["fullUrl"] for e in other["entry"]}.isdisjoint(e["fullUrl"] for e in fhir["entry"])


def test_every_reference_resolves_inside_the_bundle(fhir: dict[str, Any]) -> None:
    urls = {e["fullUrl"] for e in fhir["entry"]}
    assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in fhir["entry"])

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["reference"]] if isinstance(node.get("reference"), str) else []
            return own + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    found = refs([e["resource"] for e in fhir["entry"]])
    assert found and set(found) <= urls


def test_the_response_holds_the_opening_answers_and_every_answered_question(
    checker: Checker, session: Session, fhir: dict[str, Any]
) -> None:
    (response,) = _of(fhir, "QuestionnaireResponse")
    assert response["status"] == "completed"
    top = {i["linkId"]: i for i in response["item"]}
    assert top["age"]["answer"] == [{"valueInteger": 54}]
    assert top["sex"]["answer"][0]["valueCoding"]["code"] == "female"
    assert top["complaint"]["answer"] == [{"valueString": TEXT}]
    answered: dict[str, str] = {}
    for item in response["item"]:
        for leaf in item.get("item", [item]):
            if leaf["linkId"] in checker.kb.findings:
                answered[leaf["linkId"]] = leaf["answer"][0]["valueCoding"]["code"]
    asked = {f for f, origin in session.origin.items() if origin == "question"}
    assert set(answered) == asked
    dont_know = [f for f in asked if session.evidence[f] == "unknown"]
    assert dont_know and all(answered[f] == "dont_know" for f in dont_know)


def test_an_observation_for_each_finding_known_present_or_absent(
    checker: Checker, session: Session, fhir: dict[str, Any]
) -> None:
    observations = _of(fhir, "Observation")
    known = {f for f, v in session.evidence.items() if v != "unknown"}
    assert len(observations) == len(known) + 1  # and one for age
    age = next(o for o in observations if o["code"]["text"] == "Age")
    assert age["valueQuantity"]["value"] == 54 and age["valueQuantity"]["code"] == "a"


def _finding_of(obs: dict[str, Any]) -> str:
    concepts = [obs["code"], obs.get("valueCodeableConcept", {})]
    return next(c["code"] for cc in concepts for c in cc.get("coding", []) if c["system"] == FINDING_SYSTEM)


def test_symptoms_are_hpo_coded_in_the_style_of_the_symptoms_ig(
    checker: Checker, kb: KnowledgeBase, session: Session, fhir: dict[str, Any]
) -> None:
    by_finding = {_finding_of(o): o for o in _of(fhir, "Observation") if o["code"]["text"] != "Age"}
    hpo_binary = [f for f in by_finding if kb.findings[f].hpo and kb.findings[f].type == "binary"]
    assert {session.evidence[f] for f in hpo_binary} == {"present", "absent"}
    for fid in hpo_binary:
        obs = by_finding[fid]
        hpo = kb.findings[fid].hpo
        assert hpo is not None
        loinc = obs["code"]["coding"][0]["code"]
        assert loinc == ("75325-1" if session.evidence[fid] == "present" else "111551-8")
        assert obs["valueCodeableConcept"]["coding"][0] == {
            "system": HPO_SYSTEM,
            "code": hpo.id,
            "display": hpo.label,
        }
        assert "valueBoolean" not in obs


def test_findings_without_hpo_keep_a_local_code_and_a_boolean(
    kb: KnowledgeBase, fhir: dict[str, Any]
) -> None:
    plain = [o for o in _of(fhir, "Observation") if "valueBoolean" in o]
    assert plain
    for obs in plain:
        (coding,) = obs["code"]["coding"]
        assert coding["system"] == FINDING_SYSTEM and kb.findings[coding["code"]].hpo is None
        assert "snomed" not in str(obs).lower()


def test_choice_findings_have_their_option_as_the_value(session: Session, fhir: dict[str, Any]) -> None:
    choices = [
        o
        for o in _of(fhir, "Observation")
        if any(c["system"] == OPTION_SYSTEM for c in o.get("valueCodeableConcept", {}).get("coding", []))
    ]
    assert choices
    for obs in choices:
        fid = _finding_of(obs)
        assert obs["valueCodeableConcept"]["coding"][0]["code"] == f"{fid}.{session.evidence[fid]}"


def test_the_risk_assessment_ranks_conditions_with_icd10cm_and_carries_the_triage(
    checker: Checker, session: Session, fhir: dict[str, Any]
) -> None:
    (risk,) = _of(fhir, "RiskAssessment")
    result = checker.result(session)
    assert risk["status"] == "final"
    assert [p["outcome"]["text"] for p in risk["prediction"]] == [c.name for c in result.conditions]
    for prediction, cond in zip(risk["prediction"], result.conditions, strict=True):
        codes = prediction["outcome"].get("coding", [])
        assert [(c["system"], c["code"]) for c in codes] == [(ICD10CM_SYSTEM, code) for code in cond.icd10]
        assert prediction["probabilityDecimal"] == round(cond.probability, 4)
    assert any(not p["outcome"].get("coding") for p in risk["prediction"]) == any(
        not c.icd10 for c in result.conditions
    )
    (level,) = [e["valueCoding"] for e in risk["extension"] if e["url"] == TRIAGE_EXTENSION]
    assert level["code"] == result.triage.level and level["display"] == result.triage.title
    assert risk["mitigation"] == result.triage.advice
    notes = [n["text"] for n in risk["note"]]
    assert notes[0] == f"{result.triage.title}. {result.triage.advice}" and notes[-1] == result.disclaimer
    assert result.kb_hash in risk["method"]["text"]


def test_an_interview_in_progress_gives_a_preliminary_assessment(checker: Checker) -> None:
    session = _interview(checker, finish=False)
    b = bundle(checker, checker.result(session), session, interview_id="in-progress")
    validate(b)
    assert _of(b, "QuestionnaireResponse")[0]["status"] == "in-progress"
    assert _of(b, "RiskAssessment")[0]["status"] == "preliminary"


def test_a_known_time_dates_the_bundle(checker: Checker, session: Session) -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    b = bundle(checker, checker.result(session), session, interview_id="abc123", authored=when)
    validate(b)
    assert b["timestamp"] == when.isoformat()
    assert _of(b, "QuestionnaireResponse")[0]["authored"] == when.isoformat()
    assert "timestamp" not in bundle(checker, checker.result(session), session, interview_id="abc123")


def test_an_interview_id_is_required(checker: Checker, session: Session) -> None:
    with pytest.raises(InputError, match="interview id"):
        bundle(checker, checker.result(session), session, interview_id="")
