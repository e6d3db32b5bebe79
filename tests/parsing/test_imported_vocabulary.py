"""HPO's wording of a known finding is understood, as that finding and nothing broader."""

from __future__ import annotations

import pytest

from legweak.kb.loader import KnowledgeBase, load_kb
from legweak.parsing import parse


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load_kb()


def test_each_imported_phrase_alone_reads_as_its_finding_present(real_kb: KnowledgeBase) -> None:
    assert real_kb.vocabulary is not None
    wrong = []
    for term in real_kb.vocabulary.terms:
        # An umbrella over the finding ("long-term conditions") may come with it, nothing else.
        allowed = {term.finding} | {f.id for f in real_kb.findings.values() if term.finding in f.covers}
        for imported in term.phrases:
            read = {(f.id, f.value) for f in parse(imported.phrase, real_kb).findings}
            if (term.finding, "present") not in read or {fid for fid, _ in read} - allowed:
                wrong.append(f"{term.finding}: {imported.phrase!r} -> {sorted(read)}")
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "finding", "value"),
    [
        ("He has been non-ambulatory since yesterday.", "cannot_stand", "present"),
        ("Examination: absent deep tendon reflexes at both ankles.", "areflexia", "present"),
        ("No dysarthric speech.", "speech_difficulty", "absent"),
        ("I've had profuse sweating all morning.", "sweating", "present"),
    ],
)
def test_clinical_wording_is_read_with_its_context(
    real_kb: KnowledgeBase, text: str, finding: str, value: str
) -> None:
    read = {f.id: f.value for f in parse(text, real_kb).findings}
    assert read.get(finding) == value
