"""The shape of every knowledge-base file, checked when it loads.

Every model refuses unknown keys, so a misspelt field is an error rather than a
silently ignored figure. Cross-file checks (a likelihood that names an unknown
finding, a red-flag rule that reads an unknown value) live in `loader.py`,
because a single file cannot see the others.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

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
#: Where in the body a condition weakens the legs: the clinician view sums the posterior by it.
#: `unknown` is the catch-all's, which names no place.
Site = Literal[
    "brain",
    "spinal_cord",
    "nerve_root",
    "peripheral_nerve",
    "muscle",
    "blood_supply",
    "whole_body",
    "unknown",
]
SITES: tuple[Site, ...] = get_args(Site)

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

#: A figure's basis: a source id from sources.yaml, one of these plain statements,
#: or "judgement (feature: SOURCE_ID)" (see `feature_source`).
PLAIN_BASES = ("clinical judgement", "calibrated on development cases")
JUDGEMENT = "clinical judgement"
CALIBRATED = "calibrated on development cases"
BasisKind = Literal["source", "feature", "judgement", "calibrated"]
#: The work names the finding as a feature of the condition, but gives no
#: frequency that the figure could be read from: the number is judgement.
_FEATURE = re.compile(r"^judgement \(feature: ([a-z][a-z0-9_]*)\)$")


def feature_source(basis: str) -> str | None:
    """The source id of a "judgement (feature: SOURCE_ID)" basis, else None."""
    match = _FEATURE.match(basis)
    return match.group(1) if match else None


def basis_kind(basis: str) -> BasisKind:
    """How much of a figure a basis vouches for: all of it, the feature only, or none."""
    if basis == JUDGEMENT:
        return "judgement"
    if basis == CALIBRATED:
        return "calibrated"
    if feature_source(basis) is not None:
        return "feature"
    return "source"


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
    site: Site
    explanation: str = Field(min_length=20)
    advice: str = Field(min_length=20)
    sources: list[str]
    prior: Prior
    #: The catch-all class: never matches an expected code, carries none.
    catch_all: bool = False
    #: Whether `explanation` reassures ("goes away by itself"); None means "if its
    #: own urgency is self-care". An urgent result never shows a reassuring text.
    reassuring: bool | None = None
    #: A less urgent level the cause calls for once an answer shows its milder form
    #: (a trapped nerve whose leg has lost no strength). Never more urgent, and only a
    #: known answer counts, as with a rule's `unless`.
    milder: Milder | None = None

    @property
    def reassures(self) -> bool:
        return self.urgency == "self_care" if self.reassuring is None else self.reassuring

    @model_validator(mode="after")
    def _codes(self) -> Condition:
        if not self.catch_all and not self.icd10:
            raise ValueError("a condition needs at least one ICD-10-CM code")
        if (self.site == "unknown") != self.catch_all:
            raise ValueError("site 'unknown' is for the catch-all only, and the catch-all has no other site")
        milder = self.milder
        if milder is not None and TRIAGE_LEVELS.index(milder.level) <= TRIAGE_LEVELS.index(self.urgency):
            raise ValueError(f"milder.level must be less urgent than the urgency {self.urgency!r}")
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
    #: More general yes/no findings this one is a special case of ("cola-coloured urine"
    #: refines "dark urine"). When one phrase gives both, the parser keeps only this one,
    #: so the same words are not counted twice by a model whose findings are independent
    #: given the cause (a one-parent network).
    refines: list[Identifier] = Field(default_factory=list)
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


class Milder(Strict):
    """A condition's less urgent level, when any of `when` holds (a known value or absence)."""

    level: TriageLevel
    when: list[Clause] = Field(min_length=1)
    basis: str


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
    #: The most that questions left "don't know" may hide of an urgent warning sign
    #: explained by a cause on the differential, for self-care to be advised.
    unscreened_risk_max: Probability
    stop_top_probability: Probability
    #: At an `emergency` floor, questions that tell causes apart go on up to this many in all ...
    emergency_max_questions: Annotated[int, Field(ge=0, le=100)]
    #: ... while the leading cause is below this posterior.
    emergency_clear: Probability
    stop_min_gain: Annotated[float, Field(ge=0)]
    max_questions: Annotated[int, Field(ge=1, le=100)]
    basis: str


_GAP = re.compile(r"\s*\.\.\.\s*")


