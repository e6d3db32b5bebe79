"""The shape of every knowledge-base file, checked when it loads.

Every model refuses unknown keys, so a misspelt field is an error rather than a
silently ignored figure. Cross-file checks (a likelihood that names an unknown
finding, a red-flag rule that reads an unknown value) live in `loader.py`,
because a single file cannot see the others.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TriageLevel = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]
#: Most urgent first. The index of a level is its rank: a smaller index is more urgent.
TRIAGE_LEVELS: tuple[TriageLevel, ...] = (
    "emergency_ambulance",
    "emergency",
    "consultation_24",
    "consultation",
    "self_care",
)
Category = Literal[
    "lifestyle",
    "neurological",
    "muscular",
    "circulatory",
    "systemic",
    "infection",
    "medication",
    "injury",
    "other",
]
Sex = Literal["female", "male"]
AgeBand = Literal["16-39", "40-64", "65+"]
AGE_BANDS: tuple[AgeBand, ...] = ("16-39", "40-64", "65+")

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Probability = Annotated[float, Field(gt=0.0, lt=1.0)]
ICD10 = Annotated[str, Field(pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")]

#: A figure's basis: a source id from sources.yaml, or one of these plain statements.
PLAIN_BASES = ("clinical judgement", "calibrated on development cases")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Meta(Strict):
    name: str
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    description: str


class Source(Strict):
    id: Identifier
    citation: str = Field(min_length=10)
    url: str | None = None


class Prior(Strict):
    """Relative frequency among adults who report leg weakness.

    `base` is a weight, not a probability: the loader normalises over all
    conditions. Age and sex multiply it, so a condition of the old gets a large
    `65+` factor rather than a separate table.
    """

    base: Annotated[float, Field(gt=0)]
    age: dict[AgeBand, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    sex: dict[Sex, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    basis: str


class Condition(Strict):
    id: Identifier
    name: str = Field(min_length=3)
    icd10: list[ICD10]
    category: Category
    urgency: TriageLevel
    explanation: str = Field(min_length=20)
    advice: str = Field(min_length=20)
    sources: list[str]
    prior: Prior
    #: The catch-all class: never matches an expected code, carries none.
    catch_all: bool = False
    #: Whether `explanation` reassures ("goes away by itself"); None means "if its
    #: own urgency is self-care". An urgent result never shows a reassuring text.
    reassuring: bool | None = None

    @property
    def reassures(self) -> bool:
        return self.urgency == "self_care" if self.reassuring is None else self.reassuring

    @model_validator(mode="after")
    def _codes(self) -> Condition:
        if not self.catch_all and not self.icd10:
            raise ValueError("a condition needs at least one ICD-10-CM code")
        return self


class Option(Strict):
    value: Identifier
    label: str
    synonyms: list[str] = Field(default_factory=list)


class HPO(Strict):
    id: Annotated[str, Field(pattern=r"^HP:\d{7}$")]
    label: str


class Background(Strict):
    """P(answer | a condition that does not list the finding)."""

    p: Probability | None = None
    dist: dict[str, Probability] | None = None
    basis: str


class Finding(Strict):
    id: Identifier
    type: Literal["binary", "categorical"]
    question: str = Field(min_length=5)
    #: A short noun phrase for reasons and reports ("sudden onset").
    label: str
    synonyms: list[str] = Field(default_factory=list)
    #: Phrases that mean the finding is absent ("walks normally").
    absent_synonyms: list[str] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    hpo: HPO | None = None
    background: Background
    #: Findings with the same group may be asked together on one screen.
    group: Identifier | None = None
    #: False for facts the interview should never ask (they only come from text).
    askable: bool = True
    #: An umbrella over these yes/no findings: when it is absent ("I take no
    #: medicines") each of them is absent; when one of them is present, so is it.
    covers: list[Identifier] = Field(default_factory=list)
    #: An event or state from before (a cancer, an injury, a recent infection, a
    #: medicine started weeks ago): a mention in a past context still counts, and
    #: time words in its sentence date that event, not the weakness.
    past: bool = False
    #: The finding a relative's mention of this one stands for ("my father had
    #: attacks like this" is a family history); itself for family-history findings.
    family: Identifier | None = None
    #: A follow-up of this yes/no finding ("back pain at night" of "back pain"):
    #: not asked, and not counted, once the finding it follows is answered "no".
    requires: Identifier | None = None

    @model_validator(mode="after")
    def _shape(self) -> Finding:
        if self.type == "categorical":
            if len(self.options) < 2:
                raise ValueError("a categorical finding needs at least two options")
            values = [o.value for o in self.options]
            if len(set(values)) != len(values):
                raise ValueError("option values must be unique")
            if self.background.dist is None:
                raise ValueError("a categorical finding needs background.dist")
            _check_dist(self.background.dist, values, "background.dist")
            if self.synonyms or self.absent_synonyms:
                raise ValueError("a categorical finding puts synonyms on its options")
        else:
            if self.options:
                raise ValueError("a binary finding has no options")
            if self.background.p is None:
                raise ValueError("a binary finding needs background.p")
        return self

    @field_validator("synonyms", "absent_synonyms")
    @classmethod
    def _phrases(cls, phrases: list[str]) -> list[str]:
        for phrase in phrases:
            _check_phrase(phrase)
        return phrases

    @property
    def values(self) -> list[str]:
        """The answers that carry evidence, in column order."""
        if self.type == "binary":
            return ["present", "absent"]
        return [o.value for o in self.options]


def _check_phrase(phrase: str) -> None:
    if phrase != phrase.lower().strip() or not phrase:
        raise ValueError(f"synonym {phrase!r} must be lower case with no outer spaces")
    if phrase.startswith("...") or phrase.endswith("..."):
        raise ValueError(f"synonym {phrase!r} cannot start or end with a gap '...'")


def _check_dist(dist: dict[str, float], values: list[str], where: str) -> None:
    if sorted(dist) != sorted(values):
        raise ValueError(f"{where} must give every option exactly once: {values}")
    total = sum(dist.values())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"{where} sums to {total:.4f}, not 1")


class Likelihood(Strict):
    """One figure: P(present | condition) or, for a choice, a distribution."""

    p: Probability | None = None
    dist: dict[str, Probability] | None = None
    basis: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Likelihood:
        if (self.p is None) == (self.dist is None):
            raise ValueError("give exactly one of p (yes/no finding) or dist (choice)")
        return self


class ConditionLikelihoods(Strict):
    """Every figure for one condition; `basis` applies where an entry names none."""

    basis: str
    findings: dict[Identifier, float | Likelihood]


class Clause(Strict):
    """One test on the answers: a finding present, absent, or among some values."""

    finding: Identifier
    value: list[str] | None = None
    absent: bool = False

    @model_validator(mode="after")
    def _one(self) -> Clause:
        if self.value is not None and self.absent:
            raise ValueError("a clause tests a value or absence, not both")
        return self


class RedFlagRule(Strict):
    """A warning sign that sets a minimum triage level, whatever the posterior.

    The rule fires when every `all` clause holds, at least one `any` clause
    holds (if there are any), and no `unless` clause holds. Only a known answer
    can satisfy an `unless`: "don't know" never lowers a rule.
    """

    id: Identifier
    sign: str
    level: TriageLevel
    all: list[Clause] = Field(default_factory=list)
    any: list[Clause] = Field(default_factory=list)
    unless: list[Clause] = Field(default_factory=list)
    reason: str
    advice: str
    #: Shown before everything else, even when the text is not about legs.
    advice_first: bool = False
    basis: str
    #: The screening finding(s) whose "don't know" puts this sign on the watch-for list.
    watch: list[Identifier] = Field(default_factory=list)
    watch_text: str | None = None

    @model_validator(mode="after")
    def _nonempty(self) -> RedFlagRule:
        if not self.all and not self.any:
            raise ValueError("a rule needs at least one clause in all or any")
        return self


class ScreenGroup(Strict):
    """Red-flag questions asked together, when the answers so far make them relevant.

    The group is relevant when `ask_if` is empty or any of its clauses holds.
    """

    id: Identifier
    title: str
    findings: list[Identifier]
    ask_if: list[Clause] = Field(default_factory=list)
    order: int = 0


class RedFlags(Strict):
    rules: list[RedFlagRule]
    screens: list[ScreenGroup]


class LevelText(Strict):
    """What a triage level means for the person, in their words."""

    title: str
    advice: str


class Thresholds(Strict):
    """Interview and risk-layer settings, data rather than code so they are reviewed."""

    levels: dict[TriageLevel, LevelText]
    disclaimer: str

    risk: dict[TriageLevel, Probability]
    risk_basis: str
    danger_weight: Annotated[float, Field(ge=0)]
    stop_top_probability: Probability
    stop_min_gain: Annotated[float, Field(ge=0)]
    max_questions: Annotated[int, Field(ge=1, le=100)]
    basis: str


_GAP = re.compile(r"\s*\.\.\.\s*")


def phrase_parts(phrase: str) -> list[str]:
    """Split a synonym at its gaps: 'words ... slurred' -> ['words', 'slurred']."""
    return [part for part in _GAP.split(phrase) if part]
