"""Wordings that share words with a warning sign but mean something milder, and the reverse.

Each row is written in everyday words (not from any vignette). A misreading here
does harm both ways: a near-faint read as "hard to wake" calls an ambulance, and
"since then my thighs ..." read as weakness climbing from the feet sends a sore
gym-goer to hospital.
"""

from __future__ import annotations

import pytest

from legweak.kb.loader import load_kb
from legweak.parsing import parse

KB = load_kb()

READINGS = [
    # (text, a finding it must yield, a finding it must not yield)
    ("since then my thighs have been sore and weak", "muscle_pain", "ascending_weakness"),
    ("it began in my feet and then my knees went weak too", "ascending_weakness", None),
    ("I felt like I was going to faint after the injection", "dizzy_standing", "drowsy"),
    ("she can't get up off the settee without a hand", "proximal_weakness", "cannot_stand"),
    ("he can't get up off the recliner on his own", "proximal_weakness", "cannot_stand"),
    ("I can't get up at all, my legs won't hold me", "cannot_stand", None),
    ("the redness is spreading up my shin from a graze", "leg_red_hot", "ascending_weakness"),
    ("the weakness is spreading up my legs", "ascending_weakness", None),
    (
        "my shin's gone red, hot and swollen and it's spreading up to the knee",
        "leg_red_hot",
        "ascending_weakness",
    ),
    ("my leg is red and swollen and the weakness is spreading up", "ascending_weakness", None),
    # Two overlapping phrases of one finding hold their words together ("feel hot" is
    # part of "feel hot and sweaty ... a lot", not a hot leg); a phrase with a gap lends none.
    ("I feel hot and sweaty a lot these days", "heat_intolerance", "leg_red_hot"),
    ("the calf is tender and warm", "calf_tender", None),
    ("the calf is tender and warm", "leg_red_hot", None),
    # A diagnosis the person already has; "mg" alone is a milligram, never myasthenia.
    ("known myasthenia, on pyridostigmine 60mg", "known_myasthenia", None),
    ("atorvastatin 40mg at night", "statin", "known_myasthenia"),
    ("I was diagnosed with MS ten years ago", "known_ms", None),
    # Guillain-Barre often begins with tingling in the toes, days after a stomach bug.
    ("it began as tingling in my toes three days ago", "ascending_weakness", None),
    ("a bad tummy bug last week", "recent_infection", None),
    # Breathless said plainly is breathless with effort, as "short of breath" is: the
    # interview then asks about rest and lying flat; at rest, lying flat or sudden is the sign.
    ("I'm breathless and my legs are weak", "breathless_exertion", "breathless_rest"),
    ("I am breathless even sitting still", "breathless_rest", None),
    ("I get breathless lying flat", "breathless_rest", None),
    # Everyday words for signs seen in relatives' accounts and notes.
    ("My pee has gone the colour of coca cola.", "cola_urine", None),
    ("She's much sleepier than usual and nods off mid-sentence.", "drowsy", None),
    ("Unable to count to 20 in one breath.", "breathless_rest", None),
    ("His pulse feels slow and irregular.", "atrial_fibrillation", None),
    ("The hair on his shins has gone.", "cold_feet", None),
    ("My face feels a bit stiff, smiling is harder.", "face_weakness", None),
    ("ECG peaked T waves, QRS 140ms.", "potassium_level", None),
    ("It all came on at once.", "onset", None),
    # A note's "unable to move BLE" (both lower limbs) is not standing, like "can't move my legs".
    ("now unable to move BLE", "cannot_stand", None),
    # Diarrhoea that has gone on for a week is diarrhoea now; "had the runs" weeks ago is the
    # infection before (the kind that can start Guillain-Barre).
    ("My aunt's had the runs for a week and now her legs are weak.", "diarrhoea", "recent_infection"),
    ("I had the runs two weeks ago and now my legs are weak.", "recent_infection", "diarrhoea"),
    # Aching "like I've been beaten up" is a simile, not a blow to the back.
    ("my legs ache like I've been beaten up", "muscle_pain", "back_injury"),
    ("I was beaten up last night and now my legs are weak", "back_injury", None),
    # Pale "like a ghost" is the skin's colour, not the ghosting of double vision.
    ("I look very pale, like a ghost.", "pale", "double_vision"),
    # A foot colder than the other is poor circulation; one gone cold or white is the sign.
    ("My right foot is colder than the left.", "cold_feet", "cold_pale_leg"),
    ("My foot suddenly went cold and white an hour ago.", "cold_pale_leg", None),
    # A relative who could not walk is a family history, not the writer's own sign.
    ("My brother used a wheelchair from his thirties.", "family_history_muscle", "cannot_stand"),
    # Rolling out of bed and pushing up from a chair is weak hips, not being unable to stand.
    ("I can't get out of bed in the morning without rolling", "proximal_weakness", "cannot_stand"),
    # A crash after effort that keeps a person in bed for days is post-exertional malaise.
    ("I crash and I'm stuck in bed for a couple of days", "post_exertional_malaise", "cannot_stand"),
    # Dark yellow urine is water saved (dehydration); brown or cola-coloured is muscle breakdown.
    ("my pee is dark yellow and I'm hardly going", "concentrated_urine", "dark_urine"),
    ("my wee has gone dark brown", "cola_urine", "concentrated_urine"),
    ("dark wee after the marathon", "dark_urine", "concentrated_urine"),
    # Pain of the hip or shoulder girdle is joints and muscles, not a band round the trunk.
    ("bilat shoulder and hip girdle pain, early morning stiffness", "morning_stiffness", "band_sensation"),
    ("a tight band of pain round my chest like a girdle", "band_sensation", None),
    # A thin hand or thigh is wasted muscle; a thin person has lost weight.
    ("his right hand has gone thin", "muscle_wasting", "weight_loss"),
    ("my jaw gets tired chewing", "fatigable", "swallowing_difficulty"),
    ("the redness is spreading fast up my leg", "redness_spreading_fast", None),
    ("my legs feel floppy and heavy", "legs_heavy_tired", "cannot_stand"),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), READINGS)
