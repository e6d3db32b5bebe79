"""Shared fixtures: a tiny hand-checkable knowledge base and the real one."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from legweak.engine.model import Model, compile_kb
from legweak.kb.loader import KnowledgeBase, load_kb, load_kb_from
from legweak.service import Checker

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def mini_kb() -> KnowledgeBase:
    return load_kb_from(FIXTURES / "mini_kb")


@pytest.fixture(scope="session")
def mini_model(mini_kb: KnowledgeBase) -> Model:
    return compile_kb(mini_kb)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def model(kb: KnowledgeBase) -> Model:
    return compile_kb(kb)


def missing(component: str, why: str) -> None:
    """Skip for a missing component outside CI; in CI (CI=true) the run fails instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{component} is missing: {why}")
    pytest.skip(f"{component} is missing: {why}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """A real PostgreSQL server for the whole run, started by pgserver (from PyPI).

    Its data folder is our own, not under pytest's temporary folders: another pytest
    run on the same machine prunes old ones, and would delete a running server's socket.
    """
    try:
        import pgserver
    except ImportError as exc:
        missing("pgserver", str(exc))
    folder = Path(tempfile.mkdtemp(prefix="legweak-pg-"))
    server = pgserver.get_server(folder, cleanup_mode="stop")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind: SQLite in a file, a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'interviews.sqlite3'}"
    server = request.getfixturevalue("postgres")
    name = f"t_{secrets.token_hex(6)}"
    server.psql(f"CREATE DATABASE {name};")
    uri: str = server.get_uri(name)
    return uri.replace("postgresql://", "postgresql+psycopg://", 1)


def shared_or_skip(*parts: str) -> Path:
    """A path in ../shared; skipped outside CI when absent, a failure in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is not here: ../shared (the vignettes) comes with the project's CI, not a clone"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def mini_checker(mini_kb: KnowledgeBase) -> Checker:
    return Checker(mini_kb)


@pytest.fixture(scope="session")
def checker(kb: KnowledgeBase) -> Checker:
    return Checker(kb)
