"""Shared fixtures: a tiny hand-checkable knowledge base and the real one."""

from __future__ import annotations

import os
from pathlib import Path

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
