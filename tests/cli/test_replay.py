"""`legweak replay ID`: a stored interview recomputed, identical or with its differences."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from legweak.cli import main
from legweak.service import Checker
from legweak.service.replay import differences
from legweak.storage import InterviewStore
from legweak.storage.models import InterviewRow


@pytest.fixture
def stored(tmp_path: Path, checker: Checker) -> tuple[str, str]:
    """A database URL and the id of an interview in it, two questions in."""
    url = f"sqlite:///{tmp_path / 'interviews.sqlite3'}"
    store = InterviewStore.open(url)
    store.migrate()
    session = checker.start(58, "male", "Both my legs have got weaker over a few weeks. No back pain.")
    for _ in range(2):
        question = checker.next_question(session)
        assert question is not None
        checker.answer(session, question.id, {})
    interview_id = store.create(session, checker.kb_version, checker.result(session))
    store.close()
    return url, interview_id


def test_an_unchanged_interview_replays_identically(
    stored: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, interview_id = stored
    assert main(["replay", interview_id, "--database-url", url]) == 0
    assert "identical" in capsys.readouterr().out
    assert main(["replay", interview_id, "--reparse", "--database-url", url]) == 0
    assert "text read again" in capsys.readouterr().out


def test_a_changed_result_is_shown_and_exits_1(
    stored: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, interview_id = stored
    store = InterviewStore.open(url)
    row = store.load(interview_id)
    assert row.result is not None
    changed = {**row.result, "kb_hash": "0123456789abcdef", "questions_asked": 99}
    with store.engine.begin() as connection:
        connection.execute(update(InterviewRow).where(InterviewRow.id == interview_id).values(result=changed))
    store.close()  # no connection of ours stays open while the command migrates and reads
    assert main(["replay", interview_id, "--database-url", url]) == 1
    out = capsys.readouterr().out
    assert "different" in out and "questions_asked: 99 -> 2" in out and "kb_hash" in out


def test_an_unknown_interview_exits_2(stored: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = stored
    assert main(["replay", "AAAAAAAAAAAAAAAAAAAAAA", "--database-url", url]) == 2
    assert "no interview" in capsys.readouterr().err


def test_differences_name_each_path() -> None:
    before = {"a": 1, "b": [{"c": 2}], "d": "x"}
    after = {"a": 1, "b": [{"c": 3}], "e": "y"}
    assert differences(before, after) == ["b[0].c: 2 -> 3", "d: 'x' -> (absent)", "e: (absent) -> 'y'"]
    assert differences([1], [1, 2]) == ["(whole): [1] -> [1, 2]"]
