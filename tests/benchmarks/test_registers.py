"""Who wrote a case, read from its opening text (benchmarks/registers.py)."""

from __future__ import annotations

import pytest

from benchmarks.registers import register
from legweak.evaluation.vignettes import Vignette


def case(complaint: str) -> Vignette:
    return Vignette.model_validate(
        {
            "id": "x1",
            "age": 60,
            "sex": "female",
            "complaint": complaint,
            "facts": [],
            "expected": {"conditions": ["G35"], "triage": ["consultation"]},
        }
    )


@pytest.mark.parametrize(
    ("complaint", "writer"),
    [
        ("58M, 3/7 hx bilat LL weakness, PMH T2DM", "clinical"),
        ("GP tel triage: 72F c/o weak legs", "clinical"),
        ("my dad (66) can't get out of his chair", "relative"),
        ("Mum's 82 and her legs have gone", "relative"),
        ("my flatmate did leg day and now can't walk", "relative"),
        ("my legs feel weak and heavy since the flu", "lay"),
        ("new mum, baby's 3 months, legs heavy", "lay"),
    ],
)
def test_the_writer_is_read_from_the_opening_text(complaint: str, writer: str) -> None:
    assert register(case(complaint)) == writer
