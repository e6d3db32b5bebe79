"""What each `legweak` sub-command does, given its parsed arguments.

Every command that reads the knowledge base goes through one `Checker`, built
from the settings in the environment (`legweak settings` lists them).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from legweak.cli.exits import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from legweak.cli.terminal import Back, ask, console, dump, read_age, read_sex, show_result
from legweak.config import SETTINGS, Settings, settings_markdown
from legweak.errors import InputError, InterviewStateError
from legweak.service import Checker, check_age


def checker() -> Checker:
    """The composition root of a command: settings from the environment, the checker over them."""
    return Checker.from_settings(Settings.from_env())


def cmd_check(args: argparse.Namespace) -> int:
    out = console()
    out.print("legweak — a check for leg weakness (for people aged 16 and over)", style="bold")
    out.print("This is not a diagnosis. If you are worried, get medical help. Type 'back' to change your")
    out.print("last answer, or press Ctrl-C to leave at any time.")
    out.print()
    # Build the checker and its parser while the person types: the slow part of start-up.
    ready = _checker_in_background()
    age = check_age(args.age if args.age is not None else _ask_age())
    sex = args.sex or _ask_sex()
    text = args.text
    if text is None:
        text = input("In your own words, what is happening with your legs? ").strip()
    check = ready()
    session = check.start(age, sex, text or None)
    if session.reading is not None and not session.reading.findings:
        out.print("I could not pick out any details from that, so I will ask some questions.")
    elif session.reading is not None and session.reading.unrecognised:
        out.print(
            "I could not understand all of that, so I will also ask about warning signs it might be about."
        )
    while True:
        question = check.next_question(session)
        if question is None:
            break
        try:
            answers = ask(out, question, input)
        except Back:
            try:
                check.back(session)
            except InterviewStateError as exc:
                out.print(f"Sorry: {exc}")
            continue
        check.answer(session, question.id, answers)
        out.print()
    out.print()
    show_result(out, check.result(session))
    return EXIT_OK


def _checker_in_background() -> Callable[[], Checker]:
    """Start building the checker and its parser; the returned call waits for them."""
    built: list[Checker] = []
    failed: list[Exception] = []

    def build() -> None:
        try:
            built.append(checker())
        except Exception as exc:  # raised again, with its message, when the checker is needed
            failed.append(exc)
            return
        with contextlib.suppress(Exception):  # a parser failure shows up, with its message, at parse time
            built[0].prepare()

    thread = threading.Thread(target=build, daemon=True)
    thread.start()

    def ready() -> Checker:
        thread.join()
        if failed:
            raise failed[0]
        return built[0]

    return ready


def _ask_age() -> int:
    while True:
        age = read_age(input("Age in years: "))
        if age is not None:
            return age
        print("Please type your age as a whole number, for example 54.")


def _ask_sex() -> str:
    while True:
        sex = read_sex(input("Sex (female / male): "))
        if sex is not None:
            return sex
        print("Please type female or male (f or m is enough).")


def cmd_assess(args: argparse.Namespace) -> int:
    answers: dict[str, str] = {}
    for pair in args.answer:
        if "=" not in pair:
            raise InputError(f"--answer takes ID=VALUE, for example onset=sudden; got {pair!r}.")
        key, value = pair.split("=", 1)
        answers[key.strip()] = value.strip()
    res = checker().assess(
        args.age,
        args.sex,
        present=args.present,
        absent=args.absent,
        unknown=args.unknown,
        answers=answers,
        text=args.text,
    )
    if args.json:
        dump(res.to_dict())
    else:
        show_result(console(), res)
    return EXIT_OK


def cmd_parse(args: argparse.Namespace) -> int:
    parsed = checker().parse(args.text)
    if args.json:
        dump(parsed.to_dict())
        return EXIT_OK
    out = console()
    if not parsed.findings:
        out.print("Nothing recognised. The interview would simply ask its questions.")
    for f in parsed.findings:
        out.print(f"{f.id} = {f.value}   from {f.text!r}   (sure: {f.confidence:.0%})")
    if parsed.age is not None or parsed.sex is not None:
        out.print(f"age: {parsed.age if parsed.age is not None else '-'}, sex: {parsed.sex or '-'}")
    for text in parsed.unrecognised:
        out.print(f"not recognised: {text!r}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from legweak.evaluation import render, run

    report = run(Path(args.file), checker(), progress=not args.json)
    if args.json:
        dump(report.to_dict())
    else:
        render(console(), report)
    if args.fail_on_under_triage and report.emergent_under_triaged > 0:
        return EXIT_FAIL
    return EXIT_OK


def cmd_kb(args: argparse.Namespace) -> int:
    from legweak.kb import inspect

    if args.kb_command == "lint":
        return _lint(Settings.from_env().kb_dir, args.conditions)
    kb = checker().kb
    if args.kb_command == "show":
        found = inspect.show(args.id, kb)
        if found is None:
            raise InputError(f"no condition, finding, rule or source has the id {args.id!r}.")
        dump(found)
        return EXIT_OK
    if args.kb_command == "list":
        listing = inspect.listing(kb)
        if args.json:
            dump(listing)
        else:
            out = console()
            for c in listing["conditions"]:
                out.print(f"{c['id']:28} {', '.join(c['icd10']):38} {c['name']}")
            out.print()
            for f in listing["findings"]:
                opts = f" [{' / '.join(f['options'])}]" if f["options"] else ""
                out.print(f"{f['id']:28} {f['type']:12}{opts} {f['question']}")
        return EXIT_OK
    if args.kb_command == "rules":
        print(inspect.rules_markdown(kb))
        return EXIT_OK
    return EXIT_USAGE


def _lint(directory: Path | None, conditions_table: Path | None) -> int:
    from legweak.kb.lint import lint

    out = console()
    kb, problems = lint(directory, conditions_table)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        out.print(f"{p.severity}: {p.where}: {p.message}")
    if kb is not None:
        rules = len(kb.red_flags.rules)
        figures = sum(len(f) for f in kb.likelihoods.values())
        out.print(
            f"knowledge base {kb.version} ({kb.hash}): {len(kb.conditions)} conditions, "
            f"{len(kb.findings)} findings, {figures} likelihoods, {rules} red-flag rules, "
            f"{len(kb.sources)} sources"
        )
    out.print(f"{len(errors)} errors, {len(problems) - len(errors)} warnings")
    return EXIT_FAIL if errors else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate the database once, then hand the app factory to uvicorn (each worker builds its own)."""
    import uvicorn

    from legweak.storage import InterviewStore, display_url

    settings = Settings.from_env().replace(
        host=args.host, port=args.port, database_url=args.database_url, workers=args.workers
    )
    if settings.workers < 1 or not 1 <= settings.port <= 65535:
        raise InputError("--workers must be 1 or more, and --port a number from 1 to 65535.")
    # Load and check the knowledge base once here: a broken one stops start-up with a message
    # naming file, entry and field, before any worker starts (none could serve part of it).
    Checker.from_settings(settings)
    store = InterviewStore.open(settings.database_url)
    store.migrate()  # once, before workers fork
    store.close()
    if not settings.secret_key:
        # One random key for every worker of this run, so a session cookie is read by any of them.
        settings = settings.replace(secret_key=secrets.token_urlsafe(32))
    # The workers read their settings from the same environment; the options given here win.
    # Only these are written back: the rest are already there, spelt as the person spelt them.
    os.environ.update(
        LEGWEAK_HOST=settings.host,
        LEGWEAK_PORT=str(settings.port),
        LEGWEAK_DATABASE_URL=settings.database_url,
        LEGWEAK_WORKERS=str(settings.workers),
        LEGWEAK_SECRET_KEY=settings.secret_key,
    )
    print(
        f"legweak on http://{settings.host}:{settings.port}/ (open it in a browser; "
        f"API docs at /docs), interviews in {display_url(settings.database_url)}",
        file=sys.stderr,
    )
    uvicorn.run(
        "legweak.api.app:from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=args.log_level,
        access_log=settings.access_log,
    )
    return EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    """Exit 0 when the stored result is reproduced exactly, 1 with the differences otherwise."""
    from legweak.service.replay import differences, rebuild
    from legweak.storage import InterviewStore

    settings = Settings.from_env()
    store = InterviewStore.open(args.database_url or settings.database_url)
    store.migrate()
    stored = store.load(args.id)
    store.close()
    check = Checker.from_settings(settings)
    session = rebuild(check, stored.session, reparse=args.reparse)
    again = check.result(session).to_dict()
    before = stored.result or {}
    diff = differences(before, again)
    how = "with the text read again" if args.reparse else "from its stored answers"
    if not diff:
        print(f"identical: interview {args.id} recomputed {how} on knowledge base {check.kb_hash}.")
        return EXIT_OK
    print(
        f"different: interview {args.id} was stored on knowledge base {before.get('kb_hash')} "
        f"(engine {before.get('engine_version')}); recomputed {how} on {check.kb_hash} "
        f"(engine {again['engine_version']}):"
    )
    for line in diff:
        print(f"  {line}")
    return EXIT_FAIL


