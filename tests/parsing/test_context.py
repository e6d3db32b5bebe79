"""History, hypothetical and other-person context: a mention about the patient now counts."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "I used to get back pain.",
        "In the past I had back pain.",
        "I had back pain years ago.",
        "I had bad back pain before.",
    ],
)
def test_history_is_not_a_current_finding(read, text):
    assert "back_pain" not in read(text)


def test_in_the_past_few_days_is_current_not_history(read):
    assert read("In the past few days my legs have become weak.")["leg_weakness"] == "present"


def test_history_scope_ends_at_now(read):
    found = read("I used to have back pain but now my leg is weak.")
    assert "back_pain" not in found
    assert found["leg_weakness"] == "present"


def test_a_past_infection_is_a_recent_infection_not_a_current_fever(read):
    found = read("I had flu two weeks ago.")
    assert found["recent_infection"] == "present"
    assert "fever" not in found


def test_a_synonym_that_contains_the_past_words_owns_them(read):
    assert read("I had a stroke years ago.") == {"previous_stroke": "present"}


@pytest.mark.parametrize(
    "text",
    [
        "If I walk far my legs get weak.",
        "I am worried about back pain.",
        "What if it is a fever?",
        "Should I worry if my arm goes weak?",
    ],
)
def test_hypotheticals_do_not_assert_a_symptom(read, text):
    found = read(text)
    assert not {"leg_weakness", "back_pain", "fever", "arm_weakness"} & set(found)


def test_when_is_not_hypothetical(read):
    assert read("When I walk 200 yards my calf cramps.") == {"exertional_calf_pain": "present"}


def test_as_if_is_not_hypothetical(read):
    assert read("It feels as if my leg is weak.")["leg_weakness"] == "present"


@pytest.mark.parametrize(
    "text",
    [
        "My father has diabetes.",
        "My mother had back pain.",
        "My 80-year-old mother had a stroke.",
        "Diabetes runs in the family.",
        "My brother also has weak legs.",
    ],
)
def test_a_relatives_condition_is_not_the_patients(read, text):
    found = read(text)
    assert not {"diabetes", "back_pain", "previous_stroke", "leg_weakness"} & set(found)


def test_a_family_history_finding_is_found_by_its_own_synonyms(read):
    assert read("Diabetes runs in the family.") == {"family_history": "present"}
    assert read("There is a family history of diabetes.") == {"family_history": "present"}


def test_family_scope_ends_when_the_writer_speaks_of_themself(read):
    found = read("My dad had a stroke and now I have leg weakness.")
    assert found == {"leg_weakness": "present"}
    assert read("My wife says my speech is slurred.") == {"slurred_speech": "present"}


def test_a_relative_writing_for_someone_gives_that_persons_symptoms(parsed):
    result = parsed("My dad can't stand up and his legs are weak. He is 71.")
    found = {f.id: f.value for f in result.findings}
    assert found["cannot_stand"] == "present"
    assert found["leg_weakness"] == "present"
    assert (result.age, result.sex) == (71, "male")


def test_a_relative_writing_can_still_mention_other_relatives(parsed):
    result = parsed("My mum's legs have gone weak since yesterday. Her sister has diabetes.")
    found = {f.id for f in result.findings}
    assert "leg_weakness" in found
    assert "diabetes" not in found
    assert result.sex == "female"


def test_hedges_lower_confidence(parsed):
    def confidence(text: str) -> float:
        return next(f.confidence for f in parsed(text).findings if f.id == "leg_weakness")

    plain = confidence("My leg is weak.")
    assert plain == 1.0
    for hedged in ["Maybe my leg is weak.", "I think my leg is weak.", "My leg is a bit weak."]:
        assert confidence(hedged) < plain
    assert confidence("Maybe I think my leg is weak.") < confidence("I think my leg is weak.")


def test_a_hedge_in_another_clause_does_not_count(parsed):
    result = parsed("Maybe it is nothing, but my leg is weak.")
    assert next(f for f in result.findings if f.id == "leg_weakness").confidence == 1.0


def test_a_relatives_relative_is_family_not_the_patient(parsed):
    result = parsed("My mum's brother had cancer and can't stand.")
    assert "cannot_stand" not in {f.id for f in result.findings}
    assert result.sex is None
