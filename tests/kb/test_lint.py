"""Lint's own checks, on a small knowledge base changed one way at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from legweak.kb.lint import lint

MINI = Path(__file__).parents[1] / "fixtures" / "mini_kb"


def _kb_where_calf_pain_refines_back_pain(tmp_path: Path, under_dvt: float) -> Path:
    """Not medicine, only shape: calf swelling made a special case of back pain."""
    target = tmp_path / "kb"
    shutil.copytree(MINI, target)
    path = target / "findings.yaml"
    data = yaml.safe_load(path.read_text())
    calf = next(f for f in data["findings"] if f["id"] == "calf_swelling")
    calf["refines"] = ["back_pain"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    path = target / "likelihoods.yaml"
    data = yaml.safe_load(path.read_text())
    data["likelihoods"]["dvt"]["findings"]["back_pain"] = under_dvt
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return target


def test_a_special_case_likelier_than_what_it_refines_is_an_error(tmp_path: Path) -> None:
    _, problems = lint(_kb_where_calf_pain_refines_back_pain(tmp_path, under_dvt=0.3))
    errors = [(p.where, p.message) for p in problems if p.severity == "error" and "refines" in p.message]
    assert errors == [
        ("likelihoods.yaml:dvt", "calf_swelling (0.85) is likelier than back_pain (0.3), which it refines")
    ]


def test_a_special_case_no_likelier_than_what_it_refines_passes(tmp_path: Path) -> None:
    _, problems = lint(_kb_where_calf_pain_refines_back_pain(tmp_path, under_dvt=0.9))
    assert [p for p in problems if "refines" in p.message] == []
