"""Keeping interviews: create, load, save with a revision guard, delete.

Every change is committed before the caller replies, and an update names the
revision it read (`UPDATE ... WHERE revision = :read`): of two concurrent
answers to one interview, exactly one wins and the other gets
ConcurrentUpdateError. SQLite runs in WAL mode with a busy timeout, so several
worker processes can share one file; PostgreSQL needs nothing special. Deleting
is meant: SQLite zeroes freed space (secure_delete) and a delete or purge
checkpoints and truncates the write-ahead log. Nothing stored is ever logged:
statement parameters are hidden and result rows are not printed.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session as DbSession

from legweak.errors import (
    ConcurrentUpdateError,
    ConfigError,
    InterviewNotFoundError,
    StorageUnavailableError,
)
from legweak.service import ENGINE_VERSION, Result, Session
from legweak.storage.models import InterviewRow, RateRow

#: 16 random bytes (128 bits), URL-safe base64 without padding: 22 characters.
ID_BYTES = 16
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")
#: Milliseconds a SQLite writer waits for another to finish before giving up.
SQLITE_BUSY_MS = 10_000


def display_url(url: str) -> str:
    """The database URL with its password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(a database URL that cannot be read)"


def new_id() -> str:
    """An interview id with 128 random bits (uuid4 has only 122).

    Never one that starts with "-": `legweak replay ID` and `legweak export ID` would
    read it as an option (one id in 64 did). Drawing again costs 0.02 bits of the 128.
    """
    while True:
        interview_id = secrets.token_urlsafe(ID_BYTES)
        if not interview_id.startswith("-"):
            return interview_id


@dataclass(frozen=True)
class Stored:
    id: str
    session: Session
    created_at: datetime
    updated_at: datetime
    result: dict[str, Any] | None


class InterviewStore:
    """The interviews of one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> InterviewStore:
        """A store on an SQLAlchemy URL; a SQLite file and its folder are created on first use."""
        try:
            parsed = make_url(url)
        except Exception:
            raise ConfigError(
                f"{url!r} is not a database URL; use sqlite:///PATH or postgresql+psycopg://..."
            ) from None
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, hide_parameters=True)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        _quiet_rows()
        return cls(engine)

    def migrate(self) -> None:
        """Bring the schema to the newest migration (run once, before workers fork)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def ping(self) -> None:
        """Raise if the database cannot be reached (for /readyz)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()

    def create(self, session: Session, kb_version: str, result: Result | None = None) -> str:
        """Store a new interview and return its id, with the result computed for it."""
        now = _now()
        interview_id = new_id()
        with _reachable(), DbSession(self.engine) as db, db.begin():
            db.add(
                InterviewRow(
                    id=interview_id,
                    created_at=now,
                    updated_at=now,
                    revision=session.revision,
                    kb_version=kb_version,
                    kb_hash=session.kb_hash,
                    engine_version=ENGINE_VERSION,
                    session=session.to_dict(),
                    result=result.to_dict() if result else None,
                )
            )
        return interview_id

    def load(self, interview_id: str) -> Stored:
        if not ID_PATTERN.match(interview_id):
            raise InterviewNotFoundError(interview_id)
        with _reachable(), DbSession(self.engine) as db:
            row = db.get(InterviewRow, interview_id)
            if row is None:
                raise InterviewNotFoundError(interview_id)
            return Stored(
                id=row.id,
                session=Session.from_dict(row.session),
                created_at=row.created_at,
                updated_at=row.updated_at,
                result=row.result,
            )

    def save(
        self, interview_id: str, session: Session, read_revision: int, kb_version: str, result: Result | None
    ) -> None:
        """Store a changed session; ConcurrentUpdateError when another change came first."""
        values: dict[str, Any] = {
            "updated_at": _now(),
            "kb_version": kb_version,
            "revision": session.revision,
            "kb_hash": session.kb_hash,
            "engine_version": ENGINE_VERSION,
            "session": session.to_dict(),
            "result": result.to_dict() if result else None,
        }
        with _reachable(), DbSession(self.engine) as db, db.begin():
            done = db.execute(
                update(InterviewRow)
                .where(InterviewRow.id == interview_id, InterviewRow.revision == read_revision)
                .values(**values)
            )
            if done.rowcount == 1:  # type: ignore[attr-defined]
                return
            exists = db.get(InterviewRow, interview_id) is not None
        raise ConcurrentUpdateError(interview_id) if exists else InterviewNotFoundError(interview_id)

    def delete(self, interview_id: str) -> None:
        if not ID_PATTERN.match(interview_id):
            raise InterviewNotFoundError(interview_id)
        with _reachable(), DbSession(self.engine) as db, db.begin():
            done = db.execute(delete(InterviewRow).where(InterviewRow.id == interview_id))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise InterviewNotFoundError(interview_id)
        self._scrub()

    def purge(self, older_than: timedelta, now: datetime | None = None) -> int:
        """Delete interviews last changed longer ago than `older_than`; returns how many."""
        cutoff = (now or _now()) - older_than
        with _reachable(), DbSession(self.engine) as db, db.begin():
            done = db.execute(delete(InterviewRow).where(InterviewRow.updated_at < cutoff))
            removed = int(done.rowcount)  # type: ignore[attr-defined]
        self._scrub()
        return removed

    def _scrub(self) -> None:
        """After a delete, leave no copy of the deleted rows in SQLite's files.

        secure_delete (set on every connection) zeroes the freed space in the
        database file; the write-ahead log still holds the pages as they were
        before, so it is checkpointed into the file and truncated to nothing.
        A reader holding an old snapshot can keep the log from truncating; the
        next delete or purge finishes the job. PostgreSQL needs no step here:
        a deleted row is unreachable at once and its space is reclaimed by
        autovacuum (see docs/security.md).
        """
        if self.engine.dialect.name != "sqlite":
            return
        with _reachable(), self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def count_start(self, client: str, window: int) -> int:
        """Count one more interview for `client` in `window`; returns the count so far.

        One atomic upsert, so workers that share the database share the count.
        Counts of earlier windows are dropped as they pass.
        """
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        upsert = (
            insert(RateRow)
            .values(client=client[:128], window=window, count=1)
            .on_conflict_do_update(
                index_elements=[RateRow.client, RateRow.window], set_={"count": RateRow.count + 1}
            )
            .returning(RateRow.count)
        )
        with _reachable(), DbSession(self.engine) as db, db.begin():
            count = int(db.execute(upsert).scalar_one())
            db.execute(delete(RateRow).where(RateRow.window < window))
        return count

    def ids(self) -> list[str]:
        """Every stored interview id, oldest first."""
        with _reachable(), DbSession(self.engine) as db:
            return list(db.scalars(select(InterviewRow.id).order_by(InterviewRow.created_at)).all())


@contextmanager
def _reachable() -> Iterator[None]:
    """A database that cannot be reached is StorageUnavailableError, which callers can act on."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        raise StorageUnavailableError() from exc


class _NoRows(logging.Filter):
    """Drops SQLAlchemy's debug lines that print result rows (sessions, free text, results)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.DEBUG and str(record.msg).startswith(("Row", "Col")))


def _quiet_rows() -> None:
    """Statements may be logged (hide_parameters keeps their values out); rows never are."""
    logger = logging.getLogger("sqlalchemy.engine.Engine")
    if not any(isinstance(f, _NoRows) for f in logger.filters):
        logger.addFilter(_NoRows())


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A deleted interview's bytes are overwritten with zeros, not just marked free.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
