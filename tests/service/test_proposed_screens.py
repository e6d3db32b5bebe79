"""A sentence the parser did not understand: the screens it is closest to are asked first.

Every warning-sign screen is asked when part of the text was not understood; the
semantic proposer only changes the order among the screens that the unclear text
alone makes relevant, and it never sets an answer.
"""

from __future__ import annotations

from legweak.kb.loader import load_kb
from legweak.service import DONT_KNOW, Checker, Session

KB = load_kb()
TEXT = "My legs feel weak. My toes have gone a funny blue colour and feel like ice."


def asked(checker: Checker, session: Session) -> list[str]:
    ids = []
    while (question := checker.next_question(session)) is not None:
        ids.append(question.id)
        checker.answer(session, question.id, dict.fromkeys(question.finding_ids, DONT_KNOW))
    return ids


def test_the_screen_an_unclear_sentence_is_about_is_asked_before_the_other_unclear_ones() -> None:
    checker = Checker(KB)
    reading = checker.read_opening(TEXT)
    assert reading.unrecognised == ["My toes have gone a funny blue colour and feel like ice."]
    assert reading.proposed_screens[0] == "one_leg"
    ids = asked(checker, checker.start(40, "male", TEXT))
    # one_leg (cold, pale leg) comes before screens that are usually asked earlier.
    assert ids.index("screen:one_leg") < ids.index("screen:stroke")
    assert ids.index("screen:one_leg") < ids.index("screen:low_sugar")


def test_proposals_set_no_answer_and_every_screen_is_still_asked() -> None:
    checker = Checker(KB)
    session = checker.start(40, "male", TEXT)
    assert "cold_pale_leg" not in session.evidence
    ids = asked(checker, session)
    for screen in KB.red_flags.screens:
        open_items = [f for f in screen.findings if KB.findings[f].askable]
        if open_items:
            assert any(i == f"screen:{screen.id}" or i in open_items for i in ids), screen.id


def test_a_stored_reading_keeps_its_proposals() -> None:
    checker = Checker(KB)
    session = checker.start(40, "male", TEXT)
    again = Session.model_validate_json(session.model_dump_json())
    assert again.reading is not None and session.reading is not None
    assert again.reading.proposed_screens == session.reading.proposed_screens
