"""Helpers for the FHIR tests: R4B validation of every resource, and a scripted respondent."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from legweak.service import Checker

#: What the scripted respondent answers, in turn, to yes/no and choice questions.
SCRIPT = ("yes", "no", "dont_know")


def validate(resource: dict[str, Any]) -> None:
    """Validate a resource, and each resource it contains or bundles, with fhir.resources' R4B models."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    for inner in resource.get("contained", []):
        validate(inner)
    for entry in resource.get("entry", []):
        validate(entry["resource"])
    for part in resource.get("parameter", []):
        if "resource" in part:
            validate(part["resource"])


def parameters(response: dict[str, Any]) -> dict[str, Any]:
    """The $next-question input: a Parameters with one questionnaire-response part."""
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": "questionnaire-response", "resource": response}],
    }


def opening(age: int = 54, sex: str = "female", text: str | None = None) -> dict[str, Any]:
    """A response that answers the opening items, as a form filler sends it back."""
    items: list[dict[str, Any]] = [
        {"linkId": "age", "answer": [{"valueInteger": age}]},
        {
            "linkId": "sex",
            "answer": [{"valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": sex}}],
        },
    ]
    if text is not None:
        items.append({"linkId": "complaint", "answer": [{"valueString": text}]})
    return {"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": items}


def fill_last(response: dict[str, Any], words: Iterator[str]) -> None:
    """Answer the question just appended, as a person would in a form filler (choices: first option)."""
    asked = response["contained"][0]["item"][-1]
    slot = next(i for i in response["item"] if i["linkId"] == asked["linkId"])
    questions = (
        [i for i in asked.get("item", []) if i["type"] != "display"] if asked["type"] == "group" else [asked]
    )
    filled = []
    for question in questions:
        codes = [o["valueCoding"] for o in question["answerOption"]]
        word = next(words)
        if word in {c["code"] for c in codes}:
            coding = next(c for c in codes if c["code"] == word)
        else:
            coding = codes[0] if word == "yes" else codes[-1]  # a choice: its first option, or don't know
        filled.append({"linkId": question["linkId"], "answer": [{"valueCoding": coding}]})
    if asked["type"] == "group":
        slot["item"] = filled
    else:
        slot["answer"] = filled[0]["answer"]


def script() -> Iterator[str]:
    return itertools.cycle(SCRIPT)


def run_to_end(
    checker: Checker, response: dict[str, Any], words: Iterator[str] | None = None, limit: int = 60
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Drive $next-question to completion; returns the completed response and every response on the way."""
    from legweak.fhir import next_question

    words = words or script()
    seen = []
    response = next_question(checker, parameters(response))
    seen.append(response)
    for _ in range(limit):
        if response["status"] == "completed":
            return response, seen
        fill_last(response, words)
        response = next_question(checker, parameters(response))
        seen.append(response)
    raise AssertionError(f"no end after {limit} questions")