def test_a_wording_reads_as_what_it_means(text: str, wanted: str, unwanted: str | None) -> None:
    found = {f.id for f in parse(text, KB).findings if f.value != "absent"}
    assert wanted in found, (text, found)
    if unwanted is not None:
        assert unwanted not in found, (text, found)


IDIOMS = [
    # (a figure of speech, the finding its words would otherwise give)
    ("I can't stand the noise my neighbours make", "cannot_stand"),
    ("he can't stand being fussed over", "cannot_stand"),
    ("I've been rushed off my feet at work all week", "cannot_stand"),
    ("I feel as if I've been run over by a bus", "leg_injury"),
]


@pytest.mark.parametrize(("text", "unwanted"), IDIOMS)
def test_a_figure_of_speech_is_not_a_finding(text: str, unwanted: str) -> None:
    assert unwanted not in {f.id for f in parse(text, KB).findings}


def test_the_plain_words_of_an_idiom_still_read():
    """An idiom hides only its own words: "I can't stand up" is still a warning sign."""
    assert "cannot_stand" in {f.id for f in parse("since this morning I can't stand up", KB).findings}


@pytest.mark.parametrize("aside", ["Is this normal??", "Should I be worried?", "Any advice?"])
def test_a_sentence_addressed_to_the_reader_is_understood_though_it_holds_no_finding(aside: str) -> None:
    reading = parse(f"My legs have been weak since the marathon. {aside}", KB)
    assert reading.unrecognised == []


@pytest.mark.parametrize(
    "aside",
    [
        "I'm his carer.",
        "Care home staff here.",
        "Brought in by a friend.",
        "I'm so scared.",
        "Mum is freaking out.",
    ],
)
def test_who_writes_and_how_they_feel_is_understood_though_it_holds_no_finding(aside: str) -> None:
    assert parse(f"{aside} His legs went weak this morning.", KB).unrecognised == []


@pytest.mark.parametrize("text", ["I'm worried it's a stroke.", "I'm scared it is something bad."])
def test_a_worry_about_an_illness_is_not_an_aside(text: str) -> None:
    """What a person fears may be what they noticed: a sentence that names more still counts."""
    assert parse(text, KB).unrecognised == [text]


