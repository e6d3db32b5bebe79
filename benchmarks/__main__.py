"""`python -m benchmarks [--quick] [--json] [--out BENCHMARKS.md]`.

Runs the six benchmarks (step, scaling, pgmpy peer, evaluation throughput,
start-up, parser). With --out it writes the Markdown report there and the figures to
benchmarks/results.json (or --results); with --json it prints the figures.
--quick runs every benchmark with few repetitions, in well under a minute.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT

RESULTS = ROOT / "benchmarks" / "results.json"


def collect(quick: bool, log: bool = True) -> dict[str, Any]:
    from benchmarks import parsing, peer_pgmpy, report, scaling, startup, step, throughput
    from benchmarks.common import machine

    def say(message: str) -> None:
        if log:
            print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    say("machine …")
    info = machine()
    say("1/6 step on the shipped knowledge base …")
    step_result = step.run(quick)
    say("2/6 scaling on synthetic knowledge bases (fresh subprocess per size) …")
    scaling_result = scaling.run(quick)
    say("3/6 pgmpy peer (its own environment, subprocess per size) …")
    peer_result = peer_pgmpy.run(quick)
    say("4/6 evaluation throughput …")
    eval_result = throughput.run(quick)
    say("5/6 start-up …")
    startup_result = startup.run(quick)
    say("6/6 parser: build, parse, lexicon size …")
    parsing_result = parsing.run(quick)
    results = report.assemble(
        machine=info,
        step=step_result,
        scaling=scaling_result,
        peer=peer_result,
        evaluation=eval_result,
        startup=startup_result,
        parsing=parsing_result,
        quick=quick,
        elapsed_s=time.perf_counter() - started,
    )
    say(f"done in {results['elapsed_s']:.0f} s")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="few repetitions: every benchmark in under a minute"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    parser.add_argument("--out", type=Path, help="write the Markdown report here (e.g. BENCHMARKS.md)")
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="where --out also writes the JSON figures"
    )
    args = parser.parse_args(argv)
    from benchmarks import report

    results = collect(args.quick, log=True)
    if args.out:
        args.out.write_text(report.markdown(results), encoding="utf-8")
        args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out} and {args.results}", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
    elif not args.out:
        print(report.markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
