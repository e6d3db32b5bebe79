"""`legweak purge --older-than 30d`: what it deletes, and how it refuses a bad age."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from legweak.cli import main
from legweak.cli.commands import age_of
from legweak.service import Checker
from legweak.storage import InterviewStore


def test_ages_in_days_hours_and_minutes() -> None:
    assert age_of("30d") == timedelta(days=30)
    assert age_of("12h") == timedelta(hours=12)
    assert age_of("90m") == timedelta(minutes=90)


@pytest.mark.parametrize("bad", ["30", "d", "3.5d", "3w", "thirty days"])
def test_a_bad_age_exits_2(capsys: pytest.CaptureFixture[str], bad: str, tmp_path: Path) -> None:
    assert main(["purge", "--older-than", bad, "--database-url", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "--older-than" in capsys.readouterr().err


def test_purge_keeps_recent_interviews(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mini_checker: Checker
) -> None:
    url = f"sqlite:///{tmp_path / 'interviews.sqlite3'}"
    store = InterviewStore.open(url)
    store.migrate()
    kept = store.create(mini_checker.start(45, "female"), mini_checker.kb_version)
    assert main(["purge", "--older-than", "30d", "--database-url", url]) == 0
    assert "deleted 0 interviews" in capsys.readouterr().out
    assert store.ids() == [kept]