def test_an_aside_with_content_is_still_read():
    """Only a whole sentence is an aside: "is this normal" inside a sentence hides nothing."""
    reading = parse("Is it normal that my foot went cold and white an hour ago?", KB)
    assert "cold_pale_leg" in {f.id for f in reading.findings}


def test_texting_units_of_time_read_as_the_words():
    text = "been getting 3-4 hrs sleep a nite. legs weak for 6 wks"
    found = {(f.id, f.value) for f in parse(text, KB).findings}
    assert {("short_sleep", "present"), ("duration", "weeks")} <= found


@pytest.mark.parametrize("text", ["I get 3 hours of broken sleep a night", "after 2 hours of gardening"])
def test_time_spent_on_something_is_not_how_long_the_weakness_has_lasted(text: str) -> None:
    assert not {"duration", "onset"} & {f.id for f in parse(text, KB).findings}


def test_a_span_of_days_of_a_symptom_is_still_a_duration():
    found = {(f.id, f.value) for f in parse("3 days of weakness in my legs", KB).findings}
    assert ("duration", "days") in found


@pytest.mark.parametrize(
    "text",
    ["I have to stop and stand for a minute, then I carry on", "the cramp goes within a couple of minutes"],
)
def test_the_length_of_a_pause_or_an_easing_is_not_the_illness(text: str) -> None:
    assert not {"duration", "onset"} & {f.id for f in parse(text, KB).findings}


def test_sudden_weakness_within_minutes_is_still_sudden():
    found = {(f.id, f.value) for f in parse("my leg went weak within minutes", KB).findings}
    assert ("onset", "sudden") in found


def test_what_other_people_feel_does_not_negate_the_patient():
    text = "so tired and always cold when everyone else is fine"
    found = {(f.id, f.value) for f in parse(text, KB).findings}
    assert {("fatigue", "present"), ("cold_intolerance", "present")} <= found


def test_going_on_for_months_is_a_duration():
    assert ("duration", "months") in {(f.id, f.value) for f in parse("Been going on months.", KB).findings}


def test_a_letter_for_a_relative_is_about_the_relative():
    """Indian English: a greeting first, "since 1 hour", "sugar patient" (diabetic)."""
    text = "Sir/madam my father-in-law is sugar patient, since 1 hour he is very weak in both legs"
    found = {(f.id, f.value) for f in parse(text, KB).findings}
    assert {("diabetes", "present"), ("duration", "under_2_days"), ("side", "both_legs")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "The fever came on suddenly yesterday.",
        "It started suddenly yesterday with a high temperature and shivers.",
        "The flu hit me suddenly two days ago.",
    ],
)
def test_an_illness_that_began_suddenly_does_not_say_how_fast_the_weakness_came(text: str) -> None:
    """A flu begins abruptly; whether the legs went weak within minutes is still to be asked."""
    assert "onset" not in {f.id for f in parse(text, KB).findings}


@pytest.mark.parametrize(
    "text",
    ["My legs suddenly went weak and I have a fever", "Weakness came on suddenly with a fever this morning"],
)
def test_weakness_named_with_its_speed_keeps_it_beside_a_fever(text: str) -> None:
    assert ("onset", "sudden") in {(f.id, f.value) for f in parse(text, KB).findings}


@pytest.mark.parametrize(
    "text",
    [
        "I felt normal within fifteen minutes of eating sweets",
        "Within fifteen minutes of eating sweets I felt back to normal",
    ],
)
def test_how_soon_a_spell_passed_is_not_how_fast_it_came(text: str) -> None:
    found = {(f.id, f.value) for f in parse(text, KB).findings}
    assert ("course", "better") in found
    assert "onset" not in {fid for fid, _ in found}


@pytest.mark.parametrize(
    "text",
    [
        "I was fine until an hour ago when my leg suddenly went weak",
        "I felt fine yesterday, then my legs suddenly went weak",
    ],
)
def test_the_last_time_a_person_was_well_still_dates_the_weakness(text: str) -> None:
    assert ("duration", "under_2_days") in {(f.id, f.value) for f in parse(text, KB).findings}


