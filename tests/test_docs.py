"""The docs stay true to the code: every test the hazard log names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_every_test_named_in_the_hazard_log_exists() -> None:
    text = (ROOT / "docs" / "clinical-safety.md").read_text()
    refs = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", text)
    assert refs, "the hazard log names no tests"
    missing = []
    for path, name in refs:
        source = ROOT / path
        if not source.exists():
            missing.append(path)
        elif name and not re.search(rf"^def {name}\(", source.read_text(), re.M):
            missing.append(f"{path}::{name}")
    assert missing == []


def test_readme_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_the_rule_table_in_the_hazard_log_matches_the_rules() -> None:
    from legweak.kb.inspect import rules_markdown
    from legweak.kb.loader import load_kb

    text = (ROOT / "docs" / "clinical-safety.md").read_text()
    assert rules_markdown(load_kb()) in text, "regenerate the table with `legweak kb rules --markdown`"
