"""`legweak eval`: the protocol, the scores, the report shapes and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from legweak.cli import main
from legweak.errors import VignetteFileError
from legweak.evaluation import run
from legweak.evaluation.scoring import code_matches, is_emergent, verdict
from legweak.evaluation.vignettes import load_vignettes
from legweak.service import Checker

EXAMPLE = Path(__file__).parents[2] / "docs" / "example-vignettes.yaml"

CASE = {
    "id": "t-1",
    "age": 70,
    "sex": "male",
    "complaint": "My right leg and arm went weak suddenly twenty minutes ago and my speech is slurred.",
    "facts": ["I have no back pain.", "I take tablets for blood pressure."],
    "expected": {"conditions": ["I63"], "triage": ["emergency_ambulance"]},
}


def write(tmp_path: Path, vignettes: list[dict[str, object]], version: object = 1) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump({"version": version, "vignettes": vignettes}))
    return path


def test_code_matching_is_prefix_both_ways() -> None:
    assert code_matches("G62.9", "G62")
    assert code_matches("G62", "G62.9")
    assert not code_matches("G61.0", "G62")


def test_verdicts() -> None:
    assert verdict("emergency", ["emergency", "emergency_ambulance"]) == "correct"
    assert verdict("consultation", ["emergency"]) == "under"
    assert verdict("emergency", ["self_care"]) == "over"
    assert is_emergent(["emergency", "consultation_24"])
    assert not is_emergent(["consultation_24", "consultation"])


def test_a_clear_stroke_is_found_and_sent_by_ambulance(tmp_path: Path, checker: Checker) -> None:
    report = run(write(tmp_path, [CASE]), checker)
    case = report.cases[0].to_dict()
    assert case["triage"] == "emergency_ambulance"
    assert case["triage_verdict"] == "correct"
    assert case["hit_rank"] == 1
    assert len(case["ranked"]) == 5


def test_report_json_has_the_format_md_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(EXAMPLE), "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    keys = {
        "file",
        "n",
        "top1",
        "top3",
        "top5",
        "triage_accuracy",
        "under_triage",
        "over_triage",
        "emergent_n",
        "emergent_under_triaged",
        "questions_mean",
        "questions_max",
        "parse_coverage",
        "cases",
    }
    assert keys <= set(data)
    assert data["n"] == len(data["cases"])
    assert {
        "id",
        "expected",
        "triage",
        "triage_verdict",
        "hit_rank",
        "ranked",
        "questions",
        "unparsed_facts",
    } <= set(data["cases"][0])
    for key in ("top1", "top3", "top5", "triage_accuracy", "parse_coverage"):
        assert 0 <= data[key] <= 1
    assert err == ""  # no progress bar with --json


def test_results_are_deterministic(checker: Checker) -> None:
    first = run(EXAMPLE, checker).to_dict()
    second = run(EXAMPLE, checker).to_dict()
    assert first == second


def test_table_lists_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(EXAMPLE)]) == 0
    out, _ = capsys.readouterr()
    assert "top-3 accuracy" in out and "parse coverage" in out


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda c: c.pop("complaint"), "complaint"),
        (lambda c: c.update(sex="x"), "sex"),
        (lambda c: c.update(age=12), "age"),
        (lambda c: c["expected"].update(triage=["soon"]), "expected.triage"),
        (lambda c: c.update(extra="?"), "extra"),
    ],
)
def test_a_malformed_file_names_the_vignette_and_field(tmp_path: Path, change: object, where: str) -> None:
    case = json.loads(json.dumps(CASE))
    change(case)  # type: ignore[operator]
    path = write(tmp_path, [case])
    with pytest.raises(VignetteFileError) as err:
        load_vignettes(path)
    assert "t-1" in str(err.value) and where in str(err.value)


def test_malformed_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, [CASE], version=7)
    assert main(["eval", str(path)]) == 2
    assert "version" in capsys.readouterr().err


def test_fail_on_under_triage_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    benign = dict(CASE, complaint="My legs feel a bit tired after a long walk yesterday.", facts=[])
    benign["expected"] = {"conditions": ["I63"], "triage": ["emergency_ambulance"]}
    path = write(tmp_path, [benign])
    assert main(["eval", str(path), "--json"]) == 0
    assert main(["eval", str(path), "--json", "--fail-on-under-triage"]) == 1
    capsys.readouterr()


def test_a_case_outside_the_list_is_a_hit_at_the_rank_of_the_catch_all(
    tmp_path: Path, checker: Checker
) -> None:
    """FORMAT.md: `conditions: [other]` is answered by the catch-all, wherever it ranks."""
    case = {**CASE, "id": "t-other", "expected": {"conditions": ["other"], "triage": ["emergency_ambulance"]}}
    report = run(write(tmp_path, [case]), checker)
    scored = report.cases[0]
    ranked = [c.id for c in scored.played.result.conditions]
    assert scored.hit_rank == ranked.index("other") + 1
    assert scored.hit_rank > 1  # a clear stroke is not "another cause"


def test_other_must_stand_alone(tmp_path: Path) -> None:
    case = {**CASE, "expected": {"conditions": ["other", "I63"], "triage": ["emergency_ambulance"]}}
    with pytest.raises(VignetteFileError, match="stands alone"):
        load_vignettes(write(tmp_path, [case]))