@pytest.mark.parametrize(
    "text",
    ["I can't walk to the shops any more", "he is unable to walk far now", "she can't walk much these days"],
)
def test_how_far_a_person_can_walk_says_they_can_stand(text: str) -> None:
    assert ("cannot_stand", "absent") in {(f.id, f.value) for f in parse(text, KB).findings}


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("It eases if he sits down or bends forward.", "neurogenic_claudication"),
        ("If I lean forward on the trolley I can keep going much further.", "neurogenic_claudication"),
    ],
)
def test_a_relief_stated_as_a_rule_of_the_day_is_a_fact(text: str, finding: str) -> None:
    assert (finding, "present") in {(f.id, f.value) for f in parse(text, KB).findings}


def test_a_supposition_is_still_not_a_finding():
    assert "numbness" not in {f.id for f in parse("Should I go to hospital if my legs go numb?", KB).findings}


@pytest.mark.parametrize(
    ("text", "finding", "value"),
    [
        ("No focal neurology.", "face_weakness", "absent"),
        ("Reflexes preserved.", "areflexia", "absent"),
        ("Unable to void since onset.", "urinary_retention", "present"),
        ("Mobilising with her usual frame.", "cannot_stand", "absent"),
        ("She knows who I am and where she is.", "confusion", "absent"),
        ("His handwriting has got really small.", "parkinson_signs", "present"),
        ("If I do too much I'm wiped out for a couple of days.", "post_exertional_malaise", "present"),
    ],
)
def test_what_notes_and_relatives_say_of_a_sign(text: str, finding: str, value: str) -> None:
    assert (finding, value) in {(f.id, f.value) for f in parse(text, KB).findings}


@pytest.mark.parametrize(
    ("text", "finding", "value"),
    [
        # Two statements joined by "and": the first "no" does not turn the second round.
        ("No fever and no rash.", "myositis_rash", "absent"),
        ("No fever and no past medical history.", "long_term_conditions", "absent"),
        ("No fever and I haven't had a wee since this morning.", "low_urine", "present"),
        ("The ache is like after a workout, but I haven't done any exercise.", "heavy_exercise", "absent"),
    ],
)
def test_a_phrase_that_says_no_itself_is_not_turned_round_by_an_earlier_no(
    text: str, finding: str, value: str
) -> None:
    assert (finding, value) in {(f.id, f.value) for f in parse(text, KB).findings}


def test_a_capital_letter_names_the_side_in_a_note():
    assert ("side", "one_leg") in {
        (f.id, f.value) for f in parse("pain down the R leg to the calf", KB).findings
    }


def test_how_long_a_spell_of_stiffness_lasts_is_not_how_long_the_weakness_has():
    found = {f.id for f in parse("Morning stiffness lasting over an hour.", KB).findings}
    assert "morning_stiffness" in found
    assert "duration" not in found


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("The pills are atorvastatin.", "hormone_pill"),
        ("I've been drinking a lot of grapefruit juice lately.", "alcohol_heavy"),
        ("barrowing soil all day", "bowel_incontinence"),
        ("I have tingling like fizzy pop down my right leg.", "leg_pain_radiating"),
        ("pain like an electric shock down the back of my leg", "lhermitte"),
        ("the soreness started the day after the race", "trigger_meal_rest"),
        # An ache compared with the day after exercise is not exercise done.
        ("my thighs ache like after a workout", "heavy_exercise"),
        ("my strength is fine when I test it, like lifting the baby's car seat", "back_strain"),
    ],
)
def test_words_that_only_look_like_a_finding(text: str, unwanted: str) -> None:
    assert unwanted not in {f.id for f in parse(text, KB).findings}


@pytest.mark.parametrize(
    "text",
    [
        "my leg gives way when the pain shoots",
        "it only feels weak because of the pain",
        "Power 5/5 throughout",
    ],
)
def test_a_leg_held_back_by_pain_or_full_power_has_lost_no_strength(text: str) -> None:
    found = {f.id: f.value for f in parse(text, KB).findings}
    assert found.get("true_weakness") == "absent", found
    assert "leg_gives_way" not in found and "cannot_stand" not in found
