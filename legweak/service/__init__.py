"""The one core API every adapter uses: a `Checker` over plain-data `Session`s.

    >>> from legweak.service import Checker
    >>> checker = Checker.from_settings(Settings.from_env())
    >>> session = checker.start(54, "female", "My left leg went weak this morning")
    >>> question = checker.next_question(session)
    >>> checker.answer(session, question.id, {question.finding_ids[0]: "no"})
    >>> checker.result(session).to_dict()

`schemas` holds the one JSON shape (Result, Question, Triage, Reading) that every
adapter shows; `Session.to_dict`/`from_dict` store and restore an interview.
"""

from legweak.service.checker import (
    ENGINE_VERSION,
    MAX_AGE,
    MIN_AGE,
    MIN_CONFIDENCE,
    Checker,
    check_age,
    check_sex,
)
from legweak.service.schemas import (
    ABSENT,
    DONT_KNOW,
    NO,
    PRESENT,
    UNKNOWN,
    YES,
    Question,
    Reading,
    Result,
    answer_value,
    option_id,
)
from legweak.service.session import SESSION_FORMAT, Session

__all__ = [
    "ABSENT",
    "DONT_KNOW",
    "ENGINE_VERSION",
    "MAX_AGE",
    "MIN_AGE",
    "MIN_CONFIDENCE",
    "NO",
    "PRESENT",
    "SESSION_FORMAT",
    "UNKNOWN",
    "YES",
    "Checker",
    "Question",
    "Reading",
    "Result",
    "Session",
    "answer_value",
    "check_age",
    "check_sex",
    "option_id",
]
