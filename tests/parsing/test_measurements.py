"""Lab results and vital signs read from text: names, forms, units, plausible ranges, bands.

The reader is tested with the packaged table (measurements.yaml) on its own, then
through the parser, where its readings meet the lexicon, negation and context.
"""

from __future__ import annotations

import pytest

from legweak.kb.loader import KnowledgeBase
from legweak.kb.schema import Measurements
from legweak.parsing import parse
from legweak.parsing.measurements import MeasurementReader, read_measurements


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> MeasurementReader:
    return MeasurementReader(kb.measurements)


def readings(reader: MeasurementReader, text: str) -> dict[str, str]:
    return {r.finding: r.value for r in reader.read(text)}


@pytest.mark.parametrize(
    "text, finding, value",
    [
        ("K 2.4", "potassium_level", "very_low"),
        ("K+ of 2.4", "potassium_level", "very_low"),
        ("potassium was 2.4", "potassium_level", "very_low"),
        ("serum K 7.0 mmol/L", "potassium_level", "very_high"),
        ("U&E today K 7.2.", "potassium_level", "very_high"),
        ("K+ 3.1 on repeat", "potassium_level", "low"),
        ("Potassium 4.2 mEq/L", "potassium_level", "normal"),
        ("K 5.8", "potassium_level", "high"),
        ("Na+ 118", "sodium_level", "very_low"),
        ("her sodium was 118 on yesterday's blood test", "sodium_level", "very_low"),
        ("Na 134", "sodium_level", "low"),
        ("Mg 0.32", "magnesium_level", "very_low"),
        ("Mg 1.9 (normal)", "magnesium_level", "normal"),  # a bare US value, in mg/dL
        ("magnesium 1.1 mg/dL", "magnesium_level", "very_low"),
        ("CK 48,000", "ck_level", "very_high"),
        ("CK elevated at 4500 on GP bloods", "ck_level", "high"),
        ("creatine kinase 350 U/L", "ck_level", "raised"),
        ("Hb 72", "haemoglobin_level", "low"),
        ("Hb 6.5 g/dL", "haemoglobin_level", "very_low"),
        ("haemoglobin 135 g/L", "haemoglobin_level", "normal"),
        ("B12 110", "b12_level", "low"),
        ("B12 200 pmol/L", "b12_level", "borderline"),  # 271 ng/L
        ("TSH 45", "tsh_level", "high"),
        ("TSH <0.01", "tsh_level", "low"),
        ("eGFR 18, down from 26 last month", "kidney_function", "severely_reduced"),
        ("HR 44 irregular", "heart_rate", "slow"),
        ("HR 38", "heart_rate", "very_slow"),
        ("pulse 120", "heart_rate", "fast"),
        ("her pulse is 140", "heart_rate", "very_fast"),
        ("Irregularly irregular pulse 110.", "heart_rate", "fast"),
        ("BP 88/50", "blood_pressure", "low"),
        ("blood pressure is 88 over 50", "blood_pressure", "low"),
        ("BP 150/90 right arm", "blood_pressure", "normal"),
        ("BP 210/120", "blood_pressure", "high"),
        ("systolic 85", "blood_pressure", "low"),
        ("SpO2 91%", "oxygen_saturation", "very_low"),
        ("sats 88% on air", "oxygen_saturation", "very_low"),
        ("SpO2 95% RA", "oxygen_saturation", "low"),
        ("sats 98%", "oxygen_saturation", "normal"),
        ("RR 28", "breathing_rate", "very_fast"),
        ("resp rate 22", "breathing_rate", "fast"),
        ("RR 6", "breathing_rate", "slow"),
        ("Temp 38.7, HR 112.", "fever", "present"),
        ("T 101.3F on arrival", "fever", "present"),
        ("temperature 36.9 degrees", "fever", "absent"),
        ("My sugar is now 7.4.", "low_blood_sugar", "absent"),
        ("BM 3.2 on arrival", "low_blood_sugar", "present"),
        ("glucose 54 mg/dL", "low_blood_sugar", "present"),
    ],
)
def test_a_measurement_in_the_forms_notes_use(
    reader: MeasurementReader, text: str, finding: str, value: str
) -> None:
    assert readings(reader, text).get(finding) == value


