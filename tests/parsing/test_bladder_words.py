"""An urgent bladder and a leaking one are two findings, read apart on the packaged knowledge base.

Urgency (having to rush to pass urine) is common and slow in multiple sclerosis
and cervical myelopathy; leaking is loss of bladder control, an emergency sign.
Reading one as the other sent slow cord illnesses to the emergency department,
so each wording must give exactly its own finding, and the usual context
(negation, someone else, a hedge) must still apply to the new one.
"""

from __future__ import annotations

import pytest

from legweak.kb.loader import load_kb
from legweak.parsing import parse

BLADDER = {"urinary_urgency", "urinary_incontinence", "urinary_retention"}


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def bladder(kb, text: str) -> dict[str, str]:
    return {f.id: f.value for f in parse(text, kb).findings if f.id in BLADDER}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lately I have to dash to the loo whenever I need a wee", {"urinary_urgency": "present"}),
        ("new urinary frequency and urgency", {"urinary_urgency": "present"}),
        ("my bladder has become urgent", {"urinary_urgency": "present"}),
        ("I'm peeing more often than I used to", {"urinary_urgency": "present"}),
        ("I get the urge and wet myself before I reach the toilet", {"urinary_incontinence": "present"}),
        ("urge incontinence since the weekend", {"urinary_incontinence": "present"}),
        ("I'm leaking wee", {"urinary_incontinence": "present"}),
        ("no urgency at all", {"urinary_urgency": "absent"}),
        # no urge at all is retention, and says there is no urgency
        (
            "I don't feel the urge to pee any more",
            {"urinary_retention": "present", "urinary_urgency": "absent"},
        ),
    ],
)
def test_urgency_and_leaking_each_give_their_own_finding(kb, text: str, expected: dict[str, str]) -> None:
    assert bladder(kb, text) == expected


def test_a_hedged_urgency_counts_less_and_a_relatives_not_at_all(kb) -> None:
    hedged = [f for f in parse("I might have some urgency", kb).findings if f.id == "urinary_urgency"]
    assert hedged and hedged[0].value == "present" and hedged[0].confidence < 1.0
    assert bladder(kb, "my mother has always had to rush to the toilet") == {}
