"""Stateless routes: nothing is stored, the same body always gives the same reply."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field, StrictInt

from legweak.api.access import API_KEY
from legweak.api.deps import CheckerDep
from legweak.api.models import AGE_SCHEMA, SEX_SCHEMA, TEXT_SCHEMA, Body
from legweak.api.problems import RESPONSES
from legweak.service import Reading, Result
from legweak.service.schemas import Explanation

router = APIRouter(prefix="/v1", tags=["stateless"], responses=RESPONSES, dependencies=[API_KEY])

ANSWERS = "finding id -> `yes`, `no`, `dont_know`, or a choice's option id (see /v1/kb/findings)."


class ParseBody(Body):
    text: str = Field(
        description="Free text, at most 5,000 characters.",
        json_schema_extra={"minLength": 1, "maxLength": 5000, "pattern": r"\S"},
    )


class AssessBody(Body):
    age: StrictInt = Field(json_schema_extra=AGE_SCHEMA)
    sex: str = Field(json_schema_extra=SEX_SCHEMA)
    text: str | None = Field(default=None, json_schema_extra=TEXT_SCHEMA)
    answers: dict[str, str] = Field(default_factory=dict, description=ANSWERS)


class ExplainBody(AssessBody):
    condition: str = Field(description="A condition id (see /v1/kb/conditions).")


@router.post("/parse", summary="What the parser reads in a text")
async def parse(body: ParseBody, checker: CheckerDep) -> Reading:
    """The reading an interview keeps for this opening text, screens proposed for what was not understood."""
    return checker.read_opening(body.text)


@router.post("/assess", summary="A result from known answers, with the next question worth asking")
async def assess(body: AssessBody, checker: CheckerDep) -> Result:
    return checker.assess(body.age, body.sex, text=body.text, answers=checker.from_options(body.answers))


@router.post("/explain", summary="One condition's reasons for a set of answers")
async def explain(body: ExplainBody, checker: CheckerDep) -> Explanation:
    answers = checker.from_options(body.answers)
    return checker.explain(body.age, body.sex, body.condition, answers)
