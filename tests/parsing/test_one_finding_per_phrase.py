"""One phrase, one finding: the most specific finding replaces the general one from the same words.

The model treats findings as independent given the cause, so the same words must
not be counted twice ("dark brown wee" as dark urine and as cola-coloured urine).
A finding's `refines` names the general findings it replaces.
"""

from __future__ import annotations

import pytest

from legweak.parsing import parse
from tests.parsing.conftest import binary, make_kb


@pytest.fixture(scope="module")
def kb():
    return make_kb(
        [
            binary("dark_urine", ["dark urine", "dark wee", "wee is dark", "urine is dark"]),
            binary("cola_urine", ["dark brown wee", "like cola", "cola coloured"], refines=["dark_urine"]),
            binary("numbness", ["numb"]),
            binary("tingling", ["tingling", "tingly"]),
            binary("stocking", ["feet are numb", "numb feet"], refines=["numbness", "tingling"]),
            binary("diabetes", ["diabetes", "on insulin"]),
            binary("insulin", ["insulin", "on insulin"], refines=["diabetes"]),
        ],
        "one-finding-per-phrase",
    )


def ids(kb, text: str) -> dict[str, str]:
    return {f.id: f.value for f in parse(text, kb).findings}


def test_the_specific_finding_replaces_the_general_one_from_the_same_words(kb):
    assert ids(kb, "I have dark brown wee") == {"cola_urine": "present"}
    assert ids(kb, "I am on insulin") == {"insulin": "present"}
    assert ids(kb, "my feet are numb") == {"stocking": "present"}


def test_a_general_finding_joined_to_the_specific_one_belongs_to_it(kb):
    assert ids(kb, "my feet are numb and tingling") == {"stocking": "present"}


def test_the_general_finding_said_in_its_own_words_stays(kb):
    assert ids(kb, "My urine is dark. Now it looks like cola.") == {
        "dark_urine": "present",
        "cola_urine": "present",
    }
    assert ids(kb, "I have diabetes and take insulin") == {"diabetes": "present", "insulin": "present"}


def test_an_absent_specific_finding_says_nothing_about_the_general_one(kb):
    assert ids(kb, "no numb feet but some tingling") == {"stocking": "absent", "tingling": "present"}
