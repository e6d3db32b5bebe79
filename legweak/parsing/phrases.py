"""Our own phrase matcher over token stems: a trie for plain phrases, a small index for gaps.

spaCy's Matcher compiled every synonym into a token pattern (16,000 of them,
seconds to build) and, at each token, started a state for every pattern (tens of
milliseconds per text). A synonym is a plain sequence of stems, so matching it is
a lookup: a trie over stems walked from each token finds every gapless phrase
that starts there, and the few phrases with `...` gaps are tried only at tokens
whose stem is their first word. The semantics are spaCy's, element for element:

- a word matches a token whose NORM (our stem) is the word's stem;
- between two words of one part a hyphen token ("lower-limb") may stand;
- `...` is a gap of 0 to `GAP` tokens that are neither punctuation nor space;
- an optional "describing" set after the first word matches any number of tokens
  whose NORM is in the set ("my 80-year-old mother").

For each phrase and each (start, end) one match is kept, the one with the
shortest gaps from the left; `literal` holds the tokens matched by words (not by
gaps or hyphens), which is what overlap resolution compares.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import snowballstemmer

from legweak.kb.schema import phrase_parts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Largest gap that `...` stands for.
GAP = 3
#: Most shared describing words (and their "and"s and commas) after a first word.
MAX_SHARED = 4

# Element kinds of a compiled phrase.
WORD, HYPHEN, SKIP, DESCRIBING = 0, 1, 2, 3

Element = tuple[int, object]  # (kind, stem for WORD / frozenset of NORMs for DESCRIBING / None)


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word; punctuation and numbers are kept as they are."""
    return _STEMMER.stemWord(word) if word.isalpha() else word


@dataclass(frozen=True)
class Match:
    label: str
    start: int
    end: int
    literal: frozenset[int]
    phrase: str = ""  # the synonym or trigger that matched


@dataclass(frozen=True)
class Tokens:
    """What matching reads of a doc, as plain lists (one attribute access per token, once)."""

    norms: list[str]
    hyphen: list[bool]  # the token is exactly "-"
    gappable: list[bool]  # neither punctuation nor space: a gap may take it

    @classmethod
    def of(cls, doc: Doc) -> Tokens:
        return cls(
            norms=[t.norm_ for t in doc],
            hyphen=[t.text == "-" for t in doc],
            gappable=[not (t.is_punct or t.is_space) for t in doc],
        )


class Stemmer:
    """Words of a phrase as the doc pipeline sees them: spaCy's tokens, NORM stemmed.

    spaCy tokenises each whitespace-separated chunk on its own (English has no
    special case with a space in it), so every distinct chunk of a lexicon is
    tokenised in one call, joined by spaces, and cached: making a Doc per phrase
    was most of the build time.
    """

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._chunks: dict[str, tuple[tuple[str, str], ...]] = {}
        #: The tokenizer's special cases ("cannot" -> "can" "not"); any other lower-case
        #: word of letters only is one token whose NORM is itself (tests/parsing prove it
        #: for every word of the lexicon).
        self._special = frozenset(getattr(nlp.tokenizer, "rules", None) or ())

    def plain(self, chunk: str) -> bool:
        """A chunk spaCy leaves whole with NORM = text: letters only, lower case, no special case."""
        return chunk.isalpha() and chunk.islower() and chunk not in self._special

    def prepare(self, phrases: list[str]) -> None:
        """Tokenise every chunk of these phrases at once."""
        missing = list(
            dict.fromkeys(
                chunk
                for phrase in phrases
                for chunk in phrase.split()
                if chunk != "..." and chunk not in self._chunks
            )
        )
        hard = []
        for chunk in missing:
            if self.plain(chunk):
                self._chunks[chunk] = ((chunk, stem(chunk)),)
            else:
                hard.append(chunk)
        if hard:
            self._tokenise(hard)

    def _tokenise(self, missing: list[str]) -> None:
        doc = self._nlp.make_doc(" ".join(missing))
        tokens = iter(doc)
        token = next(tokens, None)
        offset = 0
        for chunk in missing:
            end = offset + len(chunk)
            words: list[tuple[str, str]] = []
            while token is not None and token.idx < end:
                if not token.is_space:
                    words.append((token.text, stem(token.norm_)))
                token = next(tokens, None)
            self._chunks[chunk] = tuple(words)
            offset = end + 1

    def first_stem(self, chunk: str) -> str | None:
        """The stem of the first word (not a hyphen) of a prepared chunk, if it has one."""
        return next((word_stem for text, word_stem in self._chunks[chunk] if text != "-"), None)

    def words(self, part: str) -> list[tuple[str, str]]:
        """(text, stem) of each token of one gapless part of a phrase."""
        out: list[tuple[str, str]] = []
        for chunk in part.split():
            if chunk not in self._chunks:
                self.prepare([chunk])
            out.extend(self._chunks[chunk])
        return out


