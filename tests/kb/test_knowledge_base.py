"""The shipped knowledge base: complete, coded, sourced, readable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import simple_icd_10_cm as cm

from legweak.kb.lint import lint, table_rows
from legweak.kb.loader import KnowledgeBase
from tests.conftest import shared_or_skip


def test_lint_finds_no_errors() -> None:
    _, problems = lint()
    errors = [f"{p.where}: {p.message}" for p in problems if p.severity == "error"]
    assert errors == []


def test_every_code_is_icd10cm(kb: KnowledgeBase) -> None:
    for cond in kb.conditions:
        for code in cond.icd10:
            assert cm.is_valid_item(code), f"{cond.id}: {code}"


def test_no_code_is_a_strict_prefix_of_another_conditions_code(kb: KnowledgeBase) -> None:
    for a in kb.conditions:
        for b in kb.conditions:
            if a.id == b.id:
                continue
            for code in a.icd10:
                assert not any(other != code and other.startswith(code) for other in b.icd10), (
                    a.id,
                    code,
                    b.id,
                )


def test_every_listed_condition_is_covered_with_its_codes(kb: KnowledgeBase) -> None:
    path = shared_or_skip("vignettes", "CONDITIONS.md")
    rows = table_rows(path.read_text())
    names = [name for name, _ in rows]
    # the rows added after review are read too, not only the first tables
    assert "Aortic dissection" in names and "Degenerative cervical myelopathy" in names
    _, problems = lint(conditions_table=path)
    assert [p for p in problems if p.where.startswith("CONDITIONS.md")] == []


def test_lint_names_a_code_of_the_conditions_table_that_no_condition_carries(tmp_path: Path) -> None:
    table = tmp_path / "CONDITIONS.md"
    table.write_text("| condition | ICD-10-CM |\n|---|---|\n| Made-up disease | Z99.89, G35 |\n")
    _, problems = lint(conditions_table=table)
    missing = [p for p in problems if p.where == "CONDITIONS.md:Made-up disease"]
    assert [(p.severity, p.message) for p in missing] == [("error", "Z99.89 is carried by no condition")]


def test_lint_refuses_a_conditions_table_it_cannot_read(tmp_path: Path) -> None:
    _, problems = lint(conditions_table=tmp_path / "absent.md")
    assert any(p.severity == "error" and "cannot read" in p.message for p in problems)


def test_exactly_one_catch_all_without_codes(kb: KnowledgeBase) -> None:
    catch_all = [c for c in kb.conditions if c.catch_all]
    assert len(catch_all) == 1 and catch_all[0].icd10 == []


def test_every_condition_has_likelihoods_and_a_prior(kb: KnowledgeBase) -> None:
    for cond in kb.conditions:
        assert cond.prior.base > 0
        if not cond.catch_all:
            assert len(kb.likelihoods[cond.id]) >= 5, cond.id


def test_choice_findings_cover_time_and_side(kb: KnowledgeBase) -> None:
    for fid in ("onset", "duration", "side", "course"):
        assert kb.findings[fid].type == "categorical", fid


def test_version_is_semantic(kb: KnowledgeBase) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", kb.version)
    assert re.fullmatch(r"[0-9a-f]{16}", kb.hash)


def test_red_flag_table_covers_the_starting_table(kb: KnowledgeBase) -> None:
    """Each row of RED-FLAGS.md sets its minimum level through at least one rule."""
    text = shared_or_skip("RED-FLAGS.md").read_text()
    rows = [line for line in text.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(rows) >= 17
    levels = {r.level for r in kb.red_flags.rules}
    assert {"emergency_ambulance", "emergency", "consultation_24", "consultation"} <= levels
    assert len(kb.red_flags.rules) >= len(rows)


@pytest.mark.parametrize("rule_sign", ["chest", "breath", "self-harm"])
def test_non_leg_emergencies_get_advice_first(kb: KnowledgeBase, rule_sign: str) -> None:
    first = [r for r in kb.red_flags.rules if r.advice_first]
    assert any(rule_sign in (r.sign + r.id).lower().replace("_", "-") for r in first), rule_sign
