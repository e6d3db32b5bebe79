"""measurements.yaml: checked when it loads, against findings and sources; optional for a KB."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from legweak.errors import KnowledgeBaseError
from legweak.kb.loader import KnowledgeBase, data_dir, load_kb_from

MINI = Path(__file__).parents[1] / "fixtures" / "mini_kb"


@pytest.fixture
def real_dir(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(data_dir(), target)
    return target


def edit_potassium(directory: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = directory / "measurements.yaml"
    data = yaml.safe_load(path.read_text())
    change(next(m for m in data["measurements"] if m["id"] == "potassium"))
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def refused(directory: Path) -> KnowledgeBaseError:
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb_from(directory)
    assert err.value.file == "measurements.yaml"
    return err.value


def test_every_band_of_a_finding_is_one_of_its_values(kb: KnowledgeBase) -> None:
    assert kb.measurements.measurements
    for m in kb.measurements.measurements:
        assert {b.value for b in m.bands} == set(kb.findings[m.finding].values), m.id


def test_a_measured_choice_is_never_asked(kb: KnowledgeBase) -> None:
    """Most people do not know their potassium; a fever or a sugar reading may still be asked."""
    measured = {m.finding: kb.findings[m.finding] for m in kb.measurements.measurements}
    choices = [f for f in measured.values() if f.type == "categorical"]
    assert len(choices) == 12
    assert not any(f.askable for f in choices)


def test_every_band_names_a_basis(kb: KnowledgeBase) -> None:
    for m in kb.measurements.measurements:
        for band in m.bands:
            assert band.basis in kb.sources or band.basis == "clinical judgement", (m.id, band.value)


def test_thresholds_are_the_sourced_ones(kb: KnowledgeBase) -> None:
    table = {m.id: m for m in kb.measurements.measurements}
    assert table["potassium"].band(6.5).value == "very_high"  # UK Kidney Association: severe
    assert table["potassium"].band(2.49).value == "very_low"
    assert table["sodium"].band(124).value == "very_low"  # Spasovski 2014: profound
    assert table["heart_rate"].band(40).value == "very_slow"  # NEWS2: 40 or less scores 3
    assert table["heart_rate"].band(131).value == "very_fast"
    assert table["blood_pressure"].band(90).value == "low"  # NEWS2: 90 or less scores 3
    assert table["oxygen_saturation"].band(91).value == "very_low"
    assert table["breathing_rate"].band(25).value == "very_fast"


def test_a_band_value_the_finding_lacks_is_refused(real_dir: Path) -> None:
    edit_potassium(real_dir, lambda m: m["bands"][0].update(value="dangerous"))
    err = refused(real_dir)
    assert err.entry == "potassium" and "dangerous" in str(err)


def test_bands_must_rise(real_dir: Path) -> None:
    edit_potassium(real_dir, lambda m: m["bands"][1].update(below=2.0))
    assert "rise" in str(refused(real_dir))


def test_only_the_last_band_is_open(real_dir: Path) -> None:
    edit_potassium(real_dir, lambda m: m["bands"][-1].update(below=12.0))
    assert "last" in str(refused(real_dir))


def test_an_unknown_basis_is_refused(real_dir: Path) -> None:
    edit_potassium(real_dir, lambda m: m["bands"][0].update(basis="my_textbook"))
    assert "my_textbook" in str(refused(real_dir))


def test_an_unknown_finding_is_refused(real_dir: Path) -> None:
    edit_potassium(real_dir, lambda m: m.update(finding="potassium"))
    assert "no such finding" in str(refused(real_dir))


def test_a_misspelt_field_is_refused(real_dir: Path) -> None:
    edit_potassium(real_dir, lambda m: m.update(plausable={"min": 1, "max": 10}))
    err = refused(real_dir)
    assert err.field is not None and err.field.endswith("plausable")


def test_a_knowledge_base_may_leave_the_table_out() -> None:
    kb = load_kb_from(MINI)
    assert not (MINI / "measurements.yaml").exists()
    assert kb.measurements.measurements == []


def test_the_table_is_in_the_hash(real_dir: Path, kb: KnowledgeBase) -> None:
    edit_potassium(real_dir, lambda m: m["names"].append("kalium"))
    assert load_kb_from(real_dir).hash != kb.hash
