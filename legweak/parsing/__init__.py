"""Free text -> findings: the lexicon of the knowledge base, NegEx, ConText-style context.

    >>> from legweak.parsing import parse
    >>> parse("My left leg went weak an hour ago. No back pain.").to_dict()

Importing this package is cheap: spaCy and negspacy are imported when the first
text is parsed, and the pipeline is then cached per knowledge-base hash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from legweak.parsing.parser import MAX_CHARS, parse_text
from legweak.parsing.result import ParsedFinding, ParseResult

if TYPE_CHECKING:
    from legweak.kb.loader import KnowledgeBase

__all__ = ["MAX_CHARS", "ParseResult", "ParsedFinding", "parse", "prepare"]


def prepare(kb: KnowledgeBase | None = None) -> None:
    """Build the pipeline now (about a second), e.g. in a thread while a person types."""
    from legweak.parsing.pipeline import get_pipeline

    if kb is None:
        from legweak.kb.loader import load_kb

        kb = load_kb()
    get_pipeline(kb)


def parse(text: str, kb: KnowledgeBase | None = None) -> ParseResult:
    """Parse one text into findings, age and sex; `kb` defaults to the packaged one.

    Raises `legweak.errors.TextError` for empty, over-long or binary text.
    """
    return parse_text(text, kb)
