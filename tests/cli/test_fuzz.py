"""`legweak parse` and `legweak assess` take any arguments: a result, or one line that says what to fix.

Arbitrary Unicode, huge, empty and malformed arguments go through the command's
own `main` (in process, as the installed script runs it). The exit code is 0 or
2 (bad input), never a traceback, and a refusal is one `legweak: error:` line
(or argparse's usage message for an argument it cannot read). The numbers of
inputs each property tried are in docs/reliability.md.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from legweak.cli import main
from legweak.cli.exits import EXIT_OK, EXIT_USAGE

FUZZ = settings(
    max_examples=80,
    deadline=timedelta(seconds=10),
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: Any argument the operating system can pass: no NUL, no lone surrogates.
ARG = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=80)
REAL = ["back_pain", "fever", "weakness_one_side", "numbness"]
IDS = st.sampled_from(["onset", "back_pain", "weakness_one_side", "fever", "sudden"]) | ARG


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Three draws in four from `good`: junk in one argument should not hide the paths behind it."""
    return st.integers(min_value=0, max_value=3).flatmap(lambda k: bad if k == 0 else good)


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses what it cannot read, with its usage message
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert code in (EXIT_OK, EXIT_USAGE), (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    if code == EXIT_USAGE:
        assert err.startswith("legweak: error:") or err.startswith("usage:"), err
        assert err.strip().splitlines()[-1].strip()
    return code, out, err


@settings(FUZZ, max_examples=60)
@given(text=ARG | st.text(max_size=6000).filter(lambda t: "\x00" not in t))
def test_parse_reads_any_text_or_says_why_not(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code, out, _ = run(capsys, ["parse", "--json", "--", text])
    event(f"exit {code}")
    if code == EXIT_OK:
        assert isinstance(json.loads(out)["findings"], list)


@FUZZ
@given(
    age=mostly(st.integers(16, 120).map(str), st.integers(-1000, 1000).map(str) | ARG),
    sex=mostly(st.sampled_from(["female", "male"]), ARG),
    text=mostly(st.none(), ARG),
    present=mostly(st.lists(st.sampled_from(REAL), max_size=3), st.lists(IDS, max_size=3)),
    answer=mostly(st.just(["onset=sudden"]), st.lists(st.tuples(IDS, IDS).map("=".join) | ARG, max_size=2)),
)
def test_assess_answers_any_arguments_or_says_why_not(
    capsys: pytest.CaptureFixture[str],
    age: str,
    sex: str,
    text: str | None,
    present: list[str],
    answer: list[str],
) -> None:
    argv = ["assess", "--json", f"--age={age}", f"--sex={sex}"]
    if text is not None:
        argv.append(f"--text={text}")
    if present:
        argv += ["--present", *present]
    for a in answer:
        argv.append(f"--answer={a}")
    code, out, _ = run(capsys, argv)
    event(f"exit {code}")
    if code == EXIT_OK:
        assert json.loads(out)["triage"]["level"]


def test_huge_text_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, ["parse", "weak " * 20_000])
    assert code == EXIT_USAGE and "limit is 5000" in err


def test_empty_text_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, ["parse", "  "])
    assert code == EXIT_USAGE and "empty" in err
