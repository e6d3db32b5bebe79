"""Numbers a lexicon cannot hold, and whose event a time phrase belongs to."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Read = Callable[[str], dict[str, str]]


@pytest.mark.parametrize(
    "text, low",
    [
        ("His blood sugar reading is 2.1.", "present"),
        ("Capillary blood glucose is 5.6 mmol/L.", "absent"),
        ("BM 3.2 on arrival.", "present"),
        ("My sugar was 54 mg/dL.", "present"),
        ("Her glucose came back at 110.", "absent"),
    ],
)
def test_a_measured_blood_sugar(read: Read, text: str, low: str) -> None:
    assert read(text)["low_blood_sugar"] == low


@pytest.mark.parametrize(
    "text, heavy",
    [
        ("He drinks around 30 units of alcohol per week.", "present"),
        ("I have about 6 units a week.", "absent"),
        ("She drinks 4 units a day.", "present"),
    ],
)
def test_units_of_alcohol(read: Read, text: str, heavy: str) -> None:
    assert read(text)["alcohol_heavy"] == heavy


def test_a_past_event_keeps_its_own_time(read: Read) -> None:
    found = read("My legs went weak two days ago, a week after a tummy bug.")
    assert found["duration"] == "days"
    assert found["recent_infection"] == "present"


def test_the_length_of_the_complaint_in_clinical_words(read: Read) -> None:
    found = read("A man with cancer presents with five days of leg weakness.")
    assert found["duration"] == "days"
    assert found["cancer"] == "present"


@pytest.mark.parametrize(
    "text, fever",
    [
        ("Her temperature was 38.9 this morning.", "present"),
        ("Temp 36.8, pulse 80.", "absent"),
        ("T 101.3F on arrival.", "present"),
    ],
)
def test_a_measured_temperature(read: Read, text: str, fever: str) -> None:
    assert read(text)["fever"] == fever


def test_a_decimal_is_not_an_age_and_sex(parsed: Callable[[str], object]) -> None:
    result = parsed("T 101.3F on arrival.")
    assert result.age is None and result.sex is None  # type: ignore[attr-defined]


def test_a_relief_time_is_not_the_illness_time(read: Read) -> None:
    found = read("Sitting down eases it within a minute or two.")
    assert "onset" not in found and "duration" not in found


def test_only_a_very_recent_start_says_how_fast(read: Read) -> None:
    assert read("My leg went weak an hour ago.")["onset"] == "sudden"
    found = read("My legs have been weak since yesterday.")
    assert found["duration"] == "under_2_days"
    assert "onset" not in found  # how long ago says nothing about how fast
