"""The safety gate: no emergent vignette, in the development set or in the repository, may be under-triaged.

This plays ../shared/vignettes/dev.yaml and every set under benchmarks/vignettes/ (and the
documentation example) through the real interview. Outside CI a clone without ../shared
skips the development set (saying why); in CI a missing file fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from legweak.evaluation import run
from legweak.service import Checker
from tests.conftest import shared_or_skip

ROOT = Path(__file__).resolve().parents[2]
IN_REPO = [
    *sorted((ROOT / "benchmarks" / "vignettes").glob("*.yaml")),
    ROOT / "docs" / "example-vignettes.yaml",
]


def _under_triaged(path: Path, checker: Checker) -> list[tuple[str, str]]:
    report = run(path, checker)
    return [(c.played.vignette.id, c.played.result.level) for c in report.emergent if c.verdict == "under"]


def test_no_emergent_development_vignette_is_under_triaged(checker: Checker) -> None:
    assert _under_triaged(shared_or_skip("vignettes", "dev.yaml"), checker) == []


@pytest.mark.parametrize("path", IN_REPO, ids=[p.name for p in IN_REPO])
def test_no_emergent_vignette_in_the_repository_is_under_triaged(path: Path, checker: Checker) -> None:
    assert _under_triaged(path, checker) == []


def test_the_gate_plays_every_set_in_the_repository() -> None:
    assert len(IN_REPO) >= 4
    assert all(p.exists() for p in IN_REPO)
