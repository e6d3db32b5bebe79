"""`legweak export ID`: a stored interview as the API serves it, as FHIR or as legweak's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from legweak.cli import main
from legweak.service import Checker
from legweak.storage import InterviewStore


@pytest.fixture
def stored(tmp_path: Path, checker: Checker) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / 'interviews.sqlite3'}"
    store = InterviewStore.open(url)
    store.migrate()
    session = checker.start(58, "male", "Both my legs have got weaker over a few weeks.")
    interview_id = store.create(session, checker.kb_version, checker.result(session))
    store.close()
    return url, interview_id


def test_export_writes_a_valid_fhir_bundle_to_standard_output(
    stored: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, interview_id = stored
    assert main(["export", interview_id, "--database-url", url]) == 0
    data = json.loads(capsys.readouterr().out)
    Bundle.parse_obj(data)
    assert any(e["resource"]["resourceType"] == "RiskAssessment" for e in data["entry"])


def test_export_writes_the_result_json_to_a_file(stored: tuple[str, str], tmp_path: Path) -> None:
    url, interview_id = stored
    out = tmp_path / "result.json"
    assert main(["export", interview_id, "--format", "json", "-o", str(out), "--database-url", url]) == 0
    result = json.loads(out.read_text())
    assert result["triage"]["level"] and result["kb_hash"]


def test_export_of_an_unknown_interview_exits_2_with_a_message(
    stored: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = stored
    assert main(["export", "AAAAAAAAAAAAAAAAAAAAAA", "--database-url", url]) == 2
    assert capsys.readouterr().err.strip()
