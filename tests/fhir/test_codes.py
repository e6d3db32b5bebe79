"""Reading a form filler's answers: the codings legweak offered, and clear refusals for anything else."""

from __future__ import annotations

import pytest

from legweak.errors import FhirFormatError
from legweak.fhir.codes import (
    ANSWER_SYSTEM,
    OPTION_SYSTEM,
    finding_concept,
    read_answer,
    resource_id,
    value_coding,
)
from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker


def _binary(kb: KnowledgeBase) -> str:
    return next(f for f, finding in kb.findings.items() if finding.type == "binary" and finding.askable)


def test_the_offered_codings_read_back_as_option_ids(checker: Checker, kb: KnowledgeBase) -> None:
    fid = _binary(kb)
    for word in ("yes", "no", "dont_know"):
        assert (
            read_answer(checker, fid, {"valueCoding": {"system": ANSWER_SYSTEM, "code": word}}, "x") == word
        )
    assert (
        read_answer(checker, "onset", {"valueCoding": {"system": OPTION_SYSTEM, "code": "onset.sudden"}}, "x")
        == "sudden"
    )
    assert read_answer(checker, "onset", {"valueCoding": {"code": "sudden"}}, "x") == "sudden"


def test_a_checkbox_answers_a_yes_no_question(checker: Checker, kb: KnowledgeBase) -> None:
    fid = _binary(kb)
    assert read_answer(checker, fid, {"valueBoolean": True}, "x") == "yes"
    assert read_answer(checker, fid, {"valueBoolean": False}, "x") == "no"
    with pytest.raises(FhirFormatError, match="valueCoding"):
        read_answer(checker, "onset", {"valueBoolean": True}, "x")


def test_codings_from_elsewhere_are_refused(checker: Checker, kb: KnowledgeBase) -> None:
    with pytest.raises(FhirFormatError, match="another question"):
        read_answer(checker, "onset", {"valueCoding": {"code": "side.one_leg"}}, "x")
    with pytest.raises(FhirFormatError, match="is not"):
        read_answer(
            checker,
            _binary(kb),
            {"valueCoding": {"system": "http://snomed.info/sct", "code": "373066001"}},
            "x",
        )
    with pytest.raises(FhirFormatError, match="dont_know"):
        read_answer(checker, _binary(kb), {"valueString": "yes"}, "item 'x'")


def test_stored_answers_become_the_codings_offered(checker: Checker, kb: KnowledgeBase) -> None:
    fid = _binary(kb)
    assert value_coding(checker, fid, "present")["code"] == "yes"
    assert value_coding(checker, fid, "absent")["code"] == "no"
    assert value_coding(checker, "onset", "unknown")["code"] == "dont_know"
    assert value_coding(checker, "onset", "days")["code"] == "onset.days"


def test_a_finding_without_hpo_is_coded_by_its_legweak_id_alone(checker: Checker, kb: KnowledgeBase) -> None:
    fid = next(f for f, finding in kb.findings.items() if finding.hpo is None)
    concept = finding_concept(checker, fid)
    assert [c["code"] for c in concept["coding"]] == [fid]
    assert concept["text"] == kb.findings[fid].label


def test_resource_ids_are_stable_uuids() -> None:
    assert resource_id("a", "Observation", "x") == resource_id("a", "Observation", "x")
    assert resource_id("a", "Observation", "x") != resource_id("b", "Observation", "x")
    assert len(resource_id("a")) == 36
