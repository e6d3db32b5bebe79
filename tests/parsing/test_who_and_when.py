"""Who the symptoms belong to, when the text says it twice, and synonyms that say "not" themselves.

On the packaged knowledge base: a relative typing for the person being checked
gives that person's symptoms; a relative's past illness stays family history;
two different time statements settle nothing; "I haven't had a wee" is a sign.
"""

from __future__ import annotations

import pytest

from legweak.kb.loader import load_kb
from legweak.parsing import parse
from legweak.parsing.readers import read_narrator


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def found(kb, text: str) -> dict[str, str]:
    return {f.id: f.value for f in parse(text, kb).findings}


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("writing this for my nan, she can't get out of her chair", "nan"),
        ("my partners mouth has gone lopsided and his arm is weak", "partner"),
        ("my son has chest pain", "son"),
        ("Hi, I'm worried about my mum. She can't stand.", "mum"),
        ("on behalf of my husband, his legs have gone numb", "husband"),
        # "too" adds to her own signs here, not a family likeness
        ("My wife's 63 and she's been tripping, and now her hand's gone weak too", "wife"),
    ],
)
def test_a_relative_typing_for_the_person_makes_them_the_patient(text: str, relative: str) -> None:
    assert read_narrator(text).relative == relative


@pytest.mark.parametrize(
    "text",
    [
        "my dad had a stroke years ago and my legs are weak",
        "My father has diabetes.",
        "My mother had back pain.",
        "my wife says my speech is slurred",
        "my brother also has weak legs",
    ],
)
def test_a_relatives_past_illness_or_report_keeps_the_writer_as_patient(text: str) -> None:
    assert read_narrator(text).relative is None


def test_the_relatives_current_symptoms_are_read(kb) -> None:
    assert found(kb, "my son has chest pain")["chest_pain"] == "present"
    assert found(kb, "writing this for my nan, she's wet herself")["urinary_incontinence"] == "present"


def test_the_writers_symptoms_after_a_family_history_are_current(kb) -> None:
    assert found(kb, "my dad had a stroke years ago and my legs are weak")["side"] == "both_legs"


def test_two_different_durations_settle_nothing(kb) -> None:
    result = found(kb, "sore back for months. this morning my leg went weak")
    assert "duration" not in result
    assert found(kb, "my leg has been weak for months")["duration"] == "months"


def test_a_synonym_that_says_not_itself_is_present(kb) -> None:
    assert found(kb, "I haven't had a wee all day")["low_urine"] == "present"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I worked in high temperatures all day", "fever"),
        ("I get short of breath walking up hills", "breathless_rest"),
        ("I feel sleepy", "drowsy"),
        ("I've had stress incontinence for years since my kids", "urinary_incontinence"),
    ],
)
def test_a_loose_synonym_is_not_the_warning_sign(kb, text: str, finding: str) -> None:
    assert finding not in found(kb, text)
