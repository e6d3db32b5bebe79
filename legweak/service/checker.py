"""The one core API every adapter uses: start, answer, go back, get the result.

The CLI, the evaluation harness and (later) the HTTP API and web pages all go
through these functions, so a vignette is scored through the very code a
person uses. Nothing here knows about terminals, HTTP or SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from legweak import __version__
from legweak.engine.explain import Reason, reasons
from legweak.engine.interview import Decision, Question, decide
from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model, compile_kb
from legweak.engine.posterior import log_posterior, normalise
from legweak.engine.triage import Triage, triage
from legweak.errors import (
    AgeError,
    InputError,
    InterviewStateError,
    SexError,
    UnderAgeError,
    UnknownFindingError,
    UnknownValueError,
)
from legweak.kb.implications import implied
from legweak.kb.loader import KnowledgeBase, load_kb
from legweak.kb.schema import Sex

if TYPE_CHECKING:
    from legweak.parsing import ParseResult

MIN_AGE = 16
MAX_AGE = 120
#: Parsed findings less sure than this are not taken as answers; the interview asks instead.
MIN_CONFIDENCE = 0.5
RANKED = 8
#: Reasons are worked out for this many leading conditions (they cost a little each).
EXPLAINED = 5

_models: dict[str, Model] = {}


def model_for(kb: KnowledgeBase) -> Model:
    """The compiled model of a knowledge base, built once per content hash."""
    model = _models.get(kb.hash)
    if model is None:
        model = _models[kb.hash] = compile_kb(kb)
    return model


def check_age(age: object) -> int:
    if isinstance(age, bool) or not isinstance(age, int):
        raise AgeError(f"age must be a whole number of years, not {age!r}.")
    if age < 0 or age > MAX_AGE:
        raise AgeError(f"age must be between {MIN_AGE} and {MAX_AGE}; {age} is not.")
    if age < MIN_AGE:
        raise UnderAgeError(age)
    return age


def check_sex(sex: object) -> Sex:
    if sex == "female" or sex == "male":
        return sex
    raise SexError(str(sex))


def check_answer(kb: KnowledgeBase, finding_id: str, value: str) -> None:
    finding = kb.findings.get(finding_id)
    if finding is None:
        import difflib

        raise UnknownFindingError(finding_id, difflib.get_close_matches(finding_id, kb.findings, 3))
    if value not in (*finding.values, UNKNOWN):
        raise UnknownValueError(finding_id, value, [*finding.values, UNKNOWN])


@dataclass
class Session:
    """One person's interview. Plain data, so adapters can store and restore it."""

    age: int
    sex: Sex
    text: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    #: finding id -> where the answer came from: "text", "question" or "given"
    origin: dict[str, str] = field(default_factory=dict)
    #: The findings each answered screen set, so `back` can undo a whole screen.
    steps: list[list[str]] = field(default_factory=list)
    max_questions: int | None = None
    parse: ParseResult | None = None

    @property
    def questions_asked(self) -> int:
        return len(self.steps)


def start(
    age: object,
    sex: object,
    text: str | None = None,
    *,
    kb: KnowledgeBase | None = None,
    max_questions: int | None = None,
) -> Session:
    """Begin an interview; whatever the opening text settles is not asked again."""
    kb = kb or load_kb()
    session = Session(check_age(age), check_sex(sex), text=text, max_questions=max_questions)
    if text is not None and text.strip():
        from legweak.parsing import parse

        result = parse(text, kb)
        session.parse = result
        for finding in result.findings:
            if finding.confidence >= MIN_CONFIDENCE and finding.id not in session.evidence:
                session.evidence[finding.id] = finding.value
                session.origin[finding.id] = "text"
    return session


def given(session: Session, answers: Mapping[str, str], kb: KnowledgeBase | None = None) -> None:
    """Add answers that were not asked for (command-line flags, an API body)."""
    kb = kb or load_kb()
    for fid, value in answers.items():
        check_answer(kb, fid, value)
    for fid, value in answers.items():
        session.evidence[fid] = value
        session.origin[fid] = "given"
    _imply(kb, session, list(answers), "given")


def next_decision(session: Session, kb: KnowledgeBase | None = None) -> Decision:
    kb = kb or load_kb()
    model = model_for(kb)
    post = _posterior(model, session)
    return decide(kb, model, post, session.evidence, session.questions_asked, session.max_questions)


def next_question(session: Session, kb: KnowledgeBase | None = None) -> Question | None:
    return next_decision(session, kb).question


def answer(
    session: Session, question: Question, answers: Mapping[str, str], kb: KnowledgeBase | None = None
) -> None:
    """Record one screen of answers; an item left out counts as "don't know"."""
    kb = kb or load_kb()
    allowed = set(question.finding_ids)
    extra = set(answers) - allowed
    if extra:
        raise InputError(f"{sorted(extra)[0]!r} was not part of this question.")
    for fid, value in answers.items():
        check_answer(kb, fid, value)
    step = list(question.finding_ids)
    for fid in step:
        session.evidence[fid] = answers.get(fid, UNKNOWN)
        session.origin[fid] = "question"
    step += _imply(kb, session, step, "question")
    session.steps.append(step)


def _imply(kb: KnowledgeBase, session: Session, finding_ids: list[str], origin: str) -> list[str]:
    """Record what the answers imply for findings not yet answered; returns those ids."""
    added: list[str] = []
    for fid in finding_ids:
        for other, value in implied(kb, fid, session.evidence[fid]).items():
            if other not in session.evidence:
                session.evidence[other] = value
                session.origin[other] = origin
                added.append(other)
    return added


