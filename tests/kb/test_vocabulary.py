"""HPO phrases reach the findings' synonyms through the loader, checked and with their provenance."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from legweak.errors import KnowledgeBaseError
from legweak.kb import inspect
from legweak.kb.loader import KnowledgeBase, data_dir, load_kb_from
from legweak.kb.vocabulary import FILE

MINI = Path(__file__).parents[1] / "fixtures" / "mini_kb"


@pytest.fixture
def real_dir(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(data_dir(), target)
    return target


def edit_vocabulary(directory: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = directory / FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def first_term_with_phrases(data: dict[str, Any]) -> dict[str, Any]:
    term: dict[str, Any] = next(t for t in data["terms"] if t["phrases"])
    return term


def test_every_imported_phrase_is_a_synonym_of_its_finding(kb: KnowledgeBase) -> None:
    assert kb.vocabulary is not None
    imported = [(t.finding, p.phrase) for t in kb.vocabulary.terms for p in t.phrases]
    assert len(imported) >= 50
    assert [(f, p) for f, p in imported if p not in kb.findings[f].synonyms] == []


def test_imported_phrases_come_from_the_findings_own_hpo_term(kb: KnowledgeBase) -> None:
    assert kb.vocabulary is not None
    for term in kb.vocabulary.terms:
        hpo = kb.findings[term.finding].hpo
        assert hpo is not None
        assert (term.hpo, term.name) == (hpo.id, hpo.label)


def test_provenance_names_the_release_and_a_real_source(kb: KnowledgeBase) -> None:
    assert kb.vocabulary is not None
    assert kb.vocabulary.source.data_version.startswith("hp/releases/")
    assert kb.vocabulary.source.basis in kb.sources
    origins = {p.origin for t in kb.vocabulary.terms for p in t.phrases}
    assert origins == {"name", "exact synonym"}
    assert any(p.layperson for t in kb.vocabulary.terms for p in t.phrases)


def test_no_excluded_phrase_reaches_the_lexicon(kb: KnowledgeBase) -> None:
    assert kb.vocabulary is not None
    for exclusion in kb.vocabulary.excluded:
        term = kb.vocabulary.term_of(exclusion.finding)
        assert term is not None, f"{exclusion.finding} has an exclusion but no term"
        skipped = {s.phrase for s in term.skipped if s.why == "on the reviewed exclusion list"}
        if exclusion.phrase is None:
            assert term.phrases == []
        else:
            assert exclusion.phrase in skipped
        # The finding's own hand-written synonyms may hold such a phrase; HPO never adds it.
        assert not skipped & {p.phrase for p in term.phrases}


def test_warning_signs_whose_term_is_broader_take_nothing_from_hpo(kb: KnowledgeBase) -> None:
    """Dyspnea is any breathlessness: its phrases would call an ambulance for breathlessness on effort."""
    assert kb.vocabulary is not None
    for finding in ("breathless_rest", "drowsy", "cold_pale_leg", "leg_red_hot", "leg_swelling"):
        assert kb.vocabulary.phrases_of(finding) == []


def test_a_folder_without_the_file_loads_without_imported_phrases() -> None:
    assert load_kb_from(MINI).vocabulary is None


def test_the_content_hash_covers_the_file(real_dir: Path) -> None:
    before = load_kb_from(real_dir).hash
    edit_vocabulary(real_dir, lambda d: first_term_with_phrases(d)["phrases"].pop())
    assert load_kb_from(real_dir).hash != before


def test_a_term_that_is_not_the_findings_own_is_refused(real_dir: Path) -> None:
    edit_vocabulary(real_dir, lambda d: first_term_with_phrases(d).update(hpo="HP:0002094"))
    with pytest.raises(KnowledgeBaseError, match="not the finding's own term") as err:
        load_kb_from(real_dir)
    assert err.value.file == FILE
    assert err.value.field == "hpo"


def test_an_unknown_finding_is_refused(real_dir: Path) -> None:
    edit_vocabulary(real_dir, lambda d: first_term_with_phrases(d).update(finding="no_such_finding"))
    with pytest.raises(KnowledgeBaseError, match="no such finding") as err:
        load_kb_from(real_dir)
    assert err.value.entry == "no_such_finding"


def test_a_phrase_must_pass_the_synonym_checks(real_dir: Path) -> None:
    edit_vocabulary(real_dir, lambda d: first_term_with_phrases(d)["phrases"][0].update(phrase="Non-Walking"))
    with pytest.raises(KnowledgeBaseError, match="lower case"):
        load_kb_from(real_dir)


def test_a_phrase_on_the_exclusion_list_is_refused(real_dir: Path) -> None:
    def exclude_first(data: dict[str, Any]) -> None:
        term = first_term_with_phrases(data)
        phrase = term["phrases"][0]["phrase"]
        data["excluded"].append({"finding": term["finding"], "phrase": phrase, "reason": "x" * 20})

    edit_vocabulary(real_dir, exclude_first)
    with pytest.raises(KnowledgeBaseError, match="exclusion list"):
        load_kb_from(real_dir)


def test_an_exclusion_needs_a_reason(real_dir: Path) -> None:
    edit_vocabulary(real_dir, lambda d: d["excluded"][0].pop("reason"))
    with pytest.raises(KnowledgeBaseError, match=r"reason|Field required"):
        load_kb_from(real_dir)


def test_the_basis_must_be_a_source(real_dir: Path) -> None:
    edit_vocabulary(real_dir, lambda d: d["source"].update(basis="nowhere"))
    with pytest.raises(KnowledgeBaseError, match="not a source id"):
        load_kb_from(real_dir)


def test_kb_show_tells_which_synonyms_came_from_hpo(kb: KnowledgeBase) -> None:
    shown = inspect.show("foot_drop", kb)
    assert shown is not None
    imported = shown["imported_synonyms"]
    assert (imported["hpo"], imported["source"]) == ("HP:0009027", "hpo")
    assert imported["data_version"].startswith("hp/releases/")
    heels = {"phrase": "inability to walk on heels", "origin": "exact synonym", "type": "layperson"}
    assert heels in imported["phrases"]
    assert all(p["phrase"] in shown["synonyms"] for p in imported["phrases"])
    drowsy = inspect.show("drowsy", kb)
    assert drowsy is not None
    assert drowsy["imported_synonyms"]["phrases"] == []
    assert "broader" in drowsy["imported_synonyms"]["excluded"][0]["reason"]
