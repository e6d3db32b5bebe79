"""docs/fhir.md shows what the code gives: its $next-question example is replayed here."""

from __future__ import annotations

import json
import re
from pathlib import Path

from legweak.fhir import next_question
from legweak.service import Checker

DOC = Path(__file__).parents[2] / "docs" / "fhir.md"


def _example(name: str) -> object:
    match = re.search(rf"<!-- example: {name} -->\s*```json\n(.*?)\n```", DOC.read_text(), re.S)
    assert match, f"docs/fhir.md has no example named {name!r}"
    return json.loads(match.group(1))


def test_the_documented_exchange_is_what_the_code_returns(checker: Checker) -> None:
    request = _example("request")
    assert isinstance(request, dict)
    assert next_question(checker, request) == _example("response")
