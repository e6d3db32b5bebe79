"""A small lexicon of our own, so the parser's mechanism is tested apart from findings.yaml.

The knowledge base here has only what the parser reads: `findings`, `context`
(the real context.yaml, which the parsing package owns), `measurements` (the
real measurements.yaml) and `hash`.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from legweak.kb.lexicon import ContextRules
from legweak.kb.loader import data_dir
from legweak.kb.schema import Finding, Measurements
from legweak.parsing import ParseResult, parse


def binary(fid: str, synonyms: list[str], absent: list[str] | None = None, **extra: Any) -> Finding:
    return Finding(
        id=fid,
        type="binary",
        question=f"Do you have {fid}?",
        label=fid.replace("_", " "),
        synonyms=synonyms,
        absent_synonyms=absent or [],
        background={"p": 0.1, "basis": "clinical judgement"},
        **extra,
    )


def choice(fid: str, options: dict[str, list[str]]) -> Finding:
    share = 1 / len(options)
    return Finding(
        id=fid,
        type="categorical",
        question=f"What is the {fid}?",
        label=fid,
        options=[{"value": v, "label": v, "synonyms": s} for v, s in options.items()],
        background={"dist": dict.fromkeys(options, share), "basis": "clinical judgement"},
    )


def context_rules() -> ContextRules:
    raw = yaml.safe_load(Path(data_dir(), "context.yaml").read_text())
    return ContextRules.model_validate(raw)


def fixture_findings() -> list[Finding]:
    return [
        binary("leg_weakness", ["leg ... weak", "weak ... leg", "leg ... give way", "leg weakness",
                                "weakness in ... leg"]),
        binary("arm_weakness", ["arm ... weak", "weak ... arm", "arm weakness"]),
        binary("numbness", ["numb", "numbness", "pins and needles"]),
        binary("tingling", ["tingling", "tingly"]),
        binary("fever", ["fever", "high temperature", "feverish"]),
        binary("recent_infection", ["flu", "a cold", "tummy bug", "chest infection"]),
        binary("back_pain", ["back pain", "pain in ... back", "back ... hurts", "back ache"]),
        binary("chest_pain", ["chest pain"]),
        binary("diabetes", ["diabetes", "diabetic"]),
        binary("bladder_problem", ["bladder", "can't pee", "trouble passing urine"],
               absent=["bladder ... normal", "bladder ... fine"]),
        binary("bowel_problem", ["bowels", "bowel"], absent=["bowels ... normal"]),
        binary("exertional_calf_pain", ["walk ... calf ... cramp", "calf ... cramp"]),
        binary("difficulty_walking", ["difficulty walking", "can't walk", "trouble walking"],
               absent=["walk normally", "walking normally"]),
        binary("cannot_stand", ["can't stand", "cannot stand", "unable to stand"]),
        binary("reduced_reflexes", ["reduced ... reflexes", "absent ... reflexes", "reflexes ... reduced"]),
        binary("slurred_speech", ["slurred", "speech ... slurred", "slurring"]),
        binary("family_history", ["runs in the family", "family history of"]),
        binary("previous_stroke", ["had a stroke", "previous stroke"]),
        binary("headache", ["headache"]),
        binary("cancer", ["cancer"], past=True),
        binary("low_blood_sugar", ["hypo", "low sugar"]),
        binary("alcohol_heavy", ["heavy drinker"], past=True),
        binary("statin", ["statin", "atorvastatin"], past=True),
        binary("insulin", ["insulin"], past=True),
        binary("medicines", ["medicines", "medication"], covers=["statin", "insulin"], past=True),
        binary("family_history_muscle", ["weak muscles in the family"], family="family_history_muscle"),
        binary("muscle_wasting", ["wasting", "thin muscles"], family="family_history_muscle"),
        choice("onset", {
            "sudden": ["suddenly", "all of a sudden", "out of the blue"],
            "hours": [], "days": ["gradually over days"], "weeks": [], "months": [],
        }),
        choice("duration", {"under_2_days": [], "days": [], "weeks": [], "months": []}),
        choice("side", {"one_leg": [], "both_legs": []}),
        choice("course", {"worse": ["getting worse", "worsening"], "stable": [], "better": ["improving"],
                          "fluctuates": ["on and off", "comes and goes"]}),
    ]  # fmt: skip


def measurement_table() -> Measurements:
    """The real measurements.yaml: readings of findings the fixture lacks are dropped."""
    raw = yaml.safe_load(Path(data_dir(), "measurements.yaml").read_text())
    return Measurements.model_validate(raw)


def make_kb(findings: list[Finding], name: str) -> Any:
    return SimpleNamespace(
        findings={f.id: f for f in findings},
        context=context_rules(),
        hash=name,
        measurements=measurement_table(),
    )


@pytest.fixture(scope="session")
def fixture_kb() -> Any:
    return make_kb(fixture_findings(), "parsing-fixture")


@pytest.fixture(scope="session")
def read(fixture_kb: Any):
    """parse() against the fixture KB, answered as {finding id: value}."""

    def run(text: str) -> dict[str, str]:
        return {f.id: f.value for f in parse(text, fixture_kb).findings}

    return run


@pytest.fixture(scope="session")
def parsed(fixture_kb: Any):
    def run(text: str) -> ParseResult:
        return parse(text, fixture_kb)

    return run


#: Three sentences, as a person might type them, for the parser's timing guards.
SPEED_TEXT = "My left leg went weak suddenly an hour ago. There is no back pain. I'm 67."


def median_parse_seconds(kb: Any, runs: int = 10) -> float:
    """Median time of one warm parse of SPEED_TEXT (the first call builds the pipeline)."""
    import time

    parse(SPEED_TEXT, kb)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        parse(SPEED_TEXT, kb)
        times.append(time.perf_counter() - t0)
    return sorted(times)[runs // 2]
