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
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, delete, event, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session as DbSession

from legweak.config import RateLimit
from legweak.errors import (
    ConcurrentUpdateError,
    ConfigError,
    InterviewNotFoundError,
    RateLimitedError,
    StorageUnavailableError,
)
from legweak.service import ENGINE_VERSION, Result, Session
from legweak.storage.models import InterviewRow, RateRow

INTERVIEWS: Table = InterviewRow.__table__  # type: ignore[assignment]
RATES: Table = RateRow.__table__  # type: ignore[assignment]
COL = INTERVIEWS.c

#: 16 random bytes (128 bits), URL-safe base64 without padding: 22 characters.
ID_BYTES = 16
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")
#: Milliseconds a SQLite writer waits for another to finish before giving up.
SQLITE_BUSY_MS = 10_000
#: Seconds to wait for a PostgreSQL server that does not answer, unless the URL sets
#: connect_timeout: without one, libpq waits for the operating system (minutes), and
#: every worker thread, /readyz included, would hang with it.
POSTGRES_CONNECT_TIMEOUT_S = 5
#: Seconds the store answers "unreachable" at once after the database failed, before it tries
#: again (a /readyz probe tries at once).
UNREACHABLE_RETRY_S = 1.0
#: Connections each worker keeps open. SQLAlchemy keeps 5 by default and opens (and closes)
#: another for each request beyond them: with the thread pool's requests in flight under
#: load, that was a new connection, and SQLite's pragmas, for many requests.
POOL_SIZE = 20
#: The PostgreSQL advisory lock that lets one process migrate while the others wait.
MIGRATION_LOCK = 0x6C65_6777  # "legw"


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
        # SQLite lets one writer in at a time, and its busy handler retries with growing
        # sleeps, in no order: with forty threads per worker contending, unlucky writers
        # waited seconds (the load test's p99). Threads of one process queue on a lock
        # instead, so only one per process contends for the file.
        self._write_lock = threading.Lock() if engine.dialect.name == "sqlite" else None
        #: Until when (time.monotonic) the database counts as unreachable without asking it.
        self._down_until = 0.0

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """A database that cannot be reached is StorageUnavailableError, which callers can act on.

        So is a pool with no free connection after its timeout: the database is overloaded.
        After a failure the store answers so at once for `UNREACHABLE_RETRY_S` instead of
        trying again: the API's interview routes run on the event loop, and a server that
        does not answer would hold the loop for the connect timeout on every request.
        """
        if time.monotonic() < self._down_until:
            raise StorageUnavailableError()
        try:
            yield
        except (OperationalError, InterfaceError, PoolTimeoutError) as exc:
            self._down_until = time.monotonic() + UNREACHABLE_RETRY_S
            raise StorageUnavailableError() from exc

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self._write_lock is None:
            yield
            return
        with self._write_lock:
            yield

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
            engine = create_engine(
                url,
                connect_args={"timeout": SQLITE_BUSY_MS / 1000},
                hide_parameters=True,
                **_pool(parsed.database),
            )
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            # pool_pre_ping: a connection the server dropped (restart, failover) is replaced
            # before use, so the first request after the database comes back just works.
            connect_args = (
                {} if "connect_timeout" in parsed.query else {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S}
            )
            engine = create_engine(
                url, pool_pre_ping=True, connect_args=connect_args, hide_parameters=True, pool_size=POOL_SIZE
            )
        _quiet_rows()
        return cls(engine)

    def migrate(self) -> None:
        """Bring the schema to the newest migration (run once, before workers fork).

        On PostgreSQL the migration holds an advisory lock: when several machines start
        at once, one migrates and the others wait, then find nothing left to do.
        """
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self._reachable(), self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def revision(self) -> str | None:
        """The schema's current migration (None before the first)."""
        from alembic.runtime.migration import MigrationContext

        with self._reachable(), self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def describe(self) -> str:
        """The database URL with its password hidden, fit for a log or a terminal."""
        return self.engine.url.render_as_string(hide_password=True)

    def ping(self) -> None:
        """Raise if the database cannot be reached (for /readyz, which runs it off the event loop).

        It always asks the database, even while other calls answer "unreachable" at once,
        and an answer ends that wait: readiness probes are what notice the recovery first.
        """
        self._down_until = 0.0
        with self._reachable(), self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()

    # The hot paths (create, load, save, count_start) use SQLAlchemy Core, not the ORM:
    # a third of the CPU time for each (0.8 -> 0.2 ms to load, 2.0 -> 0.7 ms to save).

    def create(self, session: Session, kb_version: str, result: Result | None = None) -> str:
        """Store a new interview and return its id, with the result computed for it."""
        now = _now()
        interview_id = new_id()
        row = {
            "id": interview_id,
            "created_at": now,
            "updated_at": now,
            "revision": session.revision,
            "kb_version": kb_version,
            "kb_hash": session.kb_hash,
            "engine_version": ENGINE_VERSION,
            "session": session.to_dict(),
            "result": result.to_dict() if result else None,
        }
        with self._reachable(), self._writing(), self.engine.begin() as connection:
            connection.execute(insert(INTERVIEWS).values(**row))
        return interview_id

    def load(self, interview_id: str) -> Stored:
        if not ID_PATTERN.match(interview_id):
            raise InterviewNotFoundError(interview_id)
        columns = (COL.id, COL.session, COL.created_at, COL.updated_at, COL.result)
        with self._reachable(), self.engine.connect() as connection:
            row = connection.execute(select(*columns).where(COL.id == interview_id)).first()
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
        guarded = update(INTERVIEWS).where(COL.id == interview_id, COL.revision == read_revision)
        with self._reachable(), self._writing(), self.engine.begin() as connection:
            if connection.execute(guarded.values(**values)).rowcount == 1:
                return
            exists = connection.execute(select(COL.id).where(COL.id == interview_id)).first() is not None
        raise ConcurrentUpdateError(interview_id) if exists else InterviewNotFoundError(interview_id)

    def delete(self, interview_id: str) -> None:
        if not ID_PATTERN.match(interview_id):
            raise InterviewNotFoundError(interview_id)
        with self._reachable(), self._writing(), DbSession(self.engine) as db, db.begin():
            done = db.execute(delete(InterviewRow).where(InterviewRow.id == interview_id))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise InterviewNotFoundError(interview_id)
        self._scrub()

    def purge(self, older_than: timedelta, now: datetime | None = None) -> int:
        """Delete interviews last changed longer ago than `older_than`; returns how many."""
        cutoff = (now or _now()) - older_than
        with self._reachable(), self._writing(), DbSession(self.engine) as db, db.begin():
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
        with self._reachable(), self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def count_start(self, client: str, window: int) -> int:
        """Count one more interview for `client` in `window`; returns the count so far.

        One atomic upsert, so workers that share the database share the count.
        Counts of earlier windows are dropped as they pass.
        """
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert_into
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert_into  # type: ignore[assignment]
        rates = RATES
        upsert = (
            upsert_into(rates)
            .values(client=client[:128], window=window, count=1)
            .on_conflict_do_update(
                index_elements=[rates.c.client, rates.c.window], set_={"count": rates.c.count + 1}
            )
            .returning(rates.c.count)
        )
        with self._reachable(), self._writing(), self.engine.begin() as connection:
            count = int(connection.execute(upsert).scalar_one())
            connection.execute(delete(rates).where(rates.c.window < window))
        return count

    def admit(self, client: str, limit: RateLimit | None, now: float | None = None) -> None:
        """Count one interview started by `client`; RateLimitedError once it is over `limit`.

        Fixed windows counted in the database, so every worker sees the same count.
        """
        if limit is None:
            return
        now = time.time() if now is None else now
        if self.count_start(client, int(now // limit.seconds)) > limit.count:
            raise RateLimitedError(str(limit), limit.seconds - int(now % limit.seconds))

    def ids(self) -> list[str]:
        """Every stored interview id, oldest first."""
        with self._reachable(), DbSession(self.engine) as db:
            return list(db.scalars(select(InterviewRow.id).order_by(InterviewRow.created_at)).all())


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


def _pool(database: str | None) -> dict[str, Any]:
    """A file's pool size; an in-memory database keeps SQLAlchemy's own pool (one connection)."""
    return {} if not database or database == ":memory:" else {"pool_size": POOL_SIZE}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A deleted interview's bytes are overwritten with zeros, not just marked free.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
