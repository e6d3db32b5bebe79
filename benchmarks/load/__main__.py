"""`python -m benchmarks.load [--seconds 60] [--out docs/load.md] [--json benchmarks/load.json]`.

The full run (`make load`) takes about ten minutes; `--seconds 5` is a smoke run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.common import ROOT
from benchmarks.load import run
from benchmarks.load.report import markdown

NOTES = ROOT / "benchmarks" / "load_notes.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each scenario (default 60)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=2, help="workers of the main runs (default 2)")
    parser.add_argument("--users", default="50,200", help="waiting patients (default 50,200)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds a patient waits (default 1)")
    parser.add_argument("--capacity-users", type=int, default=16, help="patients who never wait (default 16)")
    parser.add_argument(
        "--client-processes", type=int, default=2, help="client processes the patients are split over (2)"
    )
    parser.add_argument("--no-slope", action="store_true", help="skip the capacity run on one worker")
    parser.add_argument("--out", type=Path, help="write the Markdown report here (docs/load.md)")
    parser.add_argument("--json", type=Path, help="write the figures here (benchmarks/load.json)")
    parser.add_argument(
        "--report-only", action="store_true", help="only write --out again from the figures in --json"
    )
    args = parser.parse_args(argv)
    if args.report_only:
        if not args.json or not args.out:
            parser.error("--report-only needs --json (read) and --out (written)")
        data = json.loads(args.json.read_text(encoding="utf-8"))
        notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
        args.out.write_text(markdown(data, notes), encoding="utf-8")
        return 0
    data = run(
        seconds=args.seconds,
        databases=tuple(d.strip() for d in args.databases.split(",") if d.strip()),
        workers=args.workers,
        users=tuple(int(u) for u in args.users.split(",") if u.strip()),
        think_s=args.think,
        capacity_users=args.capacity_users,
        slope=not args.no_slope,
        client_processes=args.client_processes,
        say=lambda message: print(message, file=sys.stderr, flush=True),
    )
    text = json.dumps(data, indent=2) + "\n"
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    if args.out:
        notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
        args.out.write_text(markdown(data, notes), encoding="utf-8")
    if not args.json and not args.out:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