def phrase_parts(phrase: str) -> list[str]:
    """Split a synonym at its gaps: 'words ... slurred' -> ['words', 'slurred']."""
    return [part for part in _GAP.split(phrase) if part]


# --- measured values (measurements.yaml) -------------------------------------------


class Bounds(Strict):
    """A closed range of numbers, in the unit the range belongs to."""

    min: float
    max: float

    @model_validator(mode="after")
    def _order(self) -> Bounds:
        if self.min >= self.max:
            raise ValueError("min must be below max")
        return self

    def holds(self, value: float) -> bool:
        return self.min <= value <= self.max


class MeasureUnit(Strict):
    """One way a value is written, and how it converts to the measurement's own unit.

    own unit = written value * factor + offset. `bare` is where a number written
    with no unit is taken to be in this unit ("Hb 72" is g/L, "Hb 7.2" is g/dL).
    """

    names: list[str] = Field(min_length=1)
    factor: Annotated[float, Field(gt=0)] = 1.0
    offset: float = 0.0
    bare: Bounds | None = None

    @field_validator("names")
    @classmethod
    def _lower(cls, names: list[str]) -> list[str]:
        for name in names:
            if name != name.lower().strip() or not name:
                raise ValueError(f"unit {name!r} must be lower case with no outer spaces")
        return names


class Band(Strict):
    """Values below `below` (in the measurement's own unit) give this finding value.

    Bands run upwards; the last one has no `below` and takes everything above.
    """

    value: Identifier
    below: float | None = None
    basis: str


class Support(Strict):
    """Words after a reading that say it was taken with help (oxygen, drugs).

    Such a reading proves only the bands in `keeps` ("sats 94% on 2 L" is not a
    normal saturation; "sats 88% on oxygen" is still a low one).
    """

    patterns: list[str] = Field(min_length=1)
    keeps: list[Identifier] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a regular expression: {exc}") from None
        return patterns


class Measurement(Strict):
    """A lab value or vital sign as notes and relatives write it: "K+ 2.4", "BP 88/50".

    `pair` readings ("88/50", "88 over 50") are banded on the first number.
    """

    id: Identifier
    finding: Identifier
    names: list[str] = Field(min_length=1)
    #: A name right after one of these words is something else ("vitamin K").
    not_after: list[str] = Field(default_factory=list)
    kind: Literal["single", "pair"] = "single"
    unit: str
    units: list[MeasureUnit] = Field(min_length=1)
    #: Values outside this range (own unit) are not this measurement: a stray number.
    plausible: Bounds
    bands: list[Band] = Field(min_length=2)
    support: Support | None = None
    basis: str

    @field_validator("names", "not_after")
    @classmethod
    def _lower(cls, names: list[str]) -> list[str]:
        for name in names:
            if name != name.lower().strip() or not name:
                raise ValueError(f"name {name!r} must be lower case with no outer spaces")
        return names

    @model_validator(mode="after")
    def _bands(self) -> Measurement:
        limits = [b.below for b in self.bands]
        if limits[-1] is not None or any(limit is None for limit in limits[:-1]):
            raise ValueError("every band but the last needs `below`; the last has none")
        bounded = [limit for limit in limits if limit is not None]
        if bounded != sorted(set(bounded)):
            raise ValueError("band limits must rise strictly")
        values = [b.value for b in self.bands]
        if len(set(values)) != len(values):
            raise ValueError("each band needs its own value")
        return self

    def band(self, value: float) -> Band:
        """The band a value (in the own unit) falls in."""
        return next(b for b in self.bands if b.below is None or value < b.below)


class ArmDifference(Strict):
    """The top blood-pressure numbers of the two arms, compared ("BP R arm 182/100, L arm 148/82")."""

    finding: Identifier
    #: A difference of this many mmHg or more reads as present ...
    present_from: Annotated[float, Field(gt=0)]
    #: ... and one under this as absent; between the two nothing is read.
    absent_below: Annotated[float, Field(gt=0)]
    basis: str

    @model_validator(mode="after")
    def _order(self) -> ArmDifference:
        if self.absent_below > self.present_from:
            raise ValueError("absent_below must not be above present_from")
        return self


class Measurements(Strict):
    #: Words that may stand between a name and its number ("K+ of 2.4", "sodium was 118").
    links: list[str]
    #: Units of doses and amounts: a number followed by one is not a lab value.
    foreign_units: list[str]
    measurements: list[Measurement]
    arm_difference: ArmDifference | None = None


Condition.model_rebuild()