def back(session: Session) -> None:
    """Undo the last answered screen, so it is asked again."""
    if not session.steps:
        raise InterviewStateError("there is no earlier question to go back to.")
    for fid in session.steps.pop():
        session.evidence.pop(fid, None)
        session.origin.pop(fid, None)


def _posterior(model: Model, session: Session) -> np.ndarray:
    return normalise(log_posterior(model, session.age, session.sex, session.evidence))


@dataclass(frozen=True)
class RankedCondition:
    id: str
    name: str
    icd10: tuple[str, ...]
    category: str
    urgency: str
    probability: float
    explanation: str
    advice: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Result:
    age: int
    sex: str
    triage: Triage
    conditions: tuple[RankedCondition, ...]
    next_question: Question | None
    stop_reason: str | None
    questions_asked: int
    evidence: dict[str, str]
    kb_version: str
    kb_hash: str
    level_title: str
    level_advice: str
    disclaimer: str

    @property
    def level(self) -> str:
        return self.triage.level

    def to_dict(self) -> dict[str, Any]:
        """The JSON object the CLI prints and the API returns."""
        t = self.triage
        return {
            "legweak_version": __version__,
            "kb_version": self.kb_version,
            "kb_hash": self.kb_hash,
            "age": self.age,
            "sex": self.sex,
            "triage": {
                "level": t.level,
                "title": self.level_title,
                "advice": self.level_advice,
                "rule_floor": t.floor,
                "risk_level": t.risk,
                "risk_conditions": list(t.risk_conditions),
            },
            "advice_first": [
                {"id": r.id, "sign": r.sign, "advice": r.advice} for r in t.fired if r.advice_first
            ],
            "red_flags": [
                {"id": r.id, "sign": r.sign, "level": r.level, "reason": r.reason, "advice": r.advice}
                for r in t.fired
            ],
            "watch_for": [{"id": r.id, "sign": r.sign, "text": r.watch_text or r.sign} for r in t.watch_for],
            "conditions": [
                {
                    "id": c.id,
                    "name": c.name,
                    "icd10": list(c.icd10),
                    "category": c.category,
                    "urgency": c.urgency,
                    "probability": round(c.probability, 4),
                    "explanation": c.explanation,
                    "advice": c.advice,
                    "reasons": [
                        {"finding": r.finding_id, "value": r.value, "text": r.text, "weight": r.weight}
                        for r in c.reasons
                    ],
                }
                for c in self.conditions
            ],
            "next_question": question_dict(self.next_question),
            "stop_reason": self.stop_reason,
            "questions_asked": self.questions_asked,
            "evidence": dict(self.evidence),
            "disclaimer": self.disclaimer,
        }


def question_dict(question: Question | None) -> dict[str, Any] | None:
    if question is None:
        return None
    return {
        "id": question.id,
        "kind": question.kind,
        "text": question.text,
        "red_flag": question.red_flag,
        "items": [{"finding": i.finding_id, "text": i.text} for i in question.items],
        "options": [{"value": v, "label": label} for v, label in question.options],
        "answers": (
            [v for v, _ in question.options] + [UNKNOWN]
            if question.kind == "choice"
            else [PRESENT, ABSENT, UNKNOWN]
        ),
    }


def result(session: Session, kb: KnowledgeBase | None = None, ranked: int = RANKED) -> Result:
    kb = kb or load_kb()
    model = model_for(kb)
    log_prior = model.log_prior(session.age, session.sex)
    post = _posterior(model, session)
    decision = decide(kb, model, post, session.evidence, session.questions_asked, session.max_questions)
    order = np.argsort(-post, kind="stable")[:ranked]
    conditions = []
    for n, i in enumerate(order):
        cond = kb.conditions[int(i)]
        why = reasons(kb, model, log_prior, session.evidence, int(i)) if n < EXPLAINED else []
        conditions.append(
            RankedCondition(
                id=cond.id,
                name=cond.name,
                icd10=tuple(cond.icd10),
                category=cond.category,
                urgency=cond.urgency,
                probability=float(post[i]),
                explanation=cond.explanation,
                advice=cond.advice,
                reasons=tuple(why),
            )
        )
    t = triage(kb, model, post, session.evidence)
    level_text = kb.settings.levels[t.level]
    return Result(
        age=session.age,
        sex=session.sex,
        triage=t,
        conditions=tuple(conditions),
        next_question=decision.question,
        stop_reason=decision.stop_reason,
        questions_asked=session.questions_asked,
        evidence=dict(session.evidence),
        kb_version=kb.version,
        kb_hash=kb.hash,
        level_title=level_text.title,
        level_advice=level_text.advice,
        disclaimer=kb.settings.disclaimer,
    )


def assess(
    age: object,
    sex: object,
    *,
    present: Iterable[str] = (),
    absent: Iterable[str] = (),
    unknown: Iterable[str] = (),
    answers: Mapping[str, str] | None = None,
    text: str | None = None,
    kb: KnowledgeBase | None = None,
) -> Result:
    """One-shot assessment from known answers, without an interview."""
    kb = kb or load_kb()
    session = start(age, sex, text, kb=kb)
    merged: dict[str, str] = {}
    for ids, value in ((present, PRESENT), (absent, ABSENT), (unknown, UNKNOWN)):
        for fid in ids:
            merged[fid] = value
    merged.update(answers or {})
    given(session, merged, kb)
    return result(session, kb)
