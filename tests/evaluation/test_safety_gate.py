"""The safety gate: no emergent development vignette may be under-triaged.

This plays ../shared/vignettes/dev.yaml through the real interview. Outside CI
a clone without ../shared skips it (saying why); in CI a missing file fails.
"""

from __future__ import annotations

from legweak.evaluation import run
from legweak.service import Checker
from tests.conftest import shared_or_skip


def test_no_emergent_vignette_is_under_triaged(checker: Checker) -> None:
    report = run(shared_or_skip("vignettes", "dev.yaml"), checker)
    under = [c.to_dict() for c in report.emergent if c.verdict == "under"]
    assert under == [], f"emergent cases under-triaged: {[(c['id'], c['triage']) for c in under]}"
    assert report.emergent_under_triaged == 0
