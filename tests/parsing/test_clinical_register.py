"""Clinical notes: shorthand read as the words it stands for, with the offsets of the note itself.

The vocabulary is `shorthand` in context.yaml (the fixture KB reads the real
file); these tests use the fixture lexicon, so they test the mechanism.
"""

from __future__ import annotations

import pytest

from legweak.kb.lexicon import Shorthand
from legweak.parsing.readers import expand_shorthand
from tests.parsing.conftest import context_rules


@pytest.fixture(scope="module")
def shorthand() -> Shorthand:
    return context_rules().shorthand


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("3/7 hx of leg weakness", "days"),
        ("leg weakness 2/52", "weeks"),
        ("numb feet 6/12", "months"),
        ("weak legs, sx 1/24", "under_2_days"),
    ],
)
def test_clinical_durations_are_days_weeks_months_and_hours(read, text, duration):
    assert read(text)["duration"] == duration


def test_a_fraction_that_is_not_a_duration_is_left_alone(read, shorthand):
    assert "duration" not in read("BP 120/80, leg weak")
    assert expand_shorthand("on 12/06/2024", shorthand).text == "on 12/06/2024"


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("58M, leg weak", 58, "male"),
        ("72 F c/o leg weakness", 72, "female"),
        ("45yo F, numb feet", 45, "female"),
        ("a 60 y/o woman with weak legs", 60, "female"),
    ],
)
def test_age_and_sex_shorthand(parsed, text, age, sex):
    result = parsed(text)
    assert (result.age, result.sex) == (age, sex)


def test_denies_and_nil_negate(read):
    assert read("denies back pain")["back_pain"] == "absent"
    assert read("nil fever")["fever"] == "absent"


def test_past_medical_history_is_history_until_the_note_turns_to_the_complaint(read):
    found = read("PMH cancer, back pain. c/o weak legs and tingling")
    assert found["cancer"] == "present"  # a past condition stays true
    assert "back_pain" not in found  # a symptom in the history is not a current one
    assert found["tingling"] == "present"
    assert "headache" not in read("PMH headache, on examination leg weak")
    assert read("PMH headache, o/e fever")["fever"] == "present"  # "o/e" ends the history


def test_positive_and_negative_each_speak_for_their_own_words(read):
    found = read("fever +ve, back pain -ve")
    assert found["fever"] == "present"
    assert found["back_pain"] == "absent"


def test_capitals_only_shorthand_is_not_an_everyday_word(shorthand):
    assert expand_shorthand("c/o SOB", shorthand).text == "complains of short of breath"
    assert expand_shorthand("I sob at night", shorthand).text == "I sob at night"


def test_findings_keep_the_words_and_offsets_of_the_note(parsed):
    text = "58M c/o bilat leg weakness 3/7, ?fever"
    result = parsed(text)
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.text
    duration = next(f for f in result.findings if f.id == "duration")
    assert duration.text == "3/7"


def test_offsets_map_back_through_each_expansion(shorthand):
    text = "c/o leg weak 2/52"
    expanded = expand_shorthand(text, shorthand)
    assert expanded.text == "complains of leg weak for 2 weeks"
    leg = expanded.text.index("leg")
    assert expanded.original(leg, leg + 3) == (4, 7)
    tail = expanded.text.index("for 2")
    assert expanded.original(tail + 4, len(expanded.text)) == (13, 17)  # inside "for 2 weeks": all of "2/52"
