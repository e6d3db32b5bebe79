"""The `legweak` command: exit codes, JSON shapes, plain output and the interview."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from legweak import __version__
from legweak.cli import main
from legweak.kb.loader import KnowledgeBase

ROOT = Path(__file__).parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_package_and_knowledge_base(
    capsys: pytest.CaptureFixture[str], kb: KnowledgeBase
) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert __version__ in out and kb.version in out and kb.hash in out


def test_assess_json_has_the_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "assess", "--age", "54", "--sex", "female", "--answer", "onset=sudden", "--json"
    )
    assert code == 0
    res = json.loads(out)
    assert res["triage"]["level"] in {
        "emergency_ambulance",
        "emergency",
        "consultation_24",
        "consultation",
        "self_care",
    }
    assert {"red_flags", "watch_for", "conditions", "next_question", "kb_version", "kb_hash"} <= set(res)
    top = res["conditions"][0]
    assert {"id", "name", "icd10", "probability", "reasons"} <= set(top)
    assert 0 <= top["probability"] <= 1


def test_assess_with_an_emergency_sign_says_so(capsys: pytest.CaptureFixture[str], kb: KnowledgeBase) -> None:
    rule = next(
        r for r in kb.red_flags.rules if r.level == "emergency_ambulance" and not any(c.absent for c in r.all)
    )
    clauses = [*rule.all, *rule.any[:1]]
    present = [c.finding for c in clauses if c.value is None]
    answers = [f"{c.finding}={c.value[0]}" for c in clauses if c.value]
    args = ["assess", "--age", "70", "--sex", "male", "--json"]
    if present:
        args += ["--present", *present]
    for a in answers:
        args += ["--answer", a]
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert json.loads(out)["triage"]["level"] == "emergency_ambulance"


@pytest.mark.parametrize(
    "args, message",
    [
        (["assess", "--age", "54", "--sex", "female", "--present", "no_such_finding"], "unknown finding"),
        (["assess", "--age", "54", "--sex", "female", "--answer", "onset=yesterday"], "not an answer"),
        (["assess", "--age", "54", "--sex", "female", "--answer", "onset"], "ID=VALUE"),
        (["assess", "--age", "130", "--sex", "female"], "between 16 and 120"),
        (["assess", "--age", "12", "--sex", "female"], "16 and over"),
        (["assess", "--age", "40", "--sex", "robot"], "female"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err


def test_kb_list_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "list", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"kb_version", "kb_hash", "conditions", "findings"}
    assert set(data["conditions"][0]) == {"id", "name", "icd10", "category"}
    assert set(data["findings"][0]) == {"id", "question", "hpo", "type", "options"}


def test_kb_show_and_lint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "show", "stroke")
    assert code == 0 and json.loads(out)["kind"] == "condition"
    code, _, err = run(capsys, "kb", "show", "nothing_here")
    assert code == 2 and "no condition" in err
    code, out, _ = run(capsys, "kb", "lint")
    assert code == 0 and "0 errors" in out


def test_kb_rules_prints_a_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "rules", "--markdown")
    assert code == 0 and out.startswith("| rule |")


def interview(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "legweak", "check", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_check_runs_a_whole_interview_in_plain_text() -> None:
    answers = "\n".join(["?"] * 200)  # "don't know" works for yes/no and choice questions
    proc = interview(answers, "--age", "45", "--sex", "female", "--text", "my legs feel weak and tired")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "\x1b[" not in out  # no colour codes when not a terminal
    advice = out.index("***")
    causes = out.index("Causes that fit")
    disclaimer = out.index("not a diagnosis", causes)
    assert advice < causes < disclaimer


def test_check_back_changes_the_last_answer() -> None:
    proc = interview("back\n" + "?\n" * 200, "--age", "45", "--sex", "male", "--text", "weak legs")
    assert proc.returncode == 0, proc.stderr
    assert "no earlier question" in proc.stdout


def test_check_refuses_a_child_with_help() -> None:
    proc = interview("", "--age", "11", "--sex", "male", "--text", "weak legs")
    assert proc.returncode == 2
    assert "child" in proc.stderr


def test_check_leaves_cleanly_at_end_of_input() -> None:
    proc = interview("", "--age", "45", "--sex", "male", "--text", "weak legs")
    assert proc.returncode == 130
    assert "Traceback" not in proc.stderr


def test_parse_json_shows_measured_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "parse", "Weak legs. K+ 7.2, HR 44 irregular, BP 88/50, sats 88% on air.", "--json"
    )
    assert code == 0
    found = {f["id"]: (f["value"], f["text"]) for f in json.loads(out)["findings"]}
    assert found["potassium_level"] == ("very_high", "K+ 7.2")
    assert found["heart_rate"] == ("slow", "HR 44")
    assert found["blood_pressure"] == ("low", "BP 88/50")
    assert found["oxygen_saturation"] == ("very_low", "sats 88%")
