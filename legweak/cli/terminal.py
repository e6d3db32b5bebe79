"""Showing results and asking questions in a terminal (Rich).

Colour and boxes only on a real terminal without NO_COLOR; otherwise plain
text that reads the same in a log or a pipe.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

from rich.console import Console
from rich.panel import Panel

from legweak.service import DONT_KNOW, NO, YES, Question, Result

LEVEL_STYLE = {
    "emergency_ambulance": "bold white on red",
    "emergency": "bold red",
    "consultation_24": "bold yellow",
    "consultation": "bold cyan",
    "self_care": "bold green",
}

YES_WORDS = {"y", "yes"}
NO_WORDS = {"n", "no"}
DONT_KNOW_WORDS = {"?", "d", "dk", "don't know", "dont know", "not sure", "unsure", "u"}


def plain() -> bool:
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def console() -> Console:
    if plain():
        return Console(no_color=True, highlight=False, emoji=False, soft_wrap=True, force_terminal=False)
    return Console()


def dump(obj: object) -> None:
    """JSON for programs: indented, and not escaped, so advice reads the same in every language."""
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def show_result(out: Console, res: Result) -> None:
    """Advice first and biggest, then causes with reasons, then the disclaimer."""
    t = res.triage
    first = {a.id for a in res.advice_first}
    for advice in res.advice_first:
        _block(out, f"Important: {advice.sign}", advice.advice, "bold white on red")
    _block(out, t.title.upper(), t.advice, LEVEL_STYLE[t.level])
    if res.red_flags:
        out.print("Warning signs in your answers:", style="bold")
        for flag in res.red_flags:
            if flag.id not in first:
                out.print(f"  - {flag.sign}: {flag.reason}")
    if res.watch_for:
        out.print("Watch for these, and get help at once if they appear:", style="bold")
        for watch in res.watch_for:
            out.print(f"  - {watch.text}")
    out.print()
    out.print("Causes that fit your answers best:", style="bold")
    for n, cond in enumerate(res.conditions[:5], 1):
        out.print(f"{n}. {cond.name} — {_likelihood_words(cond.probability)} ({cond.probability:.0%})")
        for reason in cond.reasons[:3]:
            sign = "+" if reason.weight > 0 else "-"
            out.print(f"     {sign} {reason.text} (weight {reason.weight:+.1f})")
        out.print(f"     {cond.explanation}")
    out.print()
    out.print(res.disclaimer, style="italic")
    out.print(f"(knowledge base {res.kb_version}, {res.kb_hash})", style="dim")


def _likelihood_words(p: float) -> str:
    if p >= 0.6:
        return "most likely"
    if p >= 0.3:
        return "likely"
    if p >= 0.1:
        return "possible"
    return "less likely"


def _block(out: Console, title: str, body: str, style: str) -> None:
    if plain():
        out.print(f"*** {title} ***")
        out.print(body)
        out.print()
    else:
        out.print(Panel(body, title=title, style=style, expand=True))


class Back(Exception):
    """The person typed 'back'."""


def ask(out: Console, question: Question, read: Callable[[str], str]) -> dict[str, str]:
    """Ask one screen; returns finding id -> option id. Raises Back on 'back'."""
    if question.red_flag:
        out.print("Warning-sign check", style="bold red")
    if question.type == "choice":
        out.print(question.text, style="bold")
        for n, option in enumerate(question.options, 1):
            out.print(f"  {n}. {option.label}")
        while True:
            raw = read("Choose a number (or 'back'): ").strip().lower()
            if raw == "back":
                raise Back
            if raw.isdigit() and 1 <= int(raw) <= len(question.options):
                return {question.id: question.options[int(raw) - 1].id}
            if raw in DONT_KNOW_WORDS:
                return {question.id: DONT_KNOW}
            out.print("Please type one of the numbers shown.")
    if question.type == "yes_no":
        return {question.id: _yes_no(out, question.text, read)}
    out.print(question.text, style="bold")
    return {item.id: _yes_no(out, item.text, read) for item in question.items}


def _yes_no(out: Console, text: str, read: Callable[[str], str]) -> str:
    while True:
        raw = read(f"{text} [yes / no / don't know / back]: ").strip().lower()
        if raw == "back":
            raise Back
        if raw in YES_WORDS:
            return YES
        if raw in NO_WORDS:
            return NO
        if raw in DONT_KNOW_WORDS:
            return DONT_KNOW
        out.print("Please answer yes, no or don't know (or type back).")
