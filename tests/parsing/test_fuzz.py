"""The parser takes any text a person or a client can send: it reads it or refuses it plainly.

Arbitrary Unicode (control characters, surrogates, combining marks, right-to-left
text), text at and over the length limit, and sentences built from the real
lexicon's own words in random order with negations, numbers and punctuation:
every input either gives a reading whose findings are real findings of the
knowledge base, with offsets inside the text, or a TextError. Never another
exception. The numbers of inputs each property tried are in docs/reliability.md.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from legweak.errors import TextError
from legweak.kb.loader import KnowledgeBase
from legweak.parsing import MAX_CHARS, ParseResult, parse

FUZZ = settings(
    max_examples=300,
    deadline=timedelta(seconds=5),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Words that steer the parser's readers: negation, hedges, time, side, numbers, sentence ends.
GLUE = [
    "not",
    "no",
    "never",
    "denies",
    "maybe",
    "I think",
    "a bit",
    "since",
    "for",
    "ago",
    "3 days",
    "two weeks",
    "yesterday",
    "left",
    "right",
    "both",
    "my mother",
    "I am 54",
    "female",
    "male",
    "but",
    "and",
    ",",
    ".",
    "?",
    "!",
    ";",
    "\n",
    "mmol/L",
    "120/80",
    "38.5",
    "-",
    "'",
    "(",
    ")",
]


def check(text: str, kb: KnowledgeBase) -> ParseResult | None:
    """Parse, and hold the reading to what any reading must be; None for a plain refusal."""
    try:
        result = parse(text, kb)
    except TextError as exc:
        event("refused: TextError")
        assert str(exc), "a refusal says why"
        return None
    for finding in result.findings:
        assert finding.id in kb.findings
        spec = kb.findings[finding.id]
        assert finding.value in ("present", "absent", *spec.values)
        assert 0 <= finding.start <= finding.end <= len(text)
        assert 0.0 <= finding.confidence <= 1.0
    assert len({f.id for f in result.findings}) == len(result.findings), "one reading per finding"
    assert result.age is None or isinstance(result.age, int)
    assert result.sex in (None, "female", "male")
    event("read, with findings" if result.findings else "read, nothing recognised")
    return result


@pytest.fixture(scope="module")
def lexicon_words(kb: KnowledgeBase) -> list[str]:
    words = {w for f in kb.findings.values() for w in [*f.synonyms, *f.absent_synonyms]}
    return sorted(words)[:2000]


@FUZZ
@given(text=st.text(max_size=300))
def test_any_unicode_is_read_or_refused_plainly(kb: KnowledgeBase, text: str) -> None:
    check(text, kb)


@settings(FUZZ, max_examples=200)
@given(
    text=st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Z"]), max_size=400
    )
)
def test_any_printable_text_is_read(kb: KnowledgeBase, text: str) -> None:
    """Printable text in any script is read (a reading, maybe empty), refused only when blank."""
    result = check(text, kb)
    if text.strip():
        assert result is not None or not text.strip().isprintable()


@settings(FUZZ, max_examples=40)
@given(extra=st.integers(min_value=1, max_value=20_000), char=st.sampled_from("a é漢\u200b🦵"))
def test_text_over_the_limit_is_refused_with_its_length(kb: KnowledgeBase, extra: int, char: str) -> None:
    text = "weak legs " + char * (MAX_CHARS + extra)
    with pytest.raises(TextError, match=str(MAX_CHARS)):
        parse(text, kb)


@settings(FUZZ, max_examples=10)
@given(word=st.sampled_from(["weak", "my legs are weak", "leg."]))
def test_text_at_the_limit_is_read(kb: KnowledgeBase, word: str) -> None:
    text = (word + " ") * (MAX_CHARS // (len(word) + 1))
    assert len(text) <= MAX_CHARS
    assert check(text, kb) is not None


@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_the_lexicons_own_words_in_any_order_are_read(
    kb: KnowledgeBase, lexicon_words: list[str], data: st.DataObject
) -> None:
    """Real phrases shuffled with negations, hedges and numbers reach every reader, deep paths too."""
    pieces = data.draw(st.lists(st.sampled_from(lexicon_words) | st.sampled_from(GLUE), max_size=40))
    separators = data.draw(
        st.lists(st.sampled_from([" ", "  ", ", ", ". ", "\n", "-"]), min_size=len(pieces))
    )
    text = "".join(p + s for p, s in zip(pieces, separators, strict=False))
    check(text, kb)
