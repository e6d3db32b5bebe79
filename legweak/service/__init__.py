"""The one core API every adapter uses (moved from legweak/service.py)."""

from legweak.service.checker import *  # noqa: F403
from legweak.service.checker import (  # noqa: F401
    EXPLAINED,
    MAX_AGE,
    MIN_AGE,
    MIN_CONFIDENCE,
    RANKED,
    Result,
    Session,
    answer,
    assess,
    back,
    check_age,
    check_answer,
    check_sex,
    given,
    model_for,
    next_decision,
    next_question,
    question_dict,
    result,
    start,
)
