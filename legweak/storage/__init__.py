"""Where interviews are kept: SQLAlchemy 2 over SQLite (WAL) or PostgreSQL, Alembic migrations."""

from legweak.storage.store import ID_PATTERN, InterviewStore, Stored, display_url, new_id

__all__ = ["ID_PATTERN", "InterviewStore", "Stored", "display_url", "new_id"]