def _first_chunk(phrase: str) -> str | None:
    """The first whitespace-separated chunk of a phrase's first part ("leg" of "leg ... weak")."""
    parts = phrase_parts(phrase) if "..." in phrase else [phrase]
    chunks = parts[0].split() if parts else []
    return chunks[0] if chunks else None


def compile_phrase(
    stemmer: Stemmer, phrase: str, describing: frozenset[str] | None = None
) -> tuple[Element, ...]:
    """The elements of one synonym: words, optional hyphens, gaps, an optional describing set."""
    elements: list[Element] = []
    for index, part in enumerate(phrase_parts(phrase) if "..." in phrase else (phrase,)):
        if index:
            elements.append((SKIP, None))
        words = stemmer.words(part)
        previous_word = False
        for text, word_stem in words:
            if text == "-":
                if previous_word:
                    elements.append((HYPHEN, None))
                previous_word = False
                continue
            if previous_word:
                elements.append((HYPHEN, None))
            elements.append((WORD, word_stem))
            if describing is not None and len(elements) == 1 and len(words) > 1:
                elements.append((DESCRIBING, describing))
                previous_word = False
                continue
            previous_word = True
    return tuple(elements)


def _walk(
    elements: Sequence[Element], k: int, j: int, tokens: Tokens, literal: tuple[int, ...]
) -> Iterator[tuple[int, tuple[int, ...]]]:
    """Every (end, literal tokens) of `elements[k:]` from token `j`, shortest gaps first."""
    if k == len(elements):
        yield j, literal
        return
    kind, value = elements[k]
    n = len(tokens.norms)
    if kind == WORD:
        if j < n and tokens.norms[j] == value:
            yield from _walk(elements, k + 1, j + 1, tokens, (*literal, j))
    elif kind == HYPHEN:
        yield from _walk(elements, k + 1, j, tokens, literal)
        if j < n and tokens.hyphen[j]:
            yield from _walk(elements, k + 1, j + 1, tokens, literal)
    elif kind == SKIP:
        g = j
        while True:
            yield from _walk(elements, k + 1, g, tokens, literal)
            if g - j == GAP or g >= n or not tokens.gappable[g]:
                break
            g += 1
    else:
        assert isinstance(value, frozenset)
        g = j
        while True:
            yield from _walk(elements, k + 1, g, tokens, literal)
            if g >= n or tokens.norms[g] not in value:
                break
            g += 1


def _plain(elements: tuple[Element, ...]) -> bool:
    """Words with one optional hyphen between each two: what the trie holds."""
    kinds = [kind for kind, _ in elements]
    return (
        kinds[::2] == [WORD] * len(kinds[::2])
        and kinds[1::2] == [HYPHEN] * len(kinds[1::2])
        and len(kinds) % 2 == 1
    )


def _describing(element: dict[str, Any]) -> frozenset[str]:
    """A spaCy-style `{"OP": "*", "NORM": {"IN": [...]}}` element as the set of NORMs it allows."""
    if element.get("OP") != "*" or set(element) != {"OP", "NORM"}:
        raise ValueError(f"only a '*' element on NORM IN [...] may follow a first word, not {element!r}")
    return frozenset(element["NORM"]["IN"])


class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: list[int] = []  # phrase numbers that end here


