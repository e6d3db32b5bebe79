"""What each `legweak` sub-command does, given its parsed arguments."""

from __future__ import annotations

import argparse
import contextlib
import threading
from pathlib import Path

from legweak import service
from legweak.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, dump
from legweak.cli.terminal import Back, ask, console, show_result
from legweak.errors import InputError, InterviewStateError


def cmd_check(args: argparse.Namespace) -> int:
    out = console()
    out.print("legweak — a check for leg weakness (for people aged 16 and over)", style="bold")
    out.print("This is not a diagnosis. If you are worried, get medical help. Type 'back' to change your")
    out.print("last answer, or press Ctrl-C to leave at any time.")
    out.print()
    # Build the parser while the person types: it is the slow part of start-up.
    threading.Thread(target=_prepare_quietly, daemon=True).start()
    age = service.check_age(args.age if args.age is not None else _ask_age())
    sex = args.sex or _ask_choice("Sex (female / male): ", ("female", "male"))
    text = args.text
    if text is None:
        text = input("In your own words, what is happening with your legs? ").strip()
    session = service.start(age, sex, text or None)
    if session.parse is not None and not session.parse.findings:
        out.print("I could not pick out any details from that, so I will ask some questions.")
    while True:
        question = service.next_question(session)
        if question is None:
            break
        try:
            answers = ask(out, question, input)
        except Back:
            try:
                service.back(session)
            except InterviewStateError as exc:
                out.print(f"Sorry: {exc}")
            continue
        service.answer(session, question, answers)
        out.print()
    out.print()
    show_result(out, service.result(session))
    return EXIT_OK


def _prepare_quietly() -> None:
    from legweak.parsing import prepare

    with contextlib.suppress(Exception):  # a failure here shows up, with its message, at parse time
        prepare()


def _ask_age() -> int:
    while True:
        raw = input("Age in years: ").strip()
        if raw.isdigit():
            return int(raw)
        print("Please type your age as a whole number, for example 54.")


def _ask_choice(prompt: str, choices: tuple[str, ...]) -> str:
    while True:
        raw = input(prompt).strip().lower()
        for choice in choices:
            if raw and choice.startswith(raw):
                return choice
        print(f"Please type one of: {', '.join(choices)}.")


def cmd_assess(args: argparse.Namespace) -> int:
    answers: dict[str, str] = {}
    for pair in args.answer:
        if "=" not in pair:
            raise InputError(f"--answer takes ID=VALUE, for example onset=sudden; got {pair!r}.")
        key, value = pair.split("=", 1)
        answers[key.strip()] = value.strip()
    res = service.assess(
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
    from legweak.parsing import parse

    parsed = parse(args.text)
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

    report = run(Path(args.file), progress=not args.json)
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
        return _lint()
    if args.kb_command == "show":
        found = inspect.show(args.id)
        if found is None:
            raise InputError(f"no condition, finding, rule or source has the id {args.id!r}.")
        dump(found)
        return EXIT_OK
    if args.kb_command == "list":
        listing = inspect.listing()
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
        print(inspect.rules_markdown())
        return EXIT_OK
    return EXIT_USAGE


def _lint() -> int:
    from legweak.kb.lint import lint

    out = console()
    kb, problems = lint()
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
