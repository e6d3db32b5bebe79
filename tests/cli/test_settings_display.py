"""`legweak settings` shows the values in force, but never an API key or a database password."""

from __future__ import annotations

import pytest

from legweak.cli import main


def test_keys_are_counted_and_the_password_masked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGWEAK_API_KEYS", "sekrit-one,sekrit-two")
    monkeypatch.setenv("LEGWEAK_DATABASE_URL", "postgresql+psycopg://app:hunter2@db.example/legweak")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "sekrit" not in out and "hunter2" not in out
    assert "2 key(s) set" in out and "app:***@db.example" in out
