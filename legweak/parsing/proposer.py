"""A semantic proposer: which warning-sign screens a sentence the parser did not understand may be about.

The lexicon reads what it has words for; a sentence in other words ("my wee looks like
strong tea") yields nothing. Such a sentence already widens the screening (see
`legweak.engine.interview.pending_screen`); the proposer ranks the screens by how
close the sentence is to what their signs describe (each finding's label and
question), so the interview can ask the likeliest one first. It only proposes a
question: it never sets an answer, and a sentence it cannot place proposes nothing.

The model is WordLlama's static embedding model, shipped inside its wheel (16 MB):
loaded from the installed package folder with downloads disabled, and only on
first use, never at start-up. Embedding a sentence is a table look-up and a mean,
well under a millisecond.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legweak.errors import ProposerUnavailableError

if TYPE_CHECKING:
    import numpy as np

    from legweak.kb.loader import KnowledgeBase

#: A screen is proposed only if a sign's description is at least this close (cosine).
MIN_SIMILARITY = 0.35
#: How many screens one sentence may propose.
TOP = 3


@dataclass(frozen=True)
class Proposal:
    screen: str  # screen id of red_flags.yaml
    finding: str  # the sign of that screen the sentence is closest to
    similarity: float


_MODEL: Any = None
_LOCK = threading.Lock()


def _model() -> Any:
    """WordLlama from its own package folder, downloads disabled; loaded once per process."""
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            try:
                import wordllama
                from wordllama import WordLlama
            except ImportError as error:
                raise ProposerUnavailableError(str(error)) from None
            folder = Path(wordllama.__file__).parent
            _MODEL = WordLlama.load(cache_dir=folder, disable_download=True)
        return _MODEL


class Proposer:
    """The screens' signs of one knowledge base, embedded on first use."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._signs: list[tuple[str, str]] | None = None  # (screen id, finding id)
        self._matrix: np.ndarray | None = None

    def _build(self) -> tuple[list[tuple[str, str]], np.ndarray]:
        if self._signs is None or self._matrix is None:
            signs: list[tuple[str, str]] = []
            texts: list[str] = []
            for screen in sorted(self.kb.red_flags.screens, key=lambda s: s.order):
                for fid in screen.findings:
                    finding = self.kb.findings[fid]
                    if finding.type != "binary":
                        continue  # onset, side, course: the time and side readers' job
                    signs.append((screen.id, fid))
                    texts.append(f"{finding.label}. {finding.question}")
            self._matrix = _model().embed(texts, norm=True)
            self._signs = signs
        return self._signs, self._matrix

    def propose(self, sentence: str, top: int = TOP) -> list[Proposal]:
        """The closest screens for one sentence, best first, one proposal per screen."""
        signs, matrix = self._build()
        vector = _model().embed([sentence], norm=True)[0]
        scores = matrix @ vector
        out: list[Proposal] = []
        seen: set[str] = set()
        for index in scores.argsort()[::-1]:
            similarity = float(scores[index])
            if similarity < MIN_SIMILARITY or len(out) == top:
                break
            screen, finding = signs[index]
            if screen not in seen:
                seen.add(screen)
                out.append(Proposal(screen, finding, round(similarity, 3)))
        return out


_PROPOSERS: dict[str, Proposer] = {}


def proposer_for(kb: KnowledgeBase) -> Proposer:
    """One proposer per knowledge base content; nothing is loaded until `propose` is called."""
    key = kb.hash
    with _LOCK:
        found = _PROPOSERS.get(key)
        if found is None:
            found = _PROPOSERS[key] = Proposer(kb)
        return found
