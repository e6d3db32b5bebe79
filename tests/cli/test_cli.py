"""The `legweak` command: exit codes, JSON shapes, plain output and the interview."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from legweak import __version__
from legweak.cli import main
from legweak.cli.terminal import ask, read_age, read_sex, show_result, yes_no_word
from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker, Question, Result
from legweak.service.schemas import Item

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


def test_kb_lint_checks_a_conditions_table_when_given_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    table = tmp_path / "CONDITIONS.md"
    table.write_text("| condition | ICD-10-CM |\n|---|---|\n| Stroke | I63 |\n| Unknown | Z99.89 |\n")
    code, out, _ = run(capsys, "kb", "lint", "--conditions", str(table))
    assert code == 1 and "CONDITIONS.md:Unknown: Z99.89 is carried by no condition" in out


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


# -- answers people type, and a result that reads right -------------------------------------


@pytest.mark.parametrize("typed, age", [("54", 54), ("25 years", 25), ("25 yrs", 25), ("I'm 25", 25)])
def test_an_age_is_read_with_its_unit(typed: str, age: int) -> None:
    assert read_age(typed) == age


@pytest.mark.parametrize("typed", ["", "twenty", "25 or 26", "25.5"])
def test_an_unclear_age_is_asked_again(typed: str) -> None:
    assert read_age(typed) is None


@pytest.mark.parametrize(
    "typed, sex",
    [
        ("f", "female"),
        ("m", "male"),
        ("Female", "female"),
        ("hes a man", "male"),
        ("he's a man", "male"),
        ("she's a woman", "female"),
        ("she’s a woman", "female"),
        ("robot", None),
        ("male or female", None),
    ],
)
def test_a_sex_is_read_from_everyday_words(typed: str, sex: str | None) -> None:
    assert read_sex(typed) == sex


@pytest.mark.parametrize(
    "typed, answer",
    [("nope", "no"), ("nah", "no"), ("No.", "no"), ("yep", "yes"), ("Yeah!", "yes"), ("dunno", "dont_know")],
)
def test_everyday_yes_and_no_are_answers(typed: str, answer: str) -> None:
    assert yes_no_word(typed) == answer


def test_a_follow_up_of_a_no_is_skipped_at_the_prompt() -> None:
    question = Question(
        id="screen:back",
        type="group",
        text="Back pain warning signs",
        options=[],
        items=[
            Item(id="back_pain", text="Do you have back pain?"),
            Item(id="back_pain_night", text="Is it worse at night?", requires="back_pain"),
            Item(id="fever", text="Do you have a fever?"),
        ],
        why="",
        red_flag=True,
    )
    typed = iter(["nope", "yes"])
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    answers = ask(Console(file=io.StringIO()), question, read)
    assert answers == {"back_pain": "no", "fever": "yes"}
    assert not any("night" in p for p in prompts)


def render(res: Result) -> str:
    buffer = io.StringIO()
    show_result(Console(file=buffer, no_color=True, width=200), res)
    return buffer.getvalue()


def test_no_heading_is_printed_over_nothing(checker: Checker) -> None:
    res = checker.assess(50, "male", present=["chest_pain"], absent=["speech_difficulty"])
    assert all(f.id in {a.id for a in res.advice_first} for f in res.red_flags)
    lines = render(res).splitlines()
    for n, line in enumerate(lines):
        if line.endswith(":") and not line.startswith(" "):
            assert n + 1 < len(lines) and lines[n + 1].startswith(("  ", "1.")), line
    assert "Warning signs in your answers:" not in lines


def test_the_terminal_result_shows_reasons_in_words_and_what_was_not_understood(checker: Checker) -> None:
    res = checker.assess(30, "male", text="My legs are weak after a long run. The cat is called Bob.")
    out = render(res)
    assert "weight" not in out and "+" not in out.split("Causes that fit")[1]
    assert "makes this more likely" in out or "makes this less likely" in out
    assert '"The cat is called Bob."' in out and "say it another way" in out
    assert out.index("not understand") < out.index("Causes that fit")


def test_check_accepts_everyday_answers_at_the_prompts() -> None:
    # "dunno" answers a yes/no question and a choice alike.
    answers = "\n".join(["25 yrs", "hes a man", "my legs feel weak and tired", *(["dunno"] * 200)])
    proc = interview(answers)
    assert proc.returncode == 0, proc.stderr
    assert "Please type your age" not in proc.stdout
    assert "Please type female or male" not in proc.stdout
    assert "Please answer yes, no" not in proc.stdout
    assert "Causes that fit" in proc.stdout


def test_settings_never_prints_keys(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEGWEAK_API_KEYS", "key-one,key-two")
    monkeypatch.setenv("LEGWEAK_SECRET_KEY", "very-secret")
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "settings")
    assert code == 0 and "LEGWEAK_API_KEYS" in out and "(set)" in out
    assert "key-one" not in out and "very-secret" not in out
