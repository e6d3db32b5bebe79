"""The tables: one row per interview, its session as JSON, its result once finished.

The session is stored whole (it is small, versioned plain data), with the
columns that queries and replays need beside it: the revision that guards
concurrent answers, and the knowledge base and engine the last result came from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class RateRow(Base):
    """How many interviews one client started in one window of the rate limit."""

    __tablename__ = "rate_limits"

    client: Mapped[str] = mapped_column(String(128), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class InterviewRow(Base):
    __tablename__ = "interviews"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Equal to the session's revision; an update names the revision it read.
    revision: Mapped[int] = mapped_column(Integer)
    kb_version: Mapped[str] = mapped_column(String(32))
    kb_hash: Mapped[str] = mapped_column(String(64))
    engine_version: Mapped[str] = mapped_column(String(32))
    session: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The result as last computed (with the next question while one waits), for replay.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
