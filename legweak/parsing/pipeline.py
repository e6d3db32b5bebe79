"""The spaCy pipeline built from a knowledge base: words, stems, sentences, lexicon matches.

spaCy runs on `spacy.blank("en")` (no model download). Every token's NORM is
set to the Snowball stem of spaCy's own norm ("can't" -> "can" "not",
"legs" -> "leg"), and every synonym of the lexicon is tokenised and stemmed the
same way, so "my legs are weakening" meets the synonym "leg ... weak".

Synonym syntax (see `legweak.kb.schema`): `...` is a gap of up to three words
(never punctuation, so a gap does not cross a comma or a sentence end). A
hyphen between words is optional on both sides ("lower-limb" = "lower limb").

Overlapping matches: a match is dropped when the words it matched literally are
all inside the literal words of a longer kept match ("arm weakness" hides a
bare "weakness"); matches that share only some words are both kept ("arm and
leg are weak" gives arm weakness and leg weakness).

spaCy and negspacy are imported inside the builders, never at module import,
so importing `legweak.parsing` stays cheap.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import snowballstemmer

from legweak.kb.schema import phrase_parts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Name of the span group that holds every candidate mention (lexicon and readers).
SPAN_KEY = "legweak"
#: Largest gap that `...` stands for.
GAP = 3

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word; punctuation and numbers are kept as they are."""
    return _STEMMER.stemWord(word) if word.isalpha() else word


def _stem_doc(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = stem(token.norm_)
    return doc


def _sentences(doc: Doc) -> Doc:
    """Sentence starts after . ! ? ; and line breaks (spaCy's sentencizer ignores line breaks)."""
    after_break = True
    for token in doc:
        token.is_sent_start = after_break
        text = token.text
        after_break = text in {".", "!", "?", ";", "...", "\u2026"} or (token.is_space and "\n" in text)
    return doc


def blank_nlp() -> Language:
    """Blank English with our sentence splitter and stemmer (no statistical model)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("legweak_sentences"):
        Language.component("legweak_sentences", func=_sentences)
        Language.component("legweak_stems", func=_stem_doc)
    nlp = spacy.blank("en")
    nlp.add_pipe("legweak_sentences")
    nlp.add_pipe("legweak_stems")
    return nlp


@dataclass(frozen=True)
class PhrasePattern:
    """A token pattern and which of its elements are not literal words (gaps, hyphens)."""

    tokens: list[dict[str, Any]]
    loose: frozenset[int]


def phrase_pattern(nlp: Language, phrase: str, after_first: dict[str, Any] | None = None) -> PhrasePattern:
    """Token pattern for one synonym: stems, optional hyphens, `...` gaps of 0-3 words.

    `after_first` is an optional loose element put after the first word
    ("my" + {"80-year-old", "elderly"}* + "mother").
    """
    tokens: list[dict[str, Any]] = []
    loose: set[int] = set()

    def add_loose(element: dict[str, Any]) -> None:
        loose.add(len(tokens))
        tokens.append(element)

    for index, part in enumerate(phrase_parts(phrase)):
        if index:
            add_loose({"IS_PUNCT": False, "IS_SPACE": False, "OP": f"{{0,{GAP}}}"})
        words = [t for t in nlp.make_doc(part) if not t.is_space]
        previous_word = False
        for token in words:
            if token.text == "-":
                if previous_word:
                    add_loose({"ORTH": "-", "OP": "?"})
                previous_word = False
                continue
            if previous_word:
                add_loose({"ORTH": "-", "OP": "?"})
            tokens.append({"NORM": stem(token.norm_)})
            if after_first is not None and len(tokens) == 1 and len(words) > 1:
                add_loose(after_first)
                previous_word = False
                continue
            previous_word = True
    return PhrasePattern(tokens, frozenset(loose))


def literal_tokens(start: int, alignments: list[int], loose: frozenset[int]) -> frozenset[int]:
    """Doc token indices of a match that meet a literal word of the pattern."""
    return frozenset(start + i for i, element in enumerate(alignments) if element not in loose)


class PhraseSet:
    """A spaCy Matcher over many labelled phrases; returns matches with their literal words."""

    def __init__(
        self,
        nlp: Language,
        labelled: list[tuple[str, str]],
        after_first: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """`after_first` maps a label to an optional element inserted after each phrase's first word."""
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab)
        self.meta: dict[int, tuple[str, frozenset[int], str]] = {}
        for number, (label, phrase) in enumerate(labelled):
            pattern = phrase_pattern(nlp, phrase, (after_first or {}).get(label))
            if not pattern.tokens:
                continue
            key = f"{label}#{number}"
            self.matcher.add(key, [pattern.tokens])
            self.meta[nlp.vocab.strings[key]] = (label, pattern.loose, phrase)

    def __call__(self, doc: Doc) -> list[Match]:
        out = []
        for key, start, end, alignments in self.matcher(doc, with_alignments=True):  # type: ignore[misc]
            label, loose, phrase = self.meta[key]
            out.append(Match(label, start, end, literal_tokens(start, alignments, loose), phrase))
        return out


