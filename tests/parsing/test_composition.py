"""Meaning composed from parts, on the packaged knowledge base: each test is a class of wording.

- a measured value is read once, by its reader: "temp 99 F" is a normal temperature, not
  a fever said by the word "temp" nor the age and sex of a 99-year-old woman;
- how long and how fast come from the time reader, never from enumerated synonyms;
- describing words in a row share their noun: "numb, tingling feet";
- what has stopped is not current: "the vomiting has settled".
"""

from __future__ import annotations

import re

import pytest

from legweak.kb.loader import load_kb
from legweak.parsing import parse
from legweak.parsing.readers import read_time


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def found(kb, text: str) -> dict[str, str]:
    return {f.id: f.value for f in parse(text, kb).findings}


@pytest.mark.parametrize("text", ["temp 99 F", "Temp 99F, feels rough", "temperature 98.6 F this morning"])
def test_a_temperature_in_fahrenheit_is_no_age_and_no_sex(kb, text):
    result = parse(text, kb)
    assert result.age is None and result.sex is None
    assert {f.id: f.value for f in result.findings}["fever"] == "absent"


def test_an_age_beside_a_temperature_is_still_read(kb):
    result = parse("72F, temp 38.5", kb)
    assert (result.age, result.sex) == (72, "female")
    assert {f.id: f.value for f in result.findings}["fever"] == "present"


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("weak legs for 2 weeks", "weeks"),
        ("weak legs for two weeks", "weeks"),
        ("legs weak for like 8 months", "months"),
        ("for what feels like 3 weeks my legs are weak", "weeks"),
        ("my legs went weak 9 days ago", "days"),
        ("weak for the last seven weeks", "weeks"),
    ],
)
def test_durations_come_from_the_time_reader(kb, text, duration):
    assert found(kb, text)["duration"] == duration


@pytest.mark.parametrize(
    ("text", "onset"),
    [
        ("it came on over about 7 weeks", "weeks"),
        ("my legs got weaker over a month", "weeks"),
        ("it crept up over the last 5 months", "months"),
        ("it got worse over the last day", "days"),
        ("it came on over a couple of hours", "hours"),
    ],
)
def test_onset_speed_comes_from_the_time_reader(kb, text, onset):
    assert found(kb, text)["onset"] == onset


_NUMBERED_TIME = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:day|week|month|year)s?\b"
)


def test_no_time_synonym_enumerates_what_the_reader_reads(kb):
    """A numbered time ("for ... 7 weeks") in a synonym duplicates the reader, and may disagree with it."""
    enumerated = [
        f"{fid}={option.value}: {phrase!r}"
        for fid in ("onset", "duration")
        for option in kb.findings[fid].options
        for phrase in option.synonyms
        if _NUMBERED_TIME.search(phrase)
        and any(r.finding == fid for r in read_time(phrase.replace("...", "")))
    ]
    assert not enumerated, "\n".join(enumerated)


@pytest.mark.parametrize(
    "text", ["numb tingling feet", "numb and tingling feet", "numb, tingling feet", "tingly, numb feet"]
)
def test_describing_words_in_a_row_share_their_noun(kb, text):
    """One phrase, one finding: the stocking pattern, not also numbness and tingling."""
    assert found(kb, text) == {"stocking_distribution": "present"}


def test_a_shared_word_needs_a_describing_word_first(kb):
    """'feel weak and tired' is not 'feel tired': a verb does not share its object that way."""
    assert "fatigue" not in found(kb, "my legs feel weak and tired")


@pytest.mark.parametrize(
    "text",
    [
        "The vomiting settled.",
        "The vomiting has stopped.",
        "Vomiting stopped yesterday.",
        "The vomiting has resolved.",
    ],
)
def test_what_has_stopped_is_not_current(kb, text):
    assert found(kb, text)["vomiting"] == "absent"


@pytest.mark.parametrize("text", ["The vomiting hasn't stopped.", "The vomiting has not settled."])
def test_a_denied_resolution_leaves_the_symptom(kb, text):
    assert found(kb, text)["vomiting"] == "present"


@pytest.mark.parametrize(
    ("text", "finding"),
    [("My bladder has stopped working.", "urinary_retention"), ("My legs stopped working.", "cannot_stand")],
)
def test_a_lost_function_is_present_not_resolved(kb, text, finding):
    assert found(kb, text)[finding] == "present"


def test_still_unwell_does_not_negate_what_follows(kb):
    assert (
        found(kb, "I've never really got better, my legs feel heavy and tired.")["legs_heavy_tired"]
        == "present"
    )


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("F 72, c/o bilat leg weakness", 72, "female"),
        ("M58, PU normal", 58, "male"),
        ("58M, 3/7 hx", 58, "male"),
    ],
)
def test_clinical_age_and_sex_in_either_order(kb, text, age, sex):
    result = parse(text, kb)
    assert (result.age, result.sex) == (age, sex)


def test_clinical_limbs_and_links_are_vocabulary(kb):
    read = found(kb, "M 58 w/ 2/52 hx BLE weakness")
    assert read["side"] == "both_legs" and read["duration"] == "weeks"


@pytest.mark.parametrize(
    ("text", "duration"),
    [("It's been going on about 4 months.", "months"), ("It's been there two days.", "days")],
)
def test_a_duration_after_been_and_a_few_words(kb, text, duration):
    assert found(kb, text)["duration"] == duration


def test_a_measured_temperature_after_has_been(kb):
    assert found(kb, "My temperature has been around 38.")["fever"] == "present"


def test_how_often_is_not_how_long(kb):
    """'a few nights a week' is a rate; the duration is the couple of months."""
    assert found(kb, "It's been happening a few nights a week for a couple of months.")["duration"] == "weeks"
