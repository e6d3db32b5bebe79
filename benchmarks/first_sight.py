"""First-sight scores: each vignette set scored once, before it guides any change.

`python -m benchmarks.first_sight FILE --label "..."` plays a set that nobody on
the project has read, appends its scores to benchmarks/first_sight.json, and
refuses a set whose content was recorded before: a set is unseen only until it
guides a change, so its first score is the honest estimate and is kept as it was.
`make accuracy` prints the records in docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT

RECORDS = ROOT / "benchmarks" / "first_sight.json"
SEEN = ROOT / "benchmarks" / "vignettes"
SEALED_SUFFIX = ".yaml.gz.b64"
#: The summary figures kept for each set (the cases themselves stay in the set's file).
KEYS = (
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
    "brier_top1",
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def load_records(path: Path = RECORDS) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    records: list[dict[str, Any]] = json.loads(path.read_text())
    return records


def commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def record(
    set_file: Path, label: str, report: dict[str, Any], note: str, path: Path = RECORDS
) -> dict[str, Any]:
    """Append one first-sight record; a set already recorded is refused."""
    records = load_records(path)
    sha = digest(set_file)
    for old in records:
        if old["sha256"] == sha:
            raise SystemExit(f"{set_file.name} was already scored at first sight on {old['recorded']}.")
    entry = {
        "set": set_file.name,
        "sha256": sha,
        "label": label,
        "recorded": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "commit": commit(),
        "kb_version": report["kb_version"],
        "kb_hash": report["kb_hash"],
        "scores": {k: report[k] for k in KEYS},
        "note": note,
    }
    records.append(entry)
    path.write_text(json.dumps(records, indent=2) + "\n")
    return entry


def table(records: list[dict[str, Any]]) -> list[str]:
    """Markdown rows of the first-sight records, oldest first."""
    lines = [
        "| set | scored | KB hash | n | top-1 | top-3 | triage | under | over | emergent under-triaged "
        "| parse coverage | note |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        s = r["scores"]
        cells = [
            f"{r['label']} (`{r['set']}`)",
            r["recorded"],
            r["kb_hash"],
            str(s["n"]),
            f"{s['top1']:.0%}",
            f"{s['top3']:.0%}",
            f"{s['triage_accuracy']:.0%}",
            f"{s['under_triage']:.1%}",
            f"{s['over_triage']:.1%}",
            f"{s['emergent_under_triaged']} of {s['emergent_n']}",
            f"{s['parse_coverage']:.0%}",
            r["note"],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def unseal(sealed: Path, seen: Path = SEEN) -> Path:
    """Decode a sealed set into the seen folder and remove the sealed copy; returns the new path."""
    if not sealed.name.endswith(SEALED_SUFFIX):
        raise SystemExit(f"{sealed} is not a sealed set (*{SEALED_SUFFIX}).")
    target = seen / (sealed.name[: -len(SEALED_SUFFIX)] + ".yaml")
    if target.exists():
        raise SystemExit(f"{target} exists already: that set has been opened.")
    target.write_bytes(gzip.decompress(base64.b64decode(sealed.read_text())))
    sealed.unlink()
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", type=Path, nargs="?", help="a vignette set unread by anyone on the project")
    parser.add_argument(
        "--unseal", type=Path, help="a sealed set (benchmarks/sealed/*.yaml.gz.b64): open it, then score it"
    )
    parser.add_argument("--label", required=True, help="how docs/evaluation.md names the set")
    parser.add_argument("--note", default="", help="anything a reader must know about this score")
    parser.add_argument(
        "--from-report", type=Path, help="use a saved `legweak eval FILE --json` report instead of playing"
    )
    args = parser.parse_args(argv)
    if args.unseal:
        args.file = unseal(args.unseal)
    if args.file is None:
        parser.error("give a vignette FILE or --unseal SEALED")
    if args.from_report:
        report = json.loads(args.from_report.read_text())
    else:
        from legweak.config import Settings
        from legweak.evaluation import run
        from legweak.service import Checker

        report = run(args.file, Checker.from_settings(Settings.from_env())).to_dict()
    entry = record(args.file, args.label, report, args.note)
    json.dump(entry, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
