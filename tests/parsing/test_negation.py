"""Negation (negspacy's NegEx with the terms of context.yaml) and where its scope ends."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("There is no tingling or numbness at all.", {"numbness": "absent", "tingling": "absent"}),
        ("I don't have a fever.", {"fever": "absent"}),
        ("I dont have a fever", {"fever": "absent"}),
        ("No fever.", {"fever": "absent"}),
        ("He denies chest pain.", {"chest_pain": "absent"}),
        ("No history of diabetes.", {"diabetes": "absent"}),
        ("I have not had a headache.", {"headache": "absent"}),
        ("Without any back pain at all.", {"back_pain": "absent"}),
    ],
)
def test_a_preceding_negation_makes_a_finding_absent(read, text, expected):
    assert read(text) == expected


def test_a_following_negation_covers_everything_before_it(read):
    assert read("Bowels and bladder are normal.") == {
        "bladder_problem": "absent",
        "bowel_problem": "absent",
    }


def test_an_absent_synonym_gives_absent_and_its_negation_gives_present(read):
    assert read("I can walk normally.") == {"difficulty_walking": "absent"}
    assert read("I am not walking normally.") == {"difficulty_walking": "present"}


@pytest.mark.parametrize("word", ["but", "however", "although", "and now"])
def test_negation_stops_at_a_termination_word(read, word):
    found = read(f"I have no back pain {word} my left leg is weak.")
    assert found["back_pain"] == "absent"
    assert found["leg_weakness"] == "present"


def test_a_reason_is_a_new_statement_that_a_negation_does_not_reach(read):
    found = read("He takes no statin because of a headache.")
    assert found == {"statin": "absent", "headache": "present"}
    found = read("No fever due to a chest infection.")
    assert found == {"fever": "absent", "recent_infection": "present"}


def test_negation_stops_at_the_end_of_the_sentence(read):
    found = read("No fever. My leg is weak.")
    assert found["fever"] == "absent"
    assert found["leg_weakness"] == "present"


def test_negation_stops_where_a_new_clause_about_me_starts(read):
    found = read("I have no headache and my leg feels weak.")
    assert found == {"headache": "absent", "leg_weakness": "present"}


@pytest.mark.parametrize(
    "text",
    [
        "The leg weakness is no better.",
        "Not only is my leg weak, my arm is too.",
        "I am no longer able to stand because my leg is weak.",
    ],
)
def test_pseudo_negations_do_not_negate(read, text):
    assert read(text)["leg_weakness"] == "present"


@pytest.mark.parametrize("text", ["I can't stand up.", "I cannot stand.", "I cant stand"])
def test_inability_is_a_symptom_not_a_negation(read, text):
    assert read(text) == {"cannot_stand": "present"}


def test_a_negated_choice_says_nothing(read):
    assert "onset" not in read("It did not come on suddenly.")
