"""The public API: result shape, lexicon matching, clinician phrasing, bad input, speed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from legweak.errors import TextError
from legweak.parsing import ParsedFinding, ParseResult, parse
from tests.parsing.conftest import binary, make_kb, median_parse_seconds


def test_result_shape_and_offsets(parsed):
    text = "No fever. Maybe my left leg is weak."
    result = parsed(text)
    assert isinstance(result, ParseResult)
    assert all(isinstance(f, ParsedFinding) for f in result.findings)
    for f in result.findings:
        assert text[f.start : f.end] == f.text
        assert 0 < f.confidence <= 1
    assert [f.start for f in result.findings] == sorted(f.start for f in result.findings)
    d = result.to_dict()
    assert set(d) == {"findings", "age", "sex", "unrecognised"}
    assert set(d["findings"][0]) == {"id", "value", "text", "start", "end", "confidence"}
    json.dumps(d)


def test_one_finding_per_id_the_most_confident_then_the_first(parsed):
    result = parsed("Maybe my leg is weak. My leg is definitely weak. My leg is weak.")
    weak = [f for f in result.findings if f.id == "leg_weakness"]
    assert len(weak) == 1
    assert weak[0].confidence == 1.0
    assert weak[0].start == result.findings[0].start if result.findings[0].id == "leg_weakness" else True
    assert weak[0].text == "leg is definitely weak"


def test_lay_words_match_through_stems_and_gaps(read):
    assert read("My legs keep giving way.") == {"leg_weakness": "present", "side": "both_legs"}
    assert read("I've got pins and needles and my feet are tingly.") == {
        "numbness": "present",
        "tingling": "present",
    }
    assert read("My back really hurts.") == {"back_pain": "present"}


def test_a_gap_is_at_most_three_words_and_never_crosses_punctuation(read):
    assert "leg_weakness" in read("My leg is really very weak.")
    assert "leg_weakness" not in read("My leg is fine and my hands are weak.")
    assert "leg_weakness" not in read("My leg hurts. I feel weak.")


def test_hyphens_are_optional(fixture_kb):
    kb = make_kb([binary("leg_weakness", ["lower limb weakness"])], "hyphen")
    assert [f.id for f in parse("lower-limb weakness", kb).findings] == ["leg_weakness"]


def test_overlaps_longest_first_but_two_findings_may_share_a_word(read):
    assert read("My right arm and leg are weak.") == {
        "side": "one_leg",
        "arm_weakness": "present",
        "leg_weakness": "present",
    }


def test_a_longer_synonym_hides_a_shorter_one_inside_it():
    kb = make_kb([binary("weakness", ["weakness"]), binary("arm_weakness", ["arm weakness"])], "overlap")
    assert [f.id for f in parse("I have arm weakness.", kb).findings] == ["arm_weakness"]


def test_clinician_third_person_phrasing(parsed):
    result = parsed(
        "A 58-year-old man presents with bilateral leg weakness. Denies fever. "
        "On examination, reduced ankle reflexes."
    )
    found = {f.id: f.value for f in result.findings}
    assert found == {
        "side": "both_legs",
        "leg_weakness": "present",
        "fever": "absent",
        "reduced_reflexes": "present",
    }
    assert (result.age, result.sex) == (58, "male")
    assert result.unrecognised == []


def test_nothing_recognised_gives_an_empty_result_with_the_text(parsed):
    result = parsed("The weather is lovely today.")
    assert result.findings == []
    assert result.unrecognised == ["The weather is lovely today."]


def test_unrecognised_lists_only_the_sentences_that_gave_nothing(parsed):
    result = parsed("My leg is weak. I like gardening. I am 60.")
    assert result.unrecognised == ["I like gardening."]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("a" * 5001, "limit"),
        ("my leg\x00is weak", "binary"),
        ("\x01\x02\x03\x04\x05\x06\x07\x08 weak", "binary"),
        ("\ud800 broken", "Unicode"),
        (b"my leg is weak", "string"),
    ],
)
def test_bad_input_raises_a_clear_text_error(fixture_kb, text, words):
    with pytest.raises(TextError, match=words):
        parse(text, fixture_kb)


def test_text_at_the_limit_is_accepted(fixture_kb):
    assert parse("weak leg. " * 500, fixture_kb).findings


def test_importing_the_package_does_not_import_spacy():
    code = "import sys, legweak.parsing; print('spacy' in sys.modules, 'negspacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_three_sentences_parse_well_under_50_ms(fixture_kb):
    assert median_parse_seconds(fixture_kb, runs=20) < 0.1  # a regression guard; timing lives in benchmarks/
