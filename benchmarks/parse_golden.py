"""Record or compare what the parser finds in every complaint and fact of some vignette files.

A change to the matcher that should not change its output (a faster engine, a
new index) is checked against a recording made before the change:

    python -m benchmarks.parse_golden record /tmp/golden.json
    python -m benchmarks.parse_golden compare /tmp/golden.json

The recording holds vignette text (its findings' words and sentences), so it
is written outside the repository: dev cases must not enter the product.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from benchmarks.common import ROOT

#: The texts parsed: the shared dev set, the seen sets and the documentation's examples.
DEFAULT_FILES = [
    Path("/work/shared/vignettes/dev.yaml"),
    *sorted((ROOT / "benchmarks" / "vignettes").glob("*.yaml")),
    ROOT / "docs" / "example-vignettes.yaml",
]


def texts(files: list[Path]) -> list[str]:
    """Every complaint and fact, in file order; missing files are skipped with a warning."""
    out: list[str] = []
    for path in files:
        if not path.exists():
            print(f"skipped (not found): {path}", file=sys.stderr)
            continue
        for vignette in yaml.safe_load(path.read_text(encoding="utf-8"))["vignettes"]:
            out.append(vignette["complaint"])
            out.extend(vignette.get("facts", []))
    return out


def record(files: list[Path]) -> dict[str, Any]:
    """Text -> the parse result as a dictionary (findings with offsets, age, sex, unrecognised)."""
    from legweak.kb.loader import load_kb
    from legweak.parsing import parse

    kb = load_kb()
    return {text: parse(text, kb).to_dict() for text in texts(files)}


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per text whose result changed (or that is new or gone)."""
    lines = []
    for text in sorted(old.keys() | new.keys()):
        if old.get(text) != new.get(text):
            lines.append(f"{text!r}\n  was: {json.dumps(old.get(text))}\n  now: {json.dumps(new.get(text))}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.parse_golden", description=__doc__.splitlines()[0]
    )
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("golden", type=Path, help="the recording (keep it outside the repository)")
    parser.add_argument(
        "files", nargs="*", type=Path, help="vignette files (default: dev, seen sets, examples)"
    )
    args = parser.parse_args(argv)
    current = record(args.files or DEFAULT_FILES)
    if args.action == "record":
        args.golden.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
        print(f"recorded {len(current)} texts in {args.golden}", file=sys.stderr)
        return 0
    diffs = compare(json.loads(args.golden.read_text(encoding="utf-8")), current)
    for line in diffs:
        print(line)
    print(f"{len(diffs)} of {len(current)} texts differ", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