class PhraseSet:
    """Many labelled phrases; `(doc)` returns every match with its literal words."""

    def __init__(
        self,
        nlp: Language,
        labelled: list[tuple[str, str]],
        after_first: dict[str, dict[str, Any]] | None = None,
        shared: frozenset[str] = frozenset(),
        classes: dict[str, str] | None = None,
    ) -> None:
        """`after_first` maps a label to a `*` element on NORM allowed after each phrase's first word.

        Phrases are compiled on first use, a first stem at a time: a text meets a few
        dozen first words of the lexicon's thousands, so building stays cheap.
        """
        self._stemmer = Stemmer(nlp)
        #: Stem -> the stem of its class: words one phrase stands for as well as for itself
        #: ("his", "her", "their" as "my"), so a synonym needs no copy per pronoun.
        self.classes: dict[str, str] = dict(classes or {})
        #: Stems that may stand after the first word of a gapless phrase, when that word is
        #: one of them too, as several describing words share one noun: "numb, tingling
        #: feet" holds "numb feet" (not "feel weak and tired" a "feel tired").
        self.shared = frozenset(self._class(stem(word)) for word in shared)
        self._describing = {label: _describing(element) for label, element in (after_first or {}).items()}
        self.labels: list[tuple[str, str]] = list(labelled)  # (label, phrase) by phrase number
        self.root = _Node()
        #: First stem -> (phrase number, elements) of phrases that a trie cannot hold.
        self.general: dict[str, list[tuple[int, tuple[Element, ...]]]] = {}
        #: First stem -> numbers of the phrases not compiled yet.
        self._pending: dict[str, list[int]] = {}
        firsts = [_first_chunk(phrase) for _, phrase in labelled]
        self._stemmer.prepare([chunk for chunk in firsts if chunk])
        for number, chunk in enumerate(firsts):
            first = self._stemmer.first_stem(chunk) if chunk else None
            if first is not None:
                first = self._class(first)
            if first is None:
                self._compile(number)  # no word in its first chunk: compile it now
            else:
                self._pending.setdefault(first, []).append(number)

    def _class(self, word_stem: str) -> str:
        return self.classes.get(word_stem, word_stem)

    def compile_all(self) -> None:
        """Compile every phrase now (to count what the matcher holds)."""
        for first in list(self._pending):
            self._ensure(first)

    def _ensure(self, first: str) -> None:
        numbers = self._pending.pop(first, None)
        if numbers:
            self._stemmer.prepare([self.labels[n][1] for n in numbers])
            for number in numbers:
                self._compile(number)

    def _compile(self, number: int) -> None:
        label, phrase = self.labels[number]
        describe = self._describing.get(label)
        if describe is None and "..." not in phrase:
            # The common case, without building elements: a trie path of stems.
            words = self._stemmer.words(phrase)
            stems = [self._class(word_stem) for text, word_stem in words if text != "-"]
            if stems and words[-1][0] != "-":
                self._add_plain(number, stems)
                return
        elements = compile_phrase(self._stemmer, phrase, describe)
        if self.classes:
            elements = tuple(
                (kind, self._class(value)) if kind == WORD and isinstance(value, str) else (kind, value)
                for kind, value in elements
            )
        if not elements:
            return
        if _plain(elements):
            self._add_plain(number, [str(value) for kind, value in elements if kind == WORD])
            return
        first = elements[0][1]
        if not isinstance(first, str):
            raise ValueError(f"the phrase {phrase!r} ({label}) does not start with a word")
        self.general.setdefault(first, []).append((number, elements))

    def _add_plain(self, number: int, stems: list[str]) -> None:
        node = self.root
        for word_stem in stems:
            child = node.children.get(word_stem)
            if child is None:
                child = node.children[word_stem] = _Node()
            node = child
        node.ends.append(number)

    def __len__(self) -> int:
        return len(self.labels)

    def __call__(self, doc: Doc) -> list[Match]:
        return self.match(Tokens.of(doc))

    def match(self, tokens: Tokens) -> list[Match]:
        """Matches ordered by start, then end, then phrase number (the order of `labelled`)."""
        found: list[tuple[int, int, int, tuple[int, ...]]] = []
        if self.classes:
            classes = self.classes
            tokens = Tokens([classes.get(x, x) for x in tokens.norms], tokens.hyphen, tokens.gappable)
        norms = tokens.norms
        if self._pending:
            for norm in set(norms):
                self._ensure(norm)
        for start in range(len(norms)):
            self._trie(start, tokens, found)
            for number, elements in self.general.get(norms[start], ()):
                seen: set[int] = set()
                for end, literal in _walk(elements, 0, start, tokens, ()):
                    if end not in seen:
                        seen.add(end)
                        found.append((start, end, number, literal))
        found.sort(key=lambda f: (f[0], f[1], f[2]))
        out = []
        for start, end, number, literal in found:
            label, phrase = self.labels[number]
            out.append(Match(label, start, end, frozenset(literal), phrase))
        return out

    def _trie(self, start: int, tokens: Tokens, found: list[tuple[int, int, int, tuple[int, ...]]]) -> None:
        """Gapless phrases from `start`: one dictionary step per word, a hyphen may sit between words."""
        norms, hyphen = tokens.norms, tokens.hyphen
        n = len(norms)
        # (node, next token, literal tokens so far, shared words skipped); a hyphen gives
        # a second path, and after the first word a shared describing word a third.
        paths: list[tuple[_Node, int, tuple[int, ...], int]] = [(self.root, start, (), 0)]
        shared = self.shared
        while paths:
            node, j, literal, skipped = paths.pop()
            if j >= n:
                continue
            child = node.children.get(norms[j])
            if child is not None:
                words = (*literal, j)
                for number in child.ends:
                    found.append((start, j + 1, number, words))
                if child.children:
                    paths.append((child, j + 1, words, skipped))
            if literal and hyphen[j] and j + 1 < n:
                after = node.children.get(norms[j + 1])
                if after is not None:
                    words = (*literal, j + 1)
                    for number in after.ends:
                        found.append((start, j + 2, number, words))
                    if after.children:
                        paths.append((after, j + 2, words, skipped))
            if (
                len(literal) == 1
                and skipped < MAX_SHARED
                and norms[j] in shared
                and norms[start] in shared  # describing words in a row: "numb, tingling feet"
                and node.children
            ):
                paths.append((node, j + 1, literal, skipped + 1))
