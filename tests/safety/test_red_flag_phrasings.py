"""Every warning sign of shared/RED-FLAGS.md holds on any wording.

The phrasing table (`phrasings.yaml`) gives, for each row, lay, relative and
clinical phrasings that must reach the row's minimum level, and negations that
must not fire the row's rules. Every text goes through `legweak.service`, the
very call a person's words go through, in-process and with one knowledge base.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from legweak.kb.loader import load_kb
from legweak.kb.schema import TRIAGE_LEVELS
from legweak.service import Checker, Result

KB = load_kb()
CHECKER = Checker(KB)
_DATA: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "phrasings.yaml").read_text())
TABLE: list[dict[str, Any]] = _DATA["rows"]
READINGS: list[dict[str, Any]] = _DATA["readings"]


def rank(level: str) -> int:
    return TRIAGE_LEVELS.index(level)  # type: ignore[arg-type]


def play(text: str) -> Result:
    """The result a person gets for this opening text, before any question."""
    return CHECKER.result(CHECKER.start(60, "female", text))


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(row, text, id=f"row{row['row']}-{n}")
        for row in TABLE
        for n, text in enumerate(row[kind])
    ]


def test_the_table_covers_every_row_with_enough_phrasings() -> None:
    assert sorted(row["row"] for row in TABLE) == list(range(1, 18))
    for row in TABLE:
        assert len(row["phrasings"]) >= 5, row["row"]
        assert len(row["negations"]) >= 2, row["row"]
        assert all(r in {rule.id for rule in KB.red_flags.rules} for r in row["rules"]), row["row"]


@pytest.mark.parametrize(("row", "text"), _cases("phrasings"))
def test_a_warning_sign_reaches_its_minimum_level(row: dict[str, Any], text: str) -> None:
    result = play(text)
    assert rank(result.level) <= rank(row["level"]), (text, result.level, result.fired_rules)
    if row.get("advice_first"):
        assert result.advice_first, text


@pytest.mark.parametrize(("row", "text"), _cases("negations"))
def test_a_denied_warning_sign_fires_none_of_its_rules(row: dict[str, Any], text: str) -> None:
    fired = set(play(text).fired_rules)
    assert not fired & set(row["rules"]), (text, sorted(fired))


@pytest.mark.parametrize("case", READINGS, ids=[f"reading-{n}" for n in range(len(READINGS))])
def test_urgency_and_leaking_are_read_apart(case: dict[str, Any]) -> None:
    """An urgent bladder is urgency, a leaking one is incontinence: one phrase, one finding,
    so urgency alone is not sent to the emergency department and leaking still is."""
    session = CHECKER.start(60, "female", case["text"])
    assert all(session.evidence.get(f) == "present" for f in case["present"]), (
        case["text"],
        session.evidence,
    )
    assert not [f for f in case.get("not", []) if session.evidence.get(f) == "present"], session.evidence
    level = CHECKER.result(session).level
    assert rank(level) <= rank(case["level"]), (case["text"], level)
    assert rank(level) >= rank(case.get("at_most", TRIAGE_LEVELS[0])), (case["text"], level)
