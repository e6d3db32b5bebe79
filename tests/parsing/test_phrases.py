"""The phrase matcher: spaCy's token semantics on a trie of stems, proven against spaCy itself.

The matcher reads phrases without spaCy's Matcher; these tests pin down what it
shares with spaCy (tokens, NORMs, stems) for every phrase of the packaged
lexicon, and the matching rules on small phrase sets.
"""

from __future__ import annotations

import pytest
from snowballstemmer.english_stemmer import EnglishStemmer

from legweak.kb.loader import load_kb
from legweak.kb.schema import phrase_parts
from legweak.parsing.phrases import PhraseSet, Stemmer, stem
from legweak.parsing.pipeline import blank_nlp


@pytest.fixture(scope="module")
def nlp():
    return blank_nlp()


@pytest.fixture(scope="module")
def lexicon_phrases() -> list[str]:
    kb = load_kb()
    phrases: list[str] = []
    for finding in kb.findings.values():
        phrases += [*finding.synonyms, *finding.absent_synonyms]
        phrases += [p for option in finding.options for p in option.synonyms]
    rules = kb.context
    for name in ("history", "history_following", "hypothetical", "family", "family_following", "pseudo"):
        phrases += getattr(rules, name)
    phrases += [*rules.termination, *rules.family_termination, *rules.hedges, *rules.negation.termination]
    return phrases


def test_batched_tokens_equal_spacys_tokens_of_each_phrase(nlp, lexicon_phrases):
    """Tokenising all chunks at once, and the plain-word shortcut, give spaCy's own tokens."""
    stemmer = Stemmer(nlp)
    stemmer.prepare(lexicon_phrases)
    differ = []
    for phrase in lexicon_phrases:
        for part in phrase_parts(phrase):
            expected = [(t.text, stem(t.norm_)) for t in nlp.make_doc(part) if not t.is_space]
            if stemmer.words(part) != expected:
                differ.append(part)
    assert not differ, differ[:20]


def test_the_c_stemmer_equals_the_python_snowball_stemmer(lexicon_phrases):
    """PyStemmer (fast) and snowballstemmer's pure Python must stem every lexicon word alike."""
    python = EnglishStemmer()
    words = {w for phrase in lexicon_phrases for w in phrase.split() if w.isalpha()}
    words |= {"weakening", "legs", "tingling", "collapsed", "numbness", "swollen", "dizziness"}
    assert [w for w in words if stem(w) != python.stemWord(w)] == []


def spans(nlp, phrases: list[str], text: str, **kwargs) -> list[tuple[str, str, list[str]]]:
    """(phrase, matched words, literal words) of every match in `text`."""
    doc = nlp(text)
    found = PhraseSet(nlp, [(p, p) for p in phrases], **kwargs)(doc)
    return [(m.phrase, doc[m.start : m.end].text, [doc[i].text for i in sorted(m.literal)]) for m in found]


def test_a_plain_phrase_matches_on_stems(nlp):
    assert spans(nlp, ["weak leg"], "Weak legs.") == [("weak leg", "Weak legs", ["Weak", "legs"])]


def test_a_hyphen_between_words_is_optional_on_both_sides(nlp):
    assert [s[1] for s in spans(nlp, ["lower limb"], "lower-limb and lower limb")] == [
        "lower-limb",
        "lower limb",
    ]
    assert [s[1] for s in spans(nlp, ["lower-limb"], "lower limb")] == ["lower limb"]


def test_a_gap_takes_up_to_three_words_but_no_punctuation(nlp):
    assert [s[1] for s in spans(nlp, ["leg ... weak"], "leg is very very weak")] == ["leg is very very weak"]
    assert spans(nlp, ["leg ... weak"], "leg is very very very weak") == []
    assert spans(nlp, ["leg ... weak"], "my leg, weak") == []


def test_gap_words_are_not_literal_and_each_end_is_one_match(nlp):
    found = spans(nlp, ["leg ... weak"], "leg weak weak")
    assert found == [
        ("leg ... weak", "leg weak", ["leg", "weak"]),
        ("leg ... weak", "leg weak weak", ["leg", "weak"]),
    ]


def test_shortest_gaps_from_the_left_decide_the_literal_words(nlp):
    # Two ways to read "a b b c" as "a ... b ... c": the first gap stays empty.
    [(_, _, literal)] = spans(nlp, ["tired ... weak ... leg"], "tired weak weak leg")
    assert literal == ["tired", "weak", "leg"]
    doc = nlp("tired weak weak leg")
    [match] = PhraseSet(nlp, [("x", "tired ... weak ... leg")])(doc)
    assert sorted(match.literal) == [0, 1, 3]


def test_a_describing_set_may_follow_the_first_word(nlp):
    element = {"OP": "*", "NORM": {"IN": ["old", "year", "-", "80"]}}
    found = spans(nlp, ["my mother"], "my 80-year-old mother", after_first={"my mother": element})
    assert found == [("my mother", "my 80-year-old mother", ["my", "mother"])]


def test_only_a_star_element_on_norm_may_describe(nlp):
    with pytest.raises(ValueError, match="NORM IN"):
        PhraseSet(nlp, [("x", "my mother")], after_first={"x": {"OP": "?", "NORM": {"IN": ["old"]}}})
