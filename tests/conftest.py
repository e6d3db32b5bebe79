"""Shared fixtures: a tiny hand-checkable knowledge base and the real one."""

from __future__ import annotations

import os
import secrets
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
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real PostgreSQL server for the whole run, started by pgserver (from PyPI)."""
    try:
        import pgserver
    except ImportError as exc:
        missing("pgserver", str(exc))
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()


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
