"""The one core API every adapter uses: start, answer, go back, get the result.

A `Checker` is built once per process and owns everything an interview needs:
the knowledge base, the model compiled from it, the parser built over its
lexicon, and the settings. The CLI, the evaluation harness and the HTTP API all
call the same object, so a vignette is scored through the very code a person
uses. Sessions are plain data (`Session`); the checker reads and changes them but
keeps nothing of them, so any process holding the same knowledge base can
continue any stored interview. Nothing here knows about terminals, HTTP or SQL.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from legweak import __version__
from legweak.config import Settings
from legweak.engine.explain import Reason as EngineReason
from legweak.engine.explain import Reasons, reasons
from legweak.engine.interview import Decision, decide
from legweak.engine.interview import Question as Screen
from legweak.engine.model import Model, compile_kb
from legweak.engine.posterior import log_posterior, normalise
from legweak.engine.triage import Triage, clause_holds, triage
from legweak.errors import (
    AgeError,
    InputError,
    InterviewDoneError,
    InterviewInProgressError,
    InterviewStateError,
    KnowledgeBaseChangedError,
    ProposerUnavailableError,
    SexError,
    StaleAnswerError,
    UnderAgeError,
    UnknownFindingError,
    UnknownValueError,
)
from legweak.kb.implications import implied
from legweak.kb.loader import KnowledgeBase, load_kb, load_kb_from
from legweak.kb.schema import Sex, TriageLevel
from legweak.service import catalogue, presentation, schemas
from legweak.service.memo import Memo
from legweak.service.schemas import DONT_KNOW, NO, UNKNOWN, YES, Reading, Result
from legweak.service.session import Session

MIN_AGE = 16
MAX_AGE = 120
#: Parsed findings less sure than this are not taken as answers; the interview asks instead.
MIN_CONFIDENCE = 0.5
RANKED = 8
#: Reasons are worked out for this many leading conditions (they cost a little each).
EXPLAINED = 5
#: The engine ships inside the package, so its version is the package's.
ENGINE_VERSION = __version__

_YES_NO_OPTIONS = [
    schemas.Option(id=YES, label="Yes"),
    schemas.Option(id=NO, label="No"),
    schemas.Option(id=DONT_KNOW, label="Don't know"),
]
_ANSWER_WORDS = {schemas.PRESENT: "Yes", schemas.ABSENT: "No", UNKNOWN: "Don't know"}
_RED_FLAG_WHY = "It checks for warning signs that need care quickly, whatever the cause turns out to be."
_UNCLEAR_WHY = (
    "I could not understand part of what you wrote, so I check the warning signs it might be about."
)


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


@dataclass
class _State:
    """What the engine works out for one state of an interview, shared by every call that reads it."""

    #: The posterior, read-only: it is shared by every caller of this state.
    post: np.ndarray
    decision: Decision
    #: Worked out on the first result of this state (a state without a result needs none).
    triage: Triage | None = None


def _public(why: list[EngineReason]) -> list[schemas.Reason]:
    return [schemas.Reason(finding=r.finding_id, value=r.value, text=r.text, weight=r.weight) for r in why]


class Checker:
    """Owns the knowledge base, its compiled model, the parser and the settings."""

    def __init__(self, kb: KnowledgeBase, settings: Settings | None = None) -> None:
        self.kb = kb
        self.settings = settings or Settings()
        self.model: Model = compile_kb(kb)
        # One text at a time through the parser: its pipeline is shared by every thread.
        self._parse_lock = threading.Lock()
        # The posterior and decision of recent interview states (see legweak/service/memo.py).
        self._states: Memo[_State] = Memo()

    @classmethod
    def from_settings(cls, settings: Settings) -> Checker:
        """The checker a deployment runs: the packaged knowledge base unless `kb_dir` names another."""
        kb = load_kb_from(settings.kb_dir) if settings.kb_dir is not None else load_kb()
        return cls(kb, settings)

    @property
    def kb_version(self) -> str:
        return self.kb.version

    @property
    def kb_hash(self) -> str:
        return self.kb.hash

    # -- the parser ------------------------------------------------------------------

    def prepare(self) -> None:
        """Build the parser now (about a second), so the first text is read as fast as the rest."""
        from legweak.parsing import prepare

        prepare(self.kb)

    def parse(self, text: str) -> Reading:
        """What the parser reads in a text; TextError for empty, over-long or binary text."""
        from legweak.parsing import parse

        with self._parse_lock:
            parsed = parse(text, self.kb)
        return Reading(
            findings=[
                schemas.ReadFinding(
                    id=f.id, value=f.value, text=f.text, start=f.start, end=f.end, confidence=f.confidence
                )
                for f in parsed.findings
            ],
            age=parsed.age,
            sex=parsed.sex,
            unrecognised=list(parsed.unrecognised),
        )

    def read_opening(self, text: str) -> Reading:
        """The opening text's reading, with the screens proposed for what was not understood.

        Every screen is asked when part of the text was not understood; the semantic
        proposer only puts the screens that sentence is closest to first. It never
        sets an answer, and when its model cannot be loaded the order stays the usual one.
        """
        reading = self.parse(text)
        if not reading.unrecognised:
            return reading
        from legweak.parsing.proposer import proposer_for

        proposals = []
        try:
            for sentence in reading.unrecognised:
                proposals += proposer_for(self.kb).propose(sentence)
        except ProposerUnavailableError:
            return reading
        ordered = [p.screen for p in sorted(proposals, key=lambda p: -p.similarity)]
        return reading.model_copy(update={"proposed_screens": list(dict.fromkeys(ordered))})

    # -- the interview ---------------------------------------------------------------

    def start(
        self, age: object, sex: object, text: str | None = None, *, max_questions: int | None = None
    ) -> Session:
        """Begin an interview; whatever the opening text settles is not asked again."""
        session = Session(
            age=check_age(age),
            sex=check_sex(sex),
            kb_hash=self.kb.hash,
            text=text,
            max_questions=max_questions,
        )
        if text is not None and text.strip():
            session.reading = self.read_opening(text)
            for finding in session.reading.findings:
                if finding.confidence >= MIN_CONFIDENCE and finding.id not in session.evidence:
                    session.evidence[finding.id] = finding.value
                    session.origin[finding.id] = "text"
        self._settle(session)
        return session

    def given(self, session: Session, answers: Mapping[str, str]) -> None:
        """Add answers that were not asked for (command-line flags, an API body)."""
        self._adopt(session)
        for fid, value in answers.items():
            self._check_answer(fid, value)
        for fid, value in answers.items():
            session.evidence[fid] = value
            session.origin[fid] = "given"
        self._imply(session, list(answers), "given")
        self._settle(session)

    def next_question(self, session: Session) -> schemas.Question | None:
        """The question the interview waits for, or None when it has finished."""
        self._adopt(session)
        state = self._state(session)
        screen = state.decision.question
        return None if screen is None else self._question(screen, state.post)

    def answer(self, session: Session, question_id: str, answers: Mapping[str, str]) -> None:
        """Record one screen of answers; an item of a group left out counts as "don't know".

        `answers` maps each finding of the screen to one of the question's option
        ids (`yes`, `no`, `dont_know`, or a choice's option). An answer to any
        question but the pending one raises StaleAnswerError, and nothing is recorded.
        """
        self._adopt(session)
        state = self._state(session)
        post, screen = state.post, state.decision.question
        if screen is None:
            raise InterviewDoneError(question_id)
        if question_id != screen.id:
            raise StaleAnswerError(question_id, screen.id)
        allowed = set(screen.finding_ids)
        extra = set(answers) - allowed
        if extra:
            raise InputError(
                f"{sorted(extra)[0]!r} was not part of question {question_id!r}; "
                f"it asks about: {', '.join(screen.finding_ids)}."
            )
        offered = [o.id for o in self._question(screen, post).options]
        values = {fid: self._answer_value(fid, raw, offered) for fid, raw in answers.items()}
        step = []
        for fid in screen.finding_ids:
            parent = self.kb.findings[fid].requires
            if parent is not None and values.get(parent, session.evidence.get(parent)) == schemas.ABSENT:
                continue  # a follow-up of a "no" is not asked, so no answer of it counts
            session.evidence[fid] = values.get(fid, UNKNOWN)
            session.origin[fid] = "question"
            step.append(fid)
        step += self._imply(session, step, "question")
        session.steps.append(step)
        self._settle(session)

    def back(self, session: Session) -> None:
        """Undo the last answered screen, so it is asked again."""
        if not session.steps:
            raise InterviewStateError("there is no earlier question to go back to.")
        for fid in session.steps.pop():
            session.evidence.pop(fid, None)
            session.origin.pop(fid, None)
        self._adopt(session)
        self._settle(session)

    def result(self, session: Session, ranked: int = RANKED) -> Result:
        """The result for the answers so far (with the next question while the interview goes on)."""
        self._adopt(session)
        kb, model = self.kb, self.model
        log_prior = model.log_prior(session.age, session.sex)
        state = self._state(session)
        post, decision = state.post, state.decision
        if state.triage is None:
            state.triage = triage(
                kb, model, post, session.evidence, text_understood=self.text_understood(session)
            )
        t = state.triage
        order = [int(i) for i in np.argsort(-post, kind="stable")[:ranked]]
        # The risk layer's causes justify the level only when they set it.
        risk_causes = t.risk_conditions if t.risk == t.level else ()
        shown = presentation.causes_shown(
            [(kb.conditions[i], float(post[i])) for i in order], t.level, risk_causes
        )
        explained = {kb.conditions[i].id for i in order[:EXPLAINED]} | set(shown)
        explain = Reasons(kb, model, log_prior, session.evidence)
        conditions = []
        for i in order:
            cond = kb.conditions[i]
            why = explain(i) if cond.id in explained else []
            withheld = presentation.withholds_reassurance(cond, t.level)
            conditions.append(
                schemas.RankedCondition(
                    id=cond.id,
                    name=cond.name,
                    icd10=list(cond.icd10),
                    category=cond.category,
                    urgency=cond.urgency,
                    site=cond.site,
                    probability=float(post[i]),
                    explanation=presentation.WITHHELD_EXPLANATION if withheld else cond.explanation,
                    advice=presentation.WITHHELD_ADVICE if withheld else cond.advice,
                    reasons=[
                        schemas.Reason(
                            finding=r.finding_id,
                            value=r.value,
                            text=r.text,
                            weight=r.weight,
                            effect=presentation.effect_words(r.weight),
                        )
                        for r in why
                    ],
                )
            )
        level_text = kb.settings.levels[t.level]
        flags = presentation.shown_red_flags(t.fired, session.evidence)
        watch = presentation.shown_watch_for(t.watch_for, t.fired)
        return Result(
            legweak_version=__version__,
            engine_version=ENGINE_VERSION,
            kb_version=kb.version,
            kb_hash=kb.hash,
            age=session.age,
            sex=session.sex,
            triage=schemas.Triage(
                level=t.level,
                title=level_text.title,
                advice=level_text.advice,
                rule_floor=t.floor,
                risk_level=t.risk,
                risk_conditions=list(t.risk_conditions),
            ),
            advice_first=[
                schemas.AdviceFirst(id=r.id, sign=r.sign, advice=r.advice) for r in t.fired if r.advice_first
            ],
            red_flags=[
                schemas.RedFlag(
                    id=r.id,
                    sign=r.sign,
                    level=r.level,
                    reason=presentation.person_text(r.reason),
                    advice=r.advice,
                )
                for r in flags
            ],
            watch_for=[schemas.WatchFor(id=r.id, sign=r.sign, text=r.watch_text or r.sign) for r in watch],
            not_understood=self._not_understood(session),
            conditions=conditions,
            next_question=None if decision.question is None else self._question(decision.question, post),
            stop_reason=decision.stop_reason,
            questions_asked=session.questions_asked,
            answers=dict(session.evidence),
            disclaimer=kb.settings.disclaimer,
            fired_rules=[r.id for r in t.fired],
            causes_shown=shown,
            would_raise=[
                schemas.WatchFor(id=r.id, sign=r.sign, text=r.watch_text or r.sign)
                for r in presentation.would_raise(kb.red_flags.rules, t.fired, t.level)
            ],
            sites=[
                schemas.SiteShare(site=site, label=presentation.SITE_LABELS[site], probability=share)
                for site, share in presentation.by_site(kb.conditions, [float(p) for p in post])
            ],
        )

    @staticmethod
    def text_understood(session: Session) -> bool:
        """Whether every sentence of the opening text gave something the checker read.

        Self-care is only advised when nothing the person wrote was passed over
        (RED-FLAGS.md, last paragraph); no text at all has nothing to pass over.
        """
        return session.reading is None or not session.reading.unrecognised

    def estimated_remaining(self, session: Session) -> int:
        """A rough count of questions still to come: warning-sign screens still open, plus one."""
        self._adopt(session)
        if session.pending is None:
            return 0
        kb = self.kb
        screens = 0
        for screen in kb.red_flags.screens:
            if screen.ask_if and not any(clause_holds(c, session.evidence) for c in screen.ask_if):
                continue
            if any(f not in session.evidence and kb.findings[f].askable for f in screen.findings):
                screens += 1
        cap = session.max_questions if session.max_questions is not None else kb.settings.max_questions
        return max(1, min(cap - session.questions_asked, screens + 1))

    def final_result(self, session: Session) -> Result:
        """The result of a finished interview; InterviewInProgressError while a question waits."""
        res = self.result(session)
        if res.next_question is not None:
            raise InterviewInProgressError(res.next_question.id)
        return res

    def assess(
        self,
        age: object,
        sex: object,
        *,
        present: Iterable[str] = (),
        absent: Iterable[str] = (),
        unknown: Iterable[str] = (),
        answers: Mapping[str, str] | None = None,
        text: str | None = None,
    ) -> Result:
        """One-shot assessment from known answers, without an interview."""
        session = self.start(age, sex, text)
        merged: dict[str, str] = {}
        for ids, value in ((present, schemas.PRESENT), (absent, schemas.ABSENT), (unknown, UNKNOWN)):
            for fid in ids:
                merged[fid] = value
        merged.update(answers or {})
        self.given(session, merged)
        return self.result(session)

    def explain(
        self, age: object, sex: object, condition_id: str, answers: Mapping[str, str], limit: int = 10
    ) -> schemas.Explanation:
        """Why one condition ranks where it does for a set of answers (stored answer words)."""
        info = self.condition(condition_id)
        session = self.start(age, sex)
        self.given(session, answers)
        post = self._state(session).post
        index = next(i for i, c in enumerate(self.kb.conditions) if c.id == condition_id)
        log_prior = self.model.log_prior(session.age, session.sex)
        why = reasons(self.kb, self.model, log_prior, session.evidence, index, limit=limit)
        order = [int(i) for i in np.argsort(-post, kind="stable")]
        return schemas.Explanation(
            condition=info,
            probability=float(post[index]),
            rank=order.index(index) + 1,
            reasons=_public(why),
            answers=dict(session.evidence),
        )

    def from_options(self, answers: Mapping[str, str]) -> dict[str, str]:
        """Answers in a screen's words (`yes`, `no`, `dont_know`, option ids) as stored answer words."""
        out: dict[str, str] = {}
        for fid, raw in answers.items():
            finding = self.finding(fid)
            offered = [o.id for o in finding.options] if finding.options else [YES, NO]
            out[fid] = self._answer_value(fid, raw, [*offered, DONT_KNOW])
        return out

    def kb_info(self) -> schemas.KbInfo:
        return catalogue.kb_info(self.kb, ENGINE_VERSION)

    def conditions(self) -> list[schemas.ConditionInfo]:
        return [catalogue.condition(self.kb, c.id) for c in self.kb.conditions]

    def condition(self, condition_id: str, level: TriageLevel | None = None) -> schemas.ConditionInfo:
        """A condition as described to callers; with a person's level, never reassuring when it is urgent."""
        info = catalogue.condition(self.kb, condition_id)
        entry = self.kb.condition_index[condition_id]
        if level is not None and presentation.withholds_reassurance(entry, level):
            return info.model_copy(
                update={
                    "explanation": presentation.WITHHELD_EXPLANATION,
                    "advice": presentation.WITHHELD_ADVICE,
                }
            )
        return info

    def answer_lines(self, session: Session) -> list[schemas.AnswerLine]:
        """Every answer of an interview in words, in the order it was given."""
        lines = []
        for fid, value in session.evidence.items():
            finding = self.kb.findings[fid]
            words = {o.value: o.label for o in finding.options} | _ANSWER_WORDS
            lines.append(
                schemas.AnswerLine(
                    finding=fid,
                    question=finding.question,
                    label=finding.label,
                    value=value,
                    answer=words.get(value, value),
                    origin=session.origin.get(fid, "given"),
                )
            )
        return lines

    def rule(self, rule_id: str) -> schemas.RuleInfo:
        return catalogue.rule(self.kb, rule_id)

    def levels(self) -> list[schemas.LevelInfo]:
        """Every triage level's title and advice, most urgent first."""
        return catalogue.levels(self.kb)

    def emergency_signs(self) -> list[str]:
        """The warning signs that call for emergency care, one line each (shown when nothing can be saved)."""
        rules = [r for r in self.kb.red_flags.rules if r.level in presentation.EMERGENCY_LEVELS]
        kept = presentation.one_per_sign(rules, {r.id: presentation.rule_sign(r) for r in rules})
        return list(dict.fromkeys(r.sign for r in kept))

    def findings(self) -> list[schemas.FindingInfo]:
        return [catalogue.finding(self.kb, fid) for fid in self.kb.findings]

    def finding(self, finding_id: str) -> schemas.FindingInfo:
        return catalogue.finding(self.kb, finding_id)

    def used_findings(self) -> frozenset[str]:
        """Findings the engine uses: a likelihood that varies, or a red-flag rule reads it."""
        model = self.model
        used: set[str] = set()
        for fid in model.finding_ids:
            for value in model.values[fid]:
                col = model.column[(fid, value)]
                s, e = model.indptr[col], model.indptr[col + 1]
                if e > s and abs(model.log_ratio[s:e]).max() > 1e-12:
                    used.add(fid)
                    break
        for rule in self.kb.red_flags.rules:
            used.update(c.finding for c in [*rule.all, *rule.any, *rule.unless])
        return frozenset(used)

    # -- inside --------------------------------------------------------------------------

    def _posterior(self, session: Session) -> np.ndarray:
        return normalise(log_posterior(self.model, session.age, session.sex, session.evidence))

    def _state(self, session: Session) -> _State:
        """The posterior and the decision for the session as it is now, each worked out once."""

        def work_out() -> _State:
            post = self._posterior(session)
            post.flags.writeable = False
            return _State(post, self._decide(session, post))

        return self._states.get(self._state_key(session), work_out)

    @staticmethod
    def _state_key(session: Session) -> Hashable:
        """Everything the posterior and the decision read, in order (sums run in answer order)."""
        reading = session.reading
        return (
            session.age,
            session.sex,
            tuple(session.evidence.items()),
            session.questions_asked,
            session.max_questions,
            bool(reading is not None and reading.unrecognised),
            tuple(reading.proposed_screens) if reading is not None else (),
        )

    def _decide(self, session: Session, post: np.ndarray) -> Decision:
        unclear = bool(self._not_understood(session))
        return decide(
            self.kb,
            self.model,
            post,
            session.evidence,
            session.questions_asked,
            session.max_questions,
            unclear,
            prefer=tuple(session.reading.proposed_screens) if session.reading else (),
        )

    @staticmethod
    def _not_understood(session: Session) -> list[str]:
        """Sentences of the opening text that yielded nothing: listed, and they widen the screening."""
        return list(session.reading.unrecognised) if session.reading else []

    def _settle(self, session: Session) -> None:
        """After every change: one revision more, and the question the interview now waits for."""
        screen = self._state(session).decision.question
        session.pending = None if screen is None else screen.id
        session.revision += 1

    def _adopt(self, session: Session) -> None:
        """Carry an interview begun on another knowledge base over to this one, when it can be."""
        if session.kb_hash == self.kb.hash:
            return
        missing = [
            fid
            for fid, value in session.evidence.items()
            if fid not in self.kb.findings or value not in (*self.kb.findings[fid].values, UNKNOWN)
        ]
        if missing:
            raise KnowledgeBaseChangedError(session.kb_hash, self.kb.hash, sorted(missing))
        session.earlier_kb_hashes.append(session.kb_hash)
        session.kb_hash = self.kb.hash
        self._settle(session)

    def _check_answer(self, finding_id: str, value: str) -> None:
        finding = self.kb.findings.get(finding_id)
        if finding is None:
            raise UnknownFindingError(finding_id, difflib.get_close_matches(finding_id, self.kb.findings, 3))
        if value not in (*finding.values, UNKNOWN):
            raise UnknownValueError(finding_id, value, [*finding.values, UNKNOWN])

    @staticmethod
    def _answer_value(finding_id: str, raw: str, offered: list[str]) -> str:
        """A screen's option id as the stored answer word (`yes` -> `present`)."""
        if raw not in offered:
            raise UnknownValueError(finding_id, raw, offered)
        return schemas.answer_value(raw)

    def _imply(self, session: Session, finding_ids: list[str], origin: str) -> list[str]:
        """Record what the answers imply for findings not yet answered; returns those ids."""
        added: list[str] = []
        for fid in finding_ids:
            for other, value in implied(self.kb, fid, session.evidence[fid]).items():
                if other not in session.evidence:
                    session.evidence[other] = value
                    session.origin[other] = origin
                    added.append(other)
        return added

    def _question(self, screen: Screen, post: np.ndarray) -> schemas.Question:
        if screen.kind == "choice":
            options = [schemas.Option(id=v, label=label) for v, label in screen.options]
            options.append(schemas.Option(id=DONT_KNOW, label="Don't know"))
        else:
            options = list(_YES_NO_OPTIONS)
        items = (
            [schemas.Item(id=i.finding_id, text=i.text, requires=i.requires) for i in screen.items]
            if screen.kind == "group"
            else []
        )
        return schemas.Question(
            id=screen.id,
            type=screen.kind,
            text=screen.text,
            options=options,
            items=items,
            why=(_UNCLEAR_WHY if screen.unclear else _RED_FLAG_WHY) if screen.red_flag else self._why(post),
            red_flag=screen.red_flag,
        )

    def _why(self, post: np.ndarray) -> str:
        order = [int(i) for i in np.argsort(-post, kind="stable") if int(i) != self.model.catch_all]
        names = [self.kb.conditions[i].name for i in order[:2]]
        return f"The answer helps tell apart the causes that fit best so far, such as {' and '.join(names)}."
