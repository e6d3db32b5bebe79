"""Play every vignette of a file and score it; deterministic, so runs can be compared."""

from __future__ import annotations

from pathlib import Path

from legweak.evaluation.scoring import Report, score
from legweak.evaluation.simulate import play
from legweak.evaluation.vignettes import load_vignettes
from legweak.service import Checker

#: Show a progress bar only when a run is long enough to need one.
PROGRESS_FROM = 10


def run(path: Path, checker: Checker, *, progress: bool = False) -> Report:
    vignettes = load_vignettes(path)
    used = checker.used_findings()
    scores = []
    if progress and len(vignettes) >= PROGRESS_FROM:
        from rich.console import Console
        from rich.progress import track

        iterator = track(vignettes, description="vignettes", console=Console(stderr=True), transient=True)
    else:
        iterator = iter(vignettes)
    for vignette in iterator:
        scores.append(score(play(vignette, checker, used)))
    return Report(file=path.name, cases=tuple(scores), kb_version=checker.kb_version, kb_hash=checker.kb_hash)
