"""Never drop what a person said: a sentence that yields nothing is listed and widens the screening."""

from __future__ import annotations

import json

import pytest

from legweak.cli import main
from legweak.service import Checker, Session

UNDERSTOOD = "My legs feel tired."
NOT_UNDERSTOOD = "The cat is called Bob."


def screen_through(checker: Checker, session: Session) -> list[str]:
    """Answer every warning-sign screen "no" (a choice "don't know"); the ids of the screens asked."""
    asked = []
    while (question := checker.next_question(session)) is not None and question.red_flag:
        asked.append(question.id)
        value = "dont_know" if question.type == "choice" else "no"
        checker.answer(session, question.id, dict.fromkeys(question.finding_ids, value))
    return asked


def test_a_sentence_that_yields_nothing_is_listed_under_not_understood(checker: Checker) -> None:
    result = checker.assess(50, "female", text=f"{UNDERSTOOD} {NOT_UNDERSTOOD}")
    assert result.not_understood == [NOT_UNDERSTOOD]
    assert checker.assess(50, "female", text=UNDERSTOOD).not_understood == []


def test_assess_json_lists_what_was_not_understood(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["assess", "--age", "50", "--sex", "female", "--text", f"{UNDERSTOOD} {NOT_UNDERSTOOD}", "--json"]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["not_understood"] == [NOT_UNDERSTOOD]


def test_a_sentence_not_understood_makes_every_warning_sign_screen_relevant(checker: Checker) -> None:
    clear = checker.start(50, "female", UNDERSTOOD)
    unclear = checker.start(50, "female", f"{UNDERSTOOD} {NOT_UNDERSTOOD}")
    asked_clear = screen_through(checker, clear)
    asked_unclear = screen_through(checker, unclear)
    for screen in checker.kb.red_flags.screens:
        askable = [f for f in screen.findings if checker.kb.findings[f].askable]
        assert any(f in unclear.evidence for f in askable), f"screen {screen.id} was not asked"
    assert len(asked_unclear) > len(asked_clear)
    assert set(asked_clear) <= set(asked_unclear)


def test_a_screen_asked_for_an_unclear_sentence_says_why(checker: Checker) -> None:
    session = checker.start(50, "female", f"{UNDERSTOOD} {NOT_UNDERSTOOD}")
    whys = set()
    while (question := checker.next_question(session)) is not None and question.red_flag:
        whys.add(question.why)
        value = "dont_know" if question.type == "choice" else "no"
        checker.answer(session, question.id, dict.fromkeys(question.finding_ids, value))
    assert any("could not understand part of what you wrote" in why for why in whys)


def test_a_clear_text_keeps_the_screens_its_answers_make_relevant(checker: Checker) -> None:
    session = checker.start(50, "female", UNDERSTOOD)
    screen_through(checker, session)
    stroke = next(s for s in checker.kb.red_flags.screens if s.id == "stroke")
    assert not any(f in session.evidence for f in stroke.findings)