def test_several_values_in_one_line(reader: MeasurementReader) -> None:
    found = readings(reader, "SpO2 95% RA, RR 18, HR 88 reg, BP 120/80, K+ 2.4, Na 134")
    assert found == {
        "oxygen_saturation": "low",
        "breathing_rate": "normal",
        "heart_rate": "normal",
        "blood_pressure": "normal",
        "potassium_level": "very_low",
        "sodium_level": "low",
    }


@pytest.mark.parametrize(
    "text",
    [
        "K 12",  # no potassium is 12: a stray number
        "K 0.4",
        "Na 40",
        "sats 30%",
        "HR 400",
        "vitamin K 10",  # a vitamin, not potassium
        "K 10 mg",  # a dose
        "omeprazole 40 mg 2 a day",  # a dose unit, not magnesium
        "I ran 5k 3 times a week",
        "HbA1c 81",  # not haemoglobin
        "Power 4/5 both legs",
        "HR 3/52",  # a score or a date is not a pulse
        "sats 2 days ago",
        "BP tablets twice a day",
        "on oxygen 2 litres",
        "my potassium tablets",
        "worked in temperatures of 45 degrees",  # the weather, not a body
        "sugar 2 tablets",
        "T2DM for 10 years",
    ],
)
def test_a_number_that_is_not_the_measurement_is_not_read(reader: MeasurementReader, text: str) -> None:
    assert reader.read(text) == []


@pytest.mark.parametrize("text", ["sats 97% on 2L O2", "SpO2 97% on oxygen", "sats 96% with oxygen"])
def test_a_normal_saturation_on_oxygen_says_nothing(reader: MeasurementReader, text: str) -> None:
    assert "oxygen_saturation" not in readings(reader, text)


def test_a_low_saturation_on_oxygen_is_still_low(reader: MeasurementReader) -> None:
    assert readings(reader, "sats 89% on 4L O2")["oxygen_saturation"] == "very_low"
    assert readings(reader, "sats 95% on 2L O2")["oxygen_saturation"] == "low"


def test_a_reading_spans_its_own_words(reader: MeasurementReader) -> None:
    text = "Bloods: K+ 2.4 mmol/L today."
    (only,) = reader.read(text)
    assert text[only.start : only.end] == "K+ 2.4 mmol/L"


def test_a_knowledge_base_without_a_table_reads_nothing() -> None:
    empty = Measurements(links=[], foreign_units=[], measurements=[])

    class NoTable:
        measurements = empty

    assert read_measurements("K+ 7.2, BP 70/40", NoTable()) == []
    assert read_measurements("K+ 7.2", object()) == []


def test_measured_values_come_through_the_parser(kb: KnowledgeBase) -> None:
    result = parse("74M, legs like lead. K+ 7.2 on bloods this morning. HR 44 irregular. BP 88/50.", kb)
    found = {f.id: f.value for f in result.findings}
    assert found["potassium_level"] == "very_high"
    assert found["heart_rate"] == "slow"
    assert found["blood_pressure"] == "low"
    text = next(f.text for f in result.findings if f.id == "potassium_level")
    assert text == "K+ 7.2"


def test_a_measured_value_is_one_finding(kb: KnowledgeBase) -> None:
    result = parse("K+ 2.4 on Monday, repeat K 2.6 today.", kb)
    assert [f.value for f in result.findings if f.id == "potassium_level"] == ["very_low"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # 20 mmHg or more between the arms' top numbers: the pulse deficit of a dissection.
        ("BP R arm 182/100, L arm 146/84.", "present"),
        ("Right arm 170/95 and left arm 140/80", "present"),
        ("BP 160/90 (R), 132/78 (L)", "present"),
        # Under 10 is the usual spread; between 10 and 20 nothing is read.
        ("BP 142/84 right arm, 138/80 left arm.", "absent"),
        ("Right arm 150/90, left arm 135/85.", None),
        # One arm alone compares nothing.
        ("BP R arm 182/100.", None),
    ],
)
def test_the_two_arms_blood_pressures_are_compared(kb: KnowledgeBase, text: str, value: str | None) -> None:
    found = {f.id: f.value for f in parse(text, kb).findings}
    assert found.get("arm_pressure_difference") == value


@pytest.mark.parametrize(
    "text",
    ["His meter says 2.4.", "I checked her sugar with her machine and it said 2.3."],
)
def test_a_home_glucose_meter_reading_is_blood_sugar(kb: KnowledgeBase, text: str) -> None:
    found = {f.id: f.value for f in parse(text, kb).findings}
    assert found.get("low_blood_sugar") == "present"
