"""Parse coverage and triage by who wrote the case: the person, a relative, or a clinician.

Issue 9's target is parse coverage of at least 90 % on lay text and on clinical notes
alike, but the vignette format has no field for the writer. The register is read from
the opening text: clinical shorthand ("58M", "PMH", "c/o", "BLE", "tel triage") makes it
a clinical note; a relative named as the subject ("my dad", "Mum's 82", "hubby", "my
flatmate") a relative's account; anything else the person's own words. It is a pattern,
not a label: spot checks put it within one or two cases of the authors' own counts.

    python -m benchmarks.registers benchmarks/vignettes/blind-j.yaml [more sets]
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from legweak.config import Settings
from legweak.evaluation.run import run
from legweak.evaluation.vignettes import Vignette, load_vignettes
from legweak.service import Checker

_CLINICAL = re.compile(
    r"\b\d{1,3}\s?(?:yo\s)?[MF]\b|\b\d{1,3}-year-old\b|"
    r"\b(?:pt|PMH|PMHx|O/E|OE|c/o|hx|Hx|bilat|BLE|LLE|RLE|GP|triage|referral|ED|A&E|SOB|HPC|"
    r"on examination|presents with|presenting with|admitted|ward|clinic|letter|obs|NEWS)\b"
)
_RELATIVE = re.compile(
    r"\b(?:my|our)\s+(?:\w+\s+)?(?:dad|mum|mom|mother|father|husband|wife|son|daughter|partner|nan|"
    r"nana|gran|granny|grandma|grandad|grandpa|grandfather|grandmother|brother|sister|friend|"
    r"boyfriend|girlfriend|uncle|aunt|fiance|fiancee|mam|missus|hubby|lad|boy|girl)\b|"
    r"^\s*(?:he|she|his|her|dad|mum|mom)\b|\b(?:dad|mum|mom)'s\b|"
    r"\b(?:flatmate|housemate|hubby|roommate)\b|\b(?:carer|care home)\b",
    re.IGNORECASE,
)
REGISTERS = ("lay", "relative", "clinical")


def register(vignette: Vignette) -> str:
    """Who wrote the case, read from its opening text."""
    if _CLINICAL.search(vignette.complaint):
        return "clinical"
    if _RELATIVE.search(vignette.complaint):
        return "relative"
    return "lay"


def by_register(path: Path, checker: Checker) -> dict[str, dict[str, float]]:
    """Cases, facts read, parse coverage and triage accuracy per register of one set."""
    writers = {v.id: register(v) for v in load_vignettes(path)}
    facts = {v.id: len(v.facts) for v in load_vignettes(path)}
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for case in run(path, checker).to_dict()["cases"]:
        row = tally[writers[case["id"]]]
        row[0] += 1
        row[1] += facts[case["id"]] - len(case["unparsed_facts"])
        row[2] += facts[case["id"]]
        row[3] += case["triage_verdict"] == "correct"
    return {
        name: {
            "cases": row[0],
            "facts": row[2],
            "parse_coverage": row[1] / row[2] if row[2] else 0.0,
            "triage_accuracy": row[3] / row[0] if row[0] else 0.0,
        }
        for name in REGISTERS
        if (row := tally.get(name))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.registers", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="vignette sets")
    args = parser.parse_args(argv)
    checker = Checker.from_settings(Settings.from_env())
    print("| set | writer | cases | facts | parse coverage | triage |")
    print("|---|---|---|---|---|---|")
    for path in args.files:
        for name, row in by_register(path, checker).items():
            print(
                f"| {path.name} | {name} | {row['cases']:.0f} | {row['facts']:.0f} | "
                f"{row['parse_coverage']:.1%} | {row['triage_accuracy']:.0%} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
