"""The spaCy pipeline built from a knowledge base: words, stems, sentences, lexicon matches.

spaCy runs on `spacy.blank("en")` (no model download). Every token's NORM is
set to the Snowball stem of spaCy's own norm ("can't" -> "can" "not",
"legs" -> "leg"), and every synonym of the lexicon is tokenised and stemmed the
same way, so "my legs are weakening" meets the synonym "leg ... weak".

Synonym syntax (see `legweak.kb.schema`): `...` is a gap of up to three words
(never punctuation, so a gap does not cross a comma or a sentence end). A
hyphen between words is optional on both sides ("lower-limb" = "lower limb").
Synonyms are matched by our own matcher (`legweak.parsing.phrases`), a trie
over stems, not by spaCy's Matcher: building it takes milliseconds, not seconds.

Overlapping matches: a match is dropped when the words it matched literally are
all inside the literal words of a longer kept match ("arm weakness" hides a
bare "weakness"); matches that share only some words are both kept ("arm and
leg are weak" gives arm weakness and leg weakness).

spaCy and negspacy are imported inside the builders, never at module import,
so importing `legweak.parsing` stays cheap.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

from legweak.parsing.phrases import GAP, Match, PhraseSet, stem

__all__ = ["GAP", "SPAN_KEY", "Match", "PhraseSet", "Pipeline", "blank_nlp", "get_pipeline", "stem"]

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Verbs that reverse a match when they stand in one of its gaps: "bladder has stopped
#: working" is no "bladder ... working", "legs stopped being weak" no weakness now (stems).
_REVERSING = frozenset({"stop", "ceas", "fail"})

#: Name of the span group that holds every candidate mention (lexicon and readers).
SPAN_KEY = "legweak"


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


#: The label of a figure of speech (context.yaml `idioms`): never a finding.
IDIOM = "idiom"


def resolve_overlaps(matches: list[Match]) -> list[Match]:
    """Longest first; drop a match whose literal words all lie inside a kept one's.

    The very same words may stand for several findings ("bladder and bowels are
    normal" rules out three): a match on exactly the words of a kept match with
    another label is kept too.
    """
    ordered = sorted(matches, key=lambda m: (-len(m.literal), -(m.end - m.start), m.start, m.label))
    kept: list[Match] = []
    #: The words each kept match stands for: its own, and those of the shorter matches of
    #: its label that overlap it ("feel hot and sweaty" inside "hot and sweaty a lot"),
    #: so a third phrase on those words ("feel hot") is one finding's words, not another's.
    covered: list[frozenset[int]] = []
    #: The word sets of those matches: a phrase of another label on exactly the same
    #: words ("coughing up blood" is a cough and coughing blood) is a tie, and kept.
    ties: list[set[frozenset[int]]] = []
    for match in ordered:
        if any(
            (match.label == other.label and match.literal <= other.literal)
            or (match.literal < words and match.literal not in tied)
            for other, words, tied in zip(kept, covered, ties, strict=True)
        ):
            continue
        same = [
            i
            for i, o in enumerate(kept)
            if match.label == o.label and match.start < o.end and o.start < match.end
        ]
        # Only a gapless phrase lends its words: "calf ... warm" inside "tender and warm"
        # says nothing of "calf ... tender".
        if len(match.literal) == match.end - match.start:
            for i in same:
                covered[i] = covered[i] | match.literal
                ties[i].add(match.literal)
        if same:
            continue
        kept.append(match)
        covered.append(match.literal)
        ties.append({match.literal})
    return sorted(kept, key=lambda m: (m.start, m.end))


_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def plain_sentence(sentence: str) -> str:
    """A sentence as an aside is written in context.yaml: lower case, no punctuation."""
    return " ".join(_NOT_WORD.sub(" ", sentence.lower().replace("\u2019", "'")).split())


def word_classes(classes: dict[str, list[str]]) -> dict[str, str]:
    """Stem of each member word -> stem of its class word (context.yaml `word_classes`)."""
    return {stem(member): stem(word) for word, members in classes.items() for member in [word, *members]}


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
        labelled += [(IDIOM, phrase) for phrase in getattr(kb.context, "idioms", ())]
        self.lexicon = PhraseSet(
            self.nlp,
            labelled,
            shared=frozenset(getattr(kb.context, "shared_modifiers", ())),
            classes=word_classes(getattr(kb.context, "word_classes", {})),
        )
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
        ) | {"not", *_REVERSING}
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
        #: Whole sentences addressed to the reader (context.yaml `asides`), as `plain_sentence` writes them.
        self.asides = frozenset(plain_sentence(a) for a in getattr(kb.context, "asides", ()))
        patterns = getattr(kb.context, "aside_patterns", ())
        self.aside_kinds = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        self.lock = threading.Lock()

    def doc(self, text: str) -> Doc:
        return self.nlp(text)

    def lexicon_matches(self, doc: Doc) -> list[Match]:
        """Every finding phrase that survives overlaps; an idiom wins its words and yields nothing."""
        return [m for m in resolve_overlaps(self.lexicon(doc)) if m.label != IDIOM]

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