@dataclass(frozen=True)
class Match:
    label: str
    start: int
    end: int
    literal: frozenset[int]
    phrase: str = ""  # the synonym or trigger that matched


def resolve_overlaps(matches: list[Match]) -> list[Match]:
    """Longest first; drop a match whose literal words all lie inside a kept one's.

    The very same words may stand for several findings ("bladder and bowels are
    normal" rules out three): a match on exactly the words of a kept match with
    another label is kept too.
    """
    ordered = sorted(matches, key=lambda m: (-len(m.literal), -(m.end - m.start), m.start, m.label))
    kept: list[Match] = []
    for match in ordered:
        if any(
            match.literal < other.literal or (match.literal == other.literal and match.label == other.label)
            for other in kept
        ):
            continue
        if any(match.label == o.label and match.start < o.end and o.start < match.end for o in kept):
            continue
        kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.end))


def negation_termset(terms: Any) -> dict[str, list[str]]:
    """negspacy's termset from context.yaml, each apostrophe term also without its apostrophe."""

    def widen(phrases: list[str]) -> list[str]:
        out: list[str] = []
        for phrase in phrases:
            for variant in (phrase, phrase.replace("'", ""), phrase.replace("'", "\u2019")):
                if variant not in out:
                    out.append(variant)
        return out

    return {
        "pseudo_negations": widen(terms.pseudo_negations),
        "preceding_negations": widen(terms.preceding_negations),
        "following_negations": widen(terms.following_negations),
        "termination": widen(terms.termination),
    }


class Pipeline:
    """Everything built once per knowledge base: tokenizer, lexicon matcher, NegEx, context."""

    def __init__(self, kb: Any) -> None:
        from negspacy.negation import Negex

        from legweak.parsing.context import ContextAnnotator

        self.kb = kb
        self.nlp = blank_nlp()
        labelled: list[tuple[str, str]] = []
        for finding in kb.findings.values():
            for phrase in finding.synonyms:
                labelled.append((f"{finding.id}=present", phrase))
            for phrase in finding.absent_synonyms:
                labelled.append((f"{finding.id}=absent", phrase))
            for option in finding.options:
                for phrase in option.synonyms:
                    labelled.append((f"{finding.id}={option.value}", phrase))
        self.lexicon = PhraseSet(self.nlp, labelled)
        self.negex = Negex(
            self.nlp,
            "negex",
            neg_termset=negation_termset(kb.context.negation),
            ent_types=None,
            extension_name="negex",
            chunk_prefix=None,
            span_keys=[SPAN_KEY],
        )
        self.context = ContextAnnotator(self.nlp, kb.context)
        #: Single negation words that negate a match when they sit in one of its gaps
        #: ("legs are not swollen" against "leg ... swollen"), where NegEx cannot see them.
        self.gap_negations = frozenset(
            stem(word) for word in kb.context.negation.preceding_negations if word.isalpha()
        ) | {"not"}
        #: Preceding triggers as spaCy writes their tokens ("don't" -> "do n't").
        self.preceding_triggers = tuple(
            " ".join(t.lower_ for t in self.nlp.make_doc(trigger))
            for trigger in negation_termset(kb.context.negation)["preceding_negations"]
        )
        past = set(kb.context.past_words)
        #: Synonyms about the past by themselves ("had a stroke"): history context leaves them.
        self.past_phrases = frozenset(
            phrase for _, phrase in labelled if past & set(phrase.replace("...", " ").split())
        )
        self.lock = threading.Lock()

    def doc(self, text: str) -> Doc:
        return self.nlp(text)

    def lexicon_matches(self, doc: Doc) -> list[Match]:
        return resolve_overlaps(self.lexicon(doc))

    def negated_before(self, doc: Doc, start: int) -> bool:
        """Whether a preceding negation trigger stands in the clause before token `start`.

        An absent-synonym ("fever has gone") must not be flipped by a following
        trigger that its own words run into ("... has gone away"): only a trigger
        before it ("I haven't been able to pee") turns it into a present finding.
        """
        begin = start
        while begin > 0 and not doc[begin - 1].is_punct and not doc[begin].is_sent_start:
            begin -= 1
        clause = " " + " ".join(t.lower_ for t in doc[begin:start]) + " "
        return any(f" {trigger} " in clause for trigger in self.preceding_triggers)

    def negated_in_gap(self, doc: Doc, match: Match) -> bool:
        gap = (i for i in range(match.start, match.end) if i not in match.literal)
        return any(doc[i].norm_ in self.gap_negations for i in gap)

    def negate(self, doc: Doc) -> None:
        """Run negspacy's NegEx over the spans in doc.spans[SPAN_KEY]."""
        self.negex(doc)


_CACHE: dict[object, Pipeline] = {}
_CACHE_LOCK = threading.Lock()


def get_pipeline(kb: Any) -> Pipeline:
    """The pipeline for this knowledge base, built on first use and kept per content hash."""
    key = getattr(kb, "hash", None) or id(kb)
    with _CACHE_LOCK:
        pipeline = _CACHE.get(key)
        if pipeline is None:
            if len(_CACHE) >= 8:
                _CACHE.pop(next(iter(_CACHE)))
            pipeline = _CACHE[key] = Pipeline(kb)
        return pipeline
