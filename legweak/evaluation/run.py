"""Play every vignette of a file and score it; deterministic, so runs can be compared."""

from __future__ import annotations

from pathlib import Path

from legweak.evaluation.scoring import Report, score
from legweak.evaluation.simulate import play, used_findings
from legweak.evaluation.vignettes import load_vignettes
from legweak.kb.loader import KnowledgeBase, load_kb

#: Show a progress bar only when a run is long enough to need one.
PROGRESS_FROM = 10


def run(path: Path, *, progress: bool = False, kb: KnowledgeBase | None = None) -> Report:
    kb = kb or load_kb()
    vignettes = load_vignettes(path)
    used = used_findings(kb)
    scores = []
    if progress and len(vignettes) >= PROGRESS_FROM:
        from rich.console import Console
        from rich.progress import track

        iterator = track(vignettes, description="vignettes", console=Console(stderr=True), transient=True)
    else:
        iterator = iter(vignettes)
    for vignette in iterator:
        scores.append(score(play(vignette, kb, used)))
    return Report(file=path.name, cases=tuple(scores), kb_version=kb.version, kb_hash=kb.hash)
