"""The `legweak` command's arguments, and the table of which handler runs each command.

Exit codes (exits.py): 0 success, 1 a check failed (lint errors, an
under-triaged emergency with --fail-on-under-triage), 2 bad input or a
malformed file, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from legweak import __version__
from legweak.cli.exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from legweak.errors import LegweakError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="legweak",
        description="Symptom checker and triage for leg weakness (adults 16 and over). "
        "Not a diagnosis: if you are worried, get medical help.",
    )
    parser.add_argument("--version", action="store_true", help="print package and knowledge-base versions")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="interactive interview in the terminal")
    check.add_argument("--age", type=int, help="age in years (asked if left out)")
    check.add_argument("--sex", choices=["female", "male"], help="sex (asked if left out)")
    check.add_argument("--text", help="describe the problem in your own words (asked if left out)")

    assess = sub.add_parser("assess", help="assess known answers without an interview")
    assess.add_argument("--age", type=int, required=True)
    assess.add_argument("--sex", required=True, help="female or male")
    assess.add_argument("--present", nargs="+", default=[], metavar="ID", help="findings that are present")
    assess.add_argument("--absent", nargs="+", default=[], metavar="ID", help="findings that are absent")
    assess.add_argument("--unknown", nargs="+", default=[], metavar="ID", help="findings answered don't know")
    assess.add_argument(
        "--answer", action="append", default=[], metavar="ID=VALUE", help="a choice answer, e.g. onset=sudden"
    )
    assess.add_argument("--text", help="free text to parse first")
    assess.add_argument("--json", action="store_true", help="print the result object as JSON")

    parse = sub.add_parser("parse", help="show what the parser reads in a text")
    parse.add_argument("text")
    parse.add_argument("--json", action="store_true")

    ev = sub.add_parser("eval", help="score vignettes through the real interview")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--fail-on-under-triage", action="store_true", help="exit 1 when an emergent case is under-triaged"
    )

    kb = sub.add_parser("kb", help="inspect and check the knowledge base")
    kbsub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    lint = kbsub.add_parser("lint", help="run every knowledge-base check")
    lint.add_argument(
        "--conditions",
        type=Path,
        metavar="CONDITIONS.md",
        help="also check that every ICD-10-CM code of this conditions table is carried by a condition",
    )
    show = kbsub.add_parser("show", help="print one condition, finding, rule or source")
    show.add_argument("id")
    lst = kbsub.add_parser("list", help="list conditions and findings")
    lst.add_argument("--json", action="store_true")
    rules = kbsub.add_parser("rules", help="print the red-flag rule table")
    rules.add_argument("--markdown", action="store_true")

    serve = sub.add_parser("serve", help="serve the HTTP API (FastAPI under uvicorn)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1, or LEGWEAK_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8000, or LEGWEAK_PORT)")
    serve.add_argument(
        "--database-url",
        help="where interviews are stored (default: SQLite in your data folder, or LEGWEAK_DATABASE_URL)",
    )
    serve.add_argument("--workers", type=int, help="worker processes (default 1, or LEGWEAK_WORKERS)")
    serve.add_argument(
        "--log-level",
        choices=("critical", "error", "warning", "info", "debug"),
        default="info",
        help="how much the server logs (default info); no level logs what people write or interview ids",
    )

    replay = sub.add_parser("replay", help="recompute a stored interview and show whether it is identical")
    replay.add_argument("id", help="the interview id")
    replay.add_argument("--reparse", action="store_true", help="read the opening text again")
    replay.add_argument(
        "--database-url", help="the database (default: LEGWEAK_DATABASE_URL or the SQLite default)"
    )

    export = sub.add_parser("export", help="write a stored interview as a FHIR Bundle or as legweak's JSON")
    export.add_argument("id", help="the interview id")
    export.add_argument(
        "--format", choices=("fhir", "json"), default="fhir", help="fhir (an R4 Bundle, default) or json"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    export.add_argument(
        "--database-url", help="the database (default: LEGWEAK_DATABASE_URL or the SQLite default)"
    )

    purge = sub.add_parser("purge", help="delete stored interviews not changed for a while")
    purge.add_argument(
        "--older-than",
        required=True,
        metavar="AGE",
        help="e.g. 30d, 12h or 90m: interviews not changed for that long",
    )
    purge.add_argument(
        "--database-url", help="the database (default: LEGWEAK_DATABASE_URL or the SQLite default)"
    )

    migrate = sub.add_parser(
        "migrate", help="bring the database to the newest schema (legweak serve also does, at start)"
    )
    migrate.add_argument(
        "--database-url", help="the database (default: LEGWEAK_DATABASE_URL or the SQLite default)"
    )

    settings = sub.add_parser("settings", help="show every setting, its environment variable and value")
    settings.add_argument("--markdown", action="store_true", help="print the table of docs/settings.md")
    return parser


def handlers() -> dict[str, Handler]:
    """Command name -> handler; imported on demand, because the handlers load the checker."""
    from legweak.cli import commands

    return {
        "check": commands.cmd_check,
        "assess": commands.cmd_assess,
        "parse": commands.cmd_parse,
        "eval": commands.cmd_eval,
        "kb": commands.cmd_kb,
        "settings": commands.cmd_settings,
        "serve": commands.cmd_serve,
        "purge": commands.cmd_purge,
        "migrate": commands.cmd_migrate,
        "replay": commands.cmd_replay,
        "export": commands.cmd_export,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.version:
            return _version()
        if args.command is None:
            parser.print_help()
            return EXIT_OK
        return handlers()[args.command](args)
    except (KeyboardInterrupt, EOFError):
        print("\nStopped. Nothing was saved. If you are worried, get medical help.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except LegweakError as exc:
        print(f"legweak: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _version() -> int:
    from legweak.kb.loader import load_kb

    kb = load_kb()
    print(f"legweak {__version__}, knowledge base {kb.version} ({kb.hash})")
    return EXIT_OK
