"""The shape of `context.yaml`: the words that change what a mention means.

NegEx (through negspacy) reads the negation terms; the other categories are
ConText-style rules of our own, because NegEx knows only negation. Every list is
data so that a clinician can review and extend it without touching code.

Phrases follow the synonym syntax of `findings.yaml`: lower case, and `...` for
a gap of up to three words ("had ... before"). Context phrases (not the negation
lists, which negspacy reads word for word) are matched on word stems, so
"day" also matches "days".
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NegationTerms(_Strict):
    """negspacy's four lists: preceding and following triggers, pseudo-triggers, terminators."""

    preceding_negations: list[str]
    following_negations: list[str]
    pseudo_negations: list[str] = Field(default_factory=list)
    termination: list[str] = Field(default_factory=list)


class Shorthand(_Strict):
    """Clinical shorthand and what it stands for (read by `legweak.parsing.readers.expand_shorthand`)."""

    #: Matched in any case: "hx", "c/o", "bilat".
    words: dict[str, str] = Field(default_factory=dict)
    #: Matched only as written: "SOB", "BM", "PR" (lower case, they are everyday words).
    exact: dict[str, str] = Field(default_factory=dict)
    #: Denominator of a clinical duration -> its unit: "3/7" is three days.
    durations: dict[str, Literal["hour", "day", "week", "month"]] = Field(default_factory=dict)


class ContextRules(_Strict):
    negation: NegationTerms
    #: Past events: a mention after these is history, not a current symptom.
    history: list[str] = Field(default_factory=list)
    #: Past events named after the mention: "... years ago", "... as a child".
    history_following: list[str] = Field(default_factory=list)
    #: Conditional or imagined: "if I walk far", "in case".
    hypothetical: list[str] = Field(default_factory=list)
    #: Another person: "my father has", "runs in the family".
    family: list[str] = Field(default_factory=list)
    #: Another person named after the mention: "... runs in the family".
    family_following: list[str] = Field(default_factory=list)
    #: Words that end a family scope: the writer speaks of themself again ("my", "I").
    family_termination: list[str] = Field(default_factory=list)
    #: A synonym with one of these words describes the past itself ("had a stroke",
    #: "previous stroke"): history context does not remove its mention.
    past_words: list[str] = Field(default_factory=list)
    #: Phrases that contain a trigger but are not one: "as if", "in the past few days".
    pseudo: list[str] = Field(default_factory=list)
    #: Figures of speech that hold a finding's words but not its meaning ("can't stand the
    #: noise", "rushed off my feet"): matched like synonyms, they hide the words they cover.
    idioms: list[str] = Field(default_factory=list)
    #: Whole sentences addressed to the reader, not about the body ("Is this normal?",
    #: "Should I be worried?"): understood, though they hold no finding.
    asides: list[str] = Field(default_factory=list)
    #: Kinds of aside, as regular expressions over the whole plain sentence: who is
    #: writing ("I'm his carer", "care home staff here") and how they feel ("I'm so
    #: scared"). A sentence that matches one and holds no finding is understood.
    aside_patterns: list[str] = Field(default_factory=list)
    #: Words that end the scope of history, hypothetical and family triggers.
    termination: list[str] = Field(default_factory=list)
    #: Hedge word -> multiplier on confidence ("maybe" 0.6).
    hedges: dict[str, Annotated[float, Field(gt=0, le=1)]] = Field(default_factory=dict)
    #: Describing words that several can share one noun with, and the words that join
    #: them: "numb, tingling feet" and "weak and wobbly legs" hold "numb feet", "weak legs".
    shared_modifiers: list[str] = Field(default_factory=list)
    #: A word -> the words it stands for in a synonym as well as itself: "my" for "his",
    #: "her", "their"; "is" for "am", "are", "was", "were". Only the lexicon reads them.
    word_classes: dict[str, list[str]] = Field(default_factory=dict)
    #: The clinical register: shorthand read as words before parsing.
    shorthand: Shorthand = Field(default_factory=Shorthand)
