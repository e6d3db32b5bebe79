"""Request bodies and the interview state: the API's own shapes around the service's schemas.

Questions and results are the service's models (legweak/service/schemas.py), so
the API shows exactly what `legweak assess --json` prints. The state carries
nothing time-relative: reading it twice gives the same JSON.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator
from pydantic.config import JsonDict

from legweak.kb.schema import TriageLevel
from legweak.service import Question


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: What the schema says of an age and a sex. The checker enforces both with messages of its own
#: (an under-age person is told where a child gets help), so pydantic only checks the types.
AGE_SCHEMA: JsonDict = {"minimum": 16, "maximum": 120}
SEX_SCHEMA: JsonDict = {"enum": ["female", "male"]}
TEXT_SCHEMA: JsonDict = {"maxLength": 5000}


class NewInterview(Body):
    age: StrictInt = Field(
        description="Age in whole years; legweak is for people aged 16 and over.",
        json_schema_extra=AGE_SCHEMA,
    )
    sex: str = Field(description="`female` or `male`.", json_schema_extra=SEX_SCHEMA)
    text: str | None = Field(
        default=None,
        description="The problem in the person's own words (at most 5,000 characters).",
        json_schema_extra=TEXT_SCHEMA,
    )


class AnswerBody(Body):
    question_id: str = Field(description="The `id` of the question being answered.")
    answer: str | None = Field(default=None, description="An option id, for a yes_no or choice question.")
    answers: dict[str, str] | None = Field(
        default=None,
        description="For a group: item id -> `yes`, `no` or `dont_know`; an item left out is `dont_know`.",
    )

    @model_validator(mode="after")
    def _one_of(self) -> AnswerBody:
        if (self.answer is None) == (self.answers is None):
            raise ValueError("send either 'answer' (a yes_no or choice question) or 'answers' (a group)")
        return self


class TriageBrief(Body):
    level: TriageLevel
    advice: str


class Progress(Body):
    asked: int
    estimated_remaining: int


class InterviewState(Body):
    id: str
    status: Literal["in_progress", "done"]
    question: Question | None
    #: Known once the interview is done (at once when the text holds an emergency warning sign).
    triage: TriageBrief | None
    progress: Progress
    not_understood: list[str]
    disclaimer: str


class Health(Body):
    status: Literal["ok"]


class Ready(Body):
    status: Literal["ready"]
    kb_version: str
    kb_hash: str
    engine_version: str
