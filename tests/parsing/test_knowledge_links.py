"""Links the knowledge base draws between findings, as the parser applies them.

- a `past` finding counts in a history context, and dates its own event;
- an umbrella finding's absence rules out everything it `covers`;
- a relative's symptom becomes the `family` history finding it stands for.
"""

from __future__ import annotations

from collections.abc import Callable


def test_a_past_finding_survives_history_context(read: Callable[[str], dict[str, str]]) -> None:
    assert read("My mum had cancer a few years ago.").get("cancer") is None  # the mother's, not the patient's
    assert read("I had cancer ten years ago.")["cancer"] == "present"


def test_time_words_date_the_past_event_not_the_weakness(read: Callable[[str], dict[str, str]]) -> None:
    found = read("I had cancer ten years ago.")
    assert "duration" not in found and "onset" not in found
    found = read("It started three days ago, soon after I began a statin.")
    assert found["duration"] == "days"


def test_an_activity_time_is_not_the_illness_time(read: Callable[[str], dict[str, str]]) -> None:
    found = read("When I walk for ten minutes my legs go numb.")
    assert "duration" not in found
    assert found["numbness"] == "present"
    assert read("My legs have been numb for ten minutes.")["duration"] == "under_2_days"


def test_history_length_in_clinical_shorthand(read: Callable[[str], dict[str, str]]) -> None:
    assert read("A man presents with six months of progressive leg weakness.")["duration"] == "months"
    assert read("She has a 3-day history of weak legs.")["duration"] == "days"


def test_no_medicines_rules_out_each_medicine(read: Callable[[str], dict[str, str]]) -> None:
    found = read("I don't take any medicines.")
    assert found["medicines"] == found["statin"] == found["insulin"] == "absent"


def test_a_named_medicine_beats_the_umbrella(read: Callable[[str], dict[str, str]]) -> None:
    found = read("I take no other medication apart from atorvastatin.")
    assert found["statin"] == "present"
    assert found["insulin"] == "absent"


def test_a_relatives_symptom_is_family_history(read: Callable[[str], dict[str, str]]) -> None:
    found = read("My legs are weak, and my brother has thin muscles in his legs.")
    assert found.get("family_history_muscle") == "present"
    assert "muscle_wasting" not in found


def test_negation_inside_a_gap(read: Callable[[str], dict[str, str]]) -> None:
    assert read("My back never really hurts.")["back_pain"] == "absent"


def test_the_same_words_can_settle_several_findings(read: Callable[[str], dict[str, str]]) -> None:
    found = read("My bladder and bowels are normal.")
    assert found["bladder_problem"] == "absent"


def test_a_following_trigger_inside_an_absent_phrase_does_not_flip_it(fixture_kb: object) -> None:
    """'fever has gone away' rules fever out; only a negation before it could turn it around."""
    from legweak.parsing import parse
    from tests.parsing.conftest import binary, fixture_findings, make_kb

    findings = [f for f in fixture_findings() if f.id != "fever"]
    kb = make_kb([*findings, binary("fever", ["fever"], absent=["fever has gone"])], "absent-phrase")
    read = {f.id: f.value for f in parse("The fever has gone away.", kb).findings}
    assert read["fever"] == "absent"
    kb2 = make_kb([*findings, binary("retention", ["can't pee"], absent=["able to pee"])], "absent-negated")
    read = {f.id: f.value for f in parse("I haven't been able to pee since this morning.", kb2).findings}
    assert read["retention"] == "present"
