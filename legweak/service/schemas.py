"""The one JSON shape of legweak: results, questions, triage and what was read in a text.

`legweak assess --json`, the terminal renderer, the HTTP API and the FHIR builders all
read these models, so a key means the same thing everywhere. They hold copies of
what callers need, never the knowledge base's own rule or condition objects, so a
caller cannot come to depend on the knowledge base's internal layout.

Questions speak the words of a screen (`yes`, `no`, `dont_know`, or a choice's
option ids); answers as stored (`Result.answers`) speak the knowledge base's words
(`present`, `absent`, `unknown`, or the option id). `answer_value` maps one to the
other.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from legweak.kb.schema import Site, TriageLevel

#: The knowledge base's answer words for a yes/no finding, and "don't know" for any finding.
PRESENT, ABSENT, UNKNOWN = "present", "absent", "unknown"
#: The option ids a question offers for yes, no and "don't know".
YES, NO, DONT_KNOW = "yes", "no", "dont_know"

_TO_VALUE = {YES: PRESENT, NO: ABSENT, DONT_KNOW: UNKNOWN}
_TO_OPTION = {PRESENT: YES, ABSENT: NO, UNKNOWN: DONT_KNOW}


def answer_value(option_id: str) -> str:
    """The stored answer word for an option id (`yes` -> `present`); other ids are kept as they are."""
    return _TO_VALUE.get(option_id, option_id)


def option_id(value: str) -> str:
    """The option id a question offers for a stored answer word (`present` -> `yes`)."""
    return _TO_OPTION.get(value, value)


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Schema):
    id: str
    label: str


class Item(Schema):
    """One yes/no question inside a group; its id is the finding it asks about."""

    id: str
    text: str
    #: A follow-up: skip it, and leave it out of the answer, when this item was answered "no".
    requires: str | None = None


QuestionType = Literal["yes_no", "choice", "group"]


class Question(Schema):
    """One screen of the interview."""

    id: str
    type: QuestionType
    text: str
    #: For a group, the options every item takes.
    options: list[Option]
    items: list[Item] = Field(default_factory=list)
    #: Why this question is asked now, in plain words.
    why: str
    #: A warning-sign check: asked before anything else, whatever the differential.
    red_flag: bool = False

    @property
    def finding_ids(self) -> tuple[str, ...]:
        """The findings one answer to this screen settles."""
        if self.type == "group":
            return tuple(item.id for item in self.items)
        return (self.id,)


class Triage(Schema):
    level: TriageLevel
    title: str
    advice: str
    #: The level the warning-sign rules set (None when no rule fired).
    rule_floor: TriageLevel | None
    #: The level the likely causes alone call for.
    risk_level: TriageLevel
    risk_conditions: list[str]


class AdviceFirst(Schema):
    """Advice shown before everything else (chest pain, breathlessness, self-harm)."""

    id: str
    sign: str
    advice: str


class RedFlag(Schema):
    id: str
    sign: str
    level: TriageLevel
    reason: str
    advice: str


class WatchFor(Schema):
    id: str
    sign: str
    text: str


class Reason(Schema):
    finding: str
    value: str
    text: str
    #: Natural log-likelihood ratio against the rest of the differential; > 0 raised the cause.
    weight: float
    #: The weight in words, for people: "makes this more likely", "strongly makes this less likely".
    effect: str = ""


class RankedCondition(Schema):
    id: str
    name: str
    icd10: list[str]
    category: str
    urgency: TriageLevel
    #: Where in the body the condition weakens the legs (knowledge base `site`).
    site: Site
    probability: float
    #: Plain words about the cause; a reassuring text is replaced when the level is urgent.
    explanation: str
    advice: str
    reasons: list[Reason]

    @field_serializer("probability")
    def _rounded(self, probability: float) -> float:
        # Full precision stays on the object (the evaluation scores it); four places are shown.
        return round(probability, 4)


class SiteShare(Schema):
    """Where the problem most likely lies: the posterior of every condition at one site, summed."""

    site: Site
    label: str
    probability: float

    @field_serializer("probability")
    def _rounded(self, probability: float) -> float:
        return round(probability, 4)


class Result(Schema):
    legweak_version: str
    engine_version: str
    kb_version: str
    kb_hash: str
    age: int
    sex: str
    triage: Triage
    advice_first: list[AdviceFirst]
    #: One statement per warning sign: the most urgent rule that speaks for it.
    red_flags: list[RedFlag]
    #: Signs answered "don't know" that no fired rule speaks for, one line each.
    watch_for: list[WatchFor]
    #: Sentences of the opening text in which nothing was recognised.
    not_understood: list[str]
    #: Ranked by probability (the evaluation scores this order).
    conditions: list[RankedCondition]
    next_question: Question | None
    stop_reason: str | None
    questions_asked: int
    #: finding id -> stored answer word, everything the result was computed from.
    answers: dict[str, str]
    disclaimer: str
    #: Every rule that fired, most urgent first: `red_flags` keeps one per sign.
    fired_rules: list[str] = Field(default_factory=list)
    #: The ids of `conditions` a person is shown, in the order shown: none under 1 %,
    #: and when the level is urgent the causes that justify it first.
    causes_shown: list[str] = Field(default_factory=list)
    #: Warning signs not present now that would make the advice more urgent (safety-netting).
    would_raise: list[WatchFor] = Field(default_factory=list)
    #: The posterior summed by site over every condition, most likely site first.
    sites: list[SiteShare] = Field(default_factory=list)

    @property
    def level(self) -> TriageLevel:
        return self.triage.level

    def to_dict(self) -> dict[str, object]:
        """The JSON object `legweak assess --json` prints and the API returns."""
        return self.model_dump(mode="json")


class ReadFinding(Schema):
    """A finding read in free text, with the words it came from."""

    id: str
    value: str
    text: str
    start: int
    end: int
    confidence: float


class Reading(Schema):
    """What the parser read in a text: kept as data, so a session can be stored."""

    findings: list[ReadFinding]
    age: int | None
    sex: str | None
    unrecognised: list[str]
    #: Warning-sign screens the semantic proposer puts first for the sentences not
    #: understood (opening text only), kept so every worker and a replay ask the same order.
    proposed_screens: list[str] = Field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json")


class ConditionInfo(Schema):
    """A condition as the API describes it (not the knowledge base's own entry)."""

    id: str
    name: str
    icd10: list[str]
    category: str
    urgency: TriageLevel
    site: Site
    explanation: str
    advice: str


class Hpo(Schema):
    id: str
    label: str


class FindingInfo(Schema):
    id: str
    type: Literal["binary", "categorical"]
    question: str
    label: str
    #: The answers it takes as stored: present/absent, or a choice's option ids.
    values: list[str]
    options: list[Option]
    hpo: Hpo | None
    askable: bool


class KbInfo(Schema):
    kb_version: str
    kb_hash: str
    engine_version: str
    conditions: int
    findings: int
    red_flag_rules: int


class Explanation(Schema):
    """One condition's reasons for a set of answers: the terms of the posterior's sum."""

    condition: ConditionInfo
    probability: float
    rank: int
    reasons: list[Reason]
    answers: dict[str, str]


class LevelInfo(Schema):
    """What one triage level tells a person to do."""

    level: TriageLevel
    title: str
    advice: str


class SourceInfo(Schema):
    id: str
    citation: str
    url: str | None = None


class RuleInfo(Schema):
    """A warning-sign rule as a clinician reads it: the sign, the level it sets, and its basis."""

    id: str
    sign: str
    level: TriageLevel
    reason: str
    #: The works it rests on; empty when its basis is clinical judgement.
    sources: list[SourceInfo]
    basis: str


class AnswerLine(Schema):
    """One answer as a person or a doctor reads it: the question, and the answer in words."""

    finding: str
    question: str
    label: str
    value: str
    answer: str
    #: "text" (read in what they wrote), "question" (asked) or "given".
    origin: str