def cmd_export(args: argparse.Namespace) -> int:
    """The same Bundle or result JSON that the API serves, to standard output or a file."""
    import json
    from pathlib import Path

    from legweak.fhir import bundle
    from legweak.storage import InterviewStore

    settings = Settings.from_env()
    store = InterviewStore.open(args.database_url or settings.database_url)
    store.migrate()
    session = store.load(args.id).session
    store.close()
    check = Checker.from_settings(settings)
    result = check.result(session)
    data = bundle(check, result, session, interview_id=args.id) if args.format == "fhir" else result.to_dict()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote interview {args.id} as {args.format} to {args.output}")
    else:
        print(text, end="")
    return EXIT_OK


_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def age_of(text: str) -> timedelta:
    """'30d', '12h', '90m' as a span of time; InputError for anything else."""
    raw = text.strip().lower()
    if len(raw) < 2 or raw[-1] not in _UNITS or not raw[:-1].isdigit():
        raise InputError(f"--older-than takes a number and d, h or m (for example 30d), not {text!r}.")
    return timedelta(**{_UNITS[raw[-1]]: int(raw[:-1])})


def cmd_purge(args: argparse.Namespace) -> int:
    from legweak.storage import InterviewStore

    older = age_of(args.older_than)
    url = args.database_url or Settings.from_env().database_url
    store = InterviewStore.open(url)
    store.migrate()
    removed = store.purge(older)
    store.close()
    print(f"deleted {removed} interview{'s' if removed != 1 else ''} not changed for {args.older_than}.")
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the database to the newest schema, once per release, before new servers start."""
    from legweak.storage import InterviewStore

    store = InterviewStore.open(args.database_url or Settings.from_env().database_url)
    before = store.revision()
    store.migrate()
    after = store.revision()
    store.close()
    done = (
        f"migrated from {before or 'an empty database'} to {after}"
        if before != after
        else "already up to date"
    )
    print(f"{store.describe()}: {done} (schema {after}).")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    if args.markdown:
        print(settings_markdown(), end="")
        return EXIT_OK
    current = Settings.from_env()
    out = console()
    for setting in SETTINGS:
        shown = _shown(setting.name, getattr(current, setting.name))
        out.print(f"{setting.env:24} {shown:50} {setting.help}")
    return EXIT_OK


def _shown(name: str, value: object) -> str:
    """A setting's value for the screen: API keys counted, never shown; a database password hidden."""
    if name == "api_keys":
        assert isinstance(value, frozenset)
        return f"{len(value)} key(s) set" if value else "none (no key needed)"
    if name == "secret_key":
        return "(set)" if value else "(a new one at each start)"
    if name == "database_url":
        from legweak.storage import display_url

        return display_url(str(value))
    return "" if value is None else str(value)
