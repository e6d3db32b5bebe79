"""Time, side, age and sex: read with patterns, kept only where the KB has the finding."""

from __future__ import annotations

import pytest

from legweak.parsing import parse
from tests.parsing.conftest import binary, fixture_findings, make_kb


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("My leg went weak an hour ago.", "under_2_days"),
        ("My leg went weak this morning.", "under_2_days"),
        ("My leg has been weak since yesterday.", "under_2_days"),
        ("My leg has been weak since Tuesday.", "days"),
        ("My leg went weak a few days ago.", "days"),
        ("My leg has been weak for three weeks.", "weeks"),
        ("My legs have been weak for a month.", "weeks"),
        ("It has been on and off for months.", "months"),
        ("My leg has been weak for 18 months.", "months"),
        ("My legs have been weak for years.", "months"),
    ],
)
def test_duration_from_time_phrases(read, text, duration):
    assert read(text)["duration"] == duration


@pytest.mark.parametrize(
    ("text", "onset"),
    [
        ("My legs got weak over the last few days.", "days"),
        ("It came on over a couple of hours.", "hours"),
        ("It got worse gradually over weeks.", "weeks"),
        ("It developed within minutes.", "sudden"),
    ],
)
def test_onset_from_how_fast_it_came_on(read, text, onset):
    assert read(text)["onset"] == onset


def test_a_recent_start_suggests_an_onset_with_lower_confidence(parsed):
    onset = next(f for f in parsed("My leg went weak an hour ago.").findings if f.id == "onset")
    assert onset.value == "sudden"
    assert onset.confidence < 1.0


def test_a_stated_onset_beats_one_inferred_from_time(parsed):
    result = parsed("It came on over the past few days, about four days ago.")
    assert {f.id: f.value for f in result.findings}["onset"] == "days"
    sudden = parsed("Three days ago my leg suddenly went weak.")
    assert {f.id: f.value for f in sudden.findings}["onset"] == "sudden"


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("My left leg is weak.", "one_leg"),
        ("My right arm and leg are weak.", "one_leg"),
        ("Only the right side is involved.", "one_leg"),
        ("Both legs have gone weak.", "both_legs"),
        ("Both of my legs are weak.", "both_legs"),
        ("Bilateral lower limb weakness.", "both_legs"),
        ("My legs are weak.", "both_legs"),
    ],
)
def test_side(read, text, side):
    assert read(text)["side"] == side


def test_no_side_from_a_negated_mention(read):
    assert "side" not in read("There is no weakness in my left leg.")


def test_a_kb_without_a_finding_gets_nothing_for_it():
    kb = make_kb([binary("leg_weakness", ["leg ... weak"])], "no-time-no-side")
    result = parse("My left leg went weak three days ago.", kb)
    assert [f.id for f in result.findings] == ["leg_weakness"]


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("I'm 54 and my leg is weak.", 54, None),
        ("I am a 47 year old woman.", 47, "female"),
        ("A 58-year-old man presents with weak legs.", 58, "male"),
        ("My dad is 71 and he can't stand up.", 71, "male"),
        ("My mum can't walk, she is 88.", 88, "female"),
        ("My wife says my speech is slurred.", None, "male"),
        ("My husband noticed my leg is weak.", None, "female"),
        ("She has weak legs.", None, "female"),
        ("I'm 6 weeks into this and my leg is weak.", None, None),
    ],
)
def test_age_and_sex(parsed, text, age, sex):
    result = parsed(text)
    assert (result.age, result.sex) == (age, sex)


def test_a_relatives_age_is_not_the_writers(parsed):
    result = parsed("My 80-year-old mother had a stroke. I am 50 and my leg is weak.")
    assert result.age == 50


def test_fixture_kb_has_the_reader_findings():
    ids = {f.id for f in fixture_findings()}
    assert {"onset", "duration", "side"} <= ids


def test_a_relative_named_without_the_apostrophe_still_gives_the_patients_sex() -> None:
    from legweak.parsing.readers import read_narrator, read_sex

    text = "my husbands legs have been getting weaker, hes wobbly on his feet"
    found = read_sex(text, read_narrator(text))
    assert found is not None and found.value == "male"
