"""`legweak migrate`: the schema brought up to date once per release, safe from many machines at once."""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from legweak.cli.main import main
from legweak.storage import InterviewStore


def test_migrate_creates_the_schema_then_finds_nothing_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'interviews.sqlite3'}"
    assert main(["migrate", "--database-url", url]) == 0
    assert "migrated from an empty database" in capsys.readouterr().out
    assert main(["migrate", "--database-url", url]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_the_password_is_never_printed() -> None:
    store = InterviewStore.open("postgresql+psycopg://legweak:s3cret-pw@db.example/legweak")
    assert "s3cret-pw" not in store.describe() and "db.example" in store.describe()
    store.close()


def test_servers_starting_together_on_postgresql_migrate_once_and_none_fails(postgres: Any) -> None:
    """Machines behind a load balancer start at once; the advisory lock lets one migrate at a time."""
    name = f"t_{secrets.token_hex(6)}"
    postgres.psql(f"CREATE DATABASE {name};")
    url = postgres.get_uri(name).replace("postgresql://", "postgresql+psycopg://", 1)
    errors: list[BaseException] = []

    def start() -> None:
        store = InterviewStore.open(url)
        try:
            store.migrate()
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    store = InterviewStore.open(url)
    assert {"interviews", "rate_limits"} <= set(inspect(store.engine).get_table_names())
    assert store.revision() is not None
    store.close()
