"""The interview store: migrations, WAL, 128-bit ids, and the revision guard against races.

Every test that takes `store` runs twice: on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from legweak.errors import ConcurrentUpdateError, ConfigError, InterviewNotFoundError
from legweak.service import NO, Checker
from legweak.storage import ID_PATTERN, InterviewStore, new_id


@pytest.fixture
def store(database_url: str) -> Iterator[InterviewStore]:
    store = InterviewStore.open(database_url)
    store.migrate()
    yield store
    store.close()


def test_the_database_and_its_folder_are_created_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "interviews.sqlite3"
    store = InterviewStore.open(f"sqlite:///{path}")
    store.migrate()
    store.migrate()  # a second start-up finds nothing to do
    assert path.exists()
    assert "interviews" in inspect(store.engine).get_table_names()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    store = InterviewStore.open(f"sqlite:///{tmp_path / 'interviews.sqlite3'}")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_ids_carry_128_random_bits() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(ID_PATTERN.match(i) for i in ids)


def test_no_id_starts_with_a_dash_so_the_command_line_takes_every_id() -> None:
    """One token in 64 started with "-", and `legweak replay ID` read it as an option."""
    ids = [new_id() for _ in range(3000)]
    assert not [i for i in ids if i.startswith("-")]
    assert all(ID_PATTERN.match(i) for i in ids)


def test_sqlite_scrubs_what_it_deletes(tmp_path: Path) -> None:
    store = InterviewStore.open(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    store.close()


def test_a_session_comes_back_as_it_was_stored(store: InterviewStore, mini_checker: Checker) -> None:
    session = mini_checker.start(45, "female")
    interview_id = store.create(session, mini_checker.kb_version)
    stored = store.load(interview_id)
    assert stored.session == session and stored.result is None
    assert stored.created_at == stored.updated_at


def test_of_two_concurrent_answers_only_one_wins(store: InterviewStore, mini_checker: Checker) -> None:
    interview_id = store.create(mini_checker.start(45, "female"), mini_checker.kb_version)
    first, second = store.load(interview_id).session, store.load(interview_id).session
    read = first.revision
    for session in (first, second):
        question = mini_checker.next_question(session)
        assert question is not None
        mini_checker.answer(session, question.id, {f: NO for f in question.finding_ids})
    store.save(interview_id, first, read, mini_checker.kb_version, None)
    with pytest.raises(ConcurrentUpdateError, match="another request"):
        store.save(interview_id, second, read, mini_checker.kb_version, None)
    assert store.load(interview_id).session == first


def test_a_finished_interview_keeps_its_result(store: InterviewStore, mini_checker: Checker) -> None:
    session = mini_checker.start(70, "male")
    interview_id = store.create(session, mini_checker.kb_version)
    read = session.revision
    mini_checker.given(session, {"slurred_speech": "present", "onset": "sudden"})
    result = mini_checker.final_result(session)
    store.save(interview_id, session, read, mini_checker.kb_version, result)
    stored = store.load(interview_id).result
    assert stored is not None and stored["triage"]["level"] == "emergency_ambulance"
    assert stored["kb_hash"] == mini_checker.kb_hash


def test_missing_and_malformed_ids(store: InterviewStore, mini_checker: Checker) -> None:
    for bad in ("AAAAAAAAAAAAAAAAAAAAAA", "short", "'; DROP TABLE interviews; --"):
        with pytest.raises(InterviewNotFoundError):
            store.load(bad)
        with pytest.raises(InterviewNotFoundError):
            store.delete(bad)
    session = mini_checker.start(45, "female")
    with pytest.raises(InterviewNotFoundError):
        store.save(new_id(), session, 0, mini_checker.kb_version, None)


def test_delete(store: InterviewStore, mini_checker: Checker) -> None:
    interview_id = store.create(mini_checker.start(45, "female"), mini_checker.kb_version)
    assert store.ids() == [interview_id]
    store.delete(interview_id)
    assert store.ids() == []


def test_migrations_run_twice_without_harm(store: InterviewStore) -> None:
    store.migrate()
    assert "interviews" in inspect(store.engine).get_table_names()
    store.ping()


def test_a_bad_url_says_what_to_use() -> None:
    with pytest.raises(ConfigError, match="sqlite:///PATH"):
        InterviewStore.open("not a url")


def test_purge_deletes_only_interviews_not_changed_for_that_long(
    store: InterviewStore, mini_checker: Checker
) -> None:
    old = store.create(mini_checker.start(45, "female"), mini_checker.kb_version)
    assert store.purge(timedelta(days=30)) == 0
    later = datetime.now(UTC) + timedelta(days=31)
    fresh = store.create(mini_checker.start(50, "male"), mini_checker.kb_version)
    assert store.purge(timedelta(days=30), now=later) == 2
    assert store.ids() == []
    assert old != fresh
