"""schemathesis against the OpenAPI schema: no 5xx, and every response is what the schema says.

Every operation gets a bounded number of generated requests, valid and invalid
(in-process ASGI over the real checker and a fresh SQLite store, with a rate
limit high enough not to get in the way). The number each operation tried is in
docs/reliability.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from legweak.api import create_app
from legweak.config import RateLimit, Settings
from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker
from legweak.storage import InterviewStore
from tests.api.conftest import sqlite_store

EXAMPLES_PER_OPERATION = 20
# Every other built-in check runs: no 5xx, status codes, content types, headers and bodies as
# declared, and schema-invalid requests refused. Left out: "every schema-valid request is
# accepted". The schema cannot say all the service checks (that a text is readable words, that
# a finding or an interview exists, what a FHIR Parameters resource holds), so a valid-looking
# request may rightly get a 4xx problem; those are held to the schema like any other response.


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InterviewStore]:
    store = sqlite_store(tmp_path_factory)
    yield store
    store.close()


@pytest.fixture(scope="module")
def app(kb: KnowledgeBase, store: InterviewStore) -> FastAPI:
    checker = Checker(kb, Settings(rate_limit=RateLimit(1_000_000, 3600)))
    checker.prepare()
    return create_app(checker, store, prepare=False)


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


#: Every operation of the API; a test below keeps this list equal to the schema's.
OPERATIONS = [
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("POST", "/v1/interviews"),
    ("GET", "/v1/interviews/{interview_id}"),
    ("DELETE", "/v1/interviews/{interview_id}"),
    ("POST", "/v1/interviews/{interview_id}/answers"),
    ("POST", "/v1/interviews/{interview_id}/back"),
    ("GET", "/v1/interviews/{interview_id}/result"),
    ("GET", "/v1/interviews/{interview_id}/fhir"),
    ("POST", "/v1/parse"),
    ("POST", "/v1/assess"),
    ("POST", "/v1/explain"),
    ("GET", "/v1/kb"),
    ("GET", "/v1/kb/conditions"),
    ("GET", "/v1/kb/conditions/{condition_id}"),
    ("GET", "/v1/kb/findings"),
    ("GET", "/v1/kb/findings/{finding_id}"),
    ("GET", "/v1/fhir/Questionnaire"),
    ("POST", "/v1/fhir/Questionnaire/$next-question"),
]


def test_the_list_is_every_operation_of_the_schema(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    assert sorted(OPERATIONS) == sorted((m.upper(), p) for p, ops in paths.items() for m in ops)


@pytest.fixture
def real_ids(app: FastAPI, store: InterviewStore) -> list[str]:
    """Fresh stored interviews (a DELETE run removes them), so interview routes meet real ids too."""
    checker: Checker = app.state.checker
    ids = []
    for text in (None, "my legs gave way this morning", "weak left leg for two weeks, no back pain"):
        session = checker.start(54, "female", text)
        ids.append(store.create(session, checker.kb_version, checker.result(session)))
    return ids


#: Operations that take a body: schema-invalid bodies are sent to these as well.
WITH_BODY = [(m, p) for m, p in OPERATIONS if m == "POST" and not p.endswith("/back")]
CASES = [(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS] + [
    (m, p, GenerationMode.NEGATIVE) for m, p in WITH_BODY
]


@pytest.mark.parametrize("method, path, mode", CASES)
def test_every_operation_answers_as_its_schema_says(
    app: FastAPI,
    api_schema: schemathesis.BaseSchema,
    real_ids: list[str],
    method: str,
    path: str,
    mode: GenerationMode,
) -> None:
    operation = api_schema[path][method]
    checker: Checker = app.state.checker
    real = {
        "interview_id": real_ids,
        "condition_id": [c.id for c in checker.conditions()][:5],
        "finding_id": [f.id for f in checker.findings()][:5],
    }

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=timedelta(seconds=10),
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(case=operation.as_strategy(generation_mode=mode), pick=st.integers(min_value=-1, max_value=4))
    def check(case: schemathesis.Case, pick: int) -> None:
        """With `pick` >= 0, a path id is swapped for one that exists."""
        params = dict(case.path_parameters or {})
        for name in params:
            if name in real and pick >= 0:
                params[name] = real[name][pick % len(real[name])]
        case.path_parameters = params
        sent.append(case.call_and_validate(excluded_checks=[positive_data_acceptance]).status_code)

    sent: list[int] = []
    check()
    # The count for docs/reliability.md (`pytest -s` prints it): an operation without
    # parameters has few distinct requests, and Hypothesis stops when it has tried them all.
    statuses = ", ".join(f"{code}: {sent.count(code)}" for code in sorted(set(sent)))
    print(f"\nschemathesis {method} {path} {mode.value}: {len(sent)} requests ({statuses})")
    assert sent and all(code < 500 for code in sent)
