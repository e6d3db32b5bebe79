"""Showing results and asking questions in a terminal (Rich).

Colour and boxes only on a real terminal without NO_COLOR; otherwise plain
text that reads the same in a log or a pipe.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from rich.console import Console
from rich.panel import Panel

from legweak.engine.interview import Question
from legweak.engine.model import ABSENT, PRESENT, UNKNOWN
from legweak.service import Result

LEVEL_STYLE = {
    "emergency_ambulance": "bold white on red",
    "emergency": "bold red",
    "consultation_24": "bold yellow",
    "consultation": "bold cyan",
    "self_care": "bold green",
}

YES = {"y", "yes"}
NO = {"n", "no"}
DONT_KNOW = {"?", "d", "dk", "don't know", "dont know", "not sure", "unsure", "u"}


def plain() -> bool:
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def console() -> Console:
    if plain():
        return Console(no_color=True, highlight=False, emoji=False, soft_wrap=True, force_terminal=False)
    return Console()


def show_result(out: Console, res: Result) -> None:
    """Advice first and biggest, then causes with reasons, then the disclaimer."""
    t = res.triage
    first = [r for r in t.fired if r.advice_first]
    for rule in first:
        _block(out, f"Important: {rule.sign}", rule.advice, "bold white on red")
    _block(out, res.level_title.upper(), res.level_advice, LEVEL_STYLE[t.level])
    if t.fired:
        out.print("Warning signs in your answers:", style="bold")
        for rule in t.fired:
            if not rule.advice_first:
                out.print(f"  - {rule.sign}: {rule.reason}")
    if t.watch_for:
        out.print("Watch for these, and get help at once if they appear:", style="bold")
        for rule in t.watch_for:
            out.print(f"  - {rule.watch_text or rule.sign}")
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
    """Ask one screen; returns finding id -> answer. Raises Back on 'back'."""
    if question.red_flag:
        out.print("Warning-sign check", style="bold red")
    if question.kind == "choice":
        out.print(question.text, style="bold")
        for n, (_, label) in enumerate(question.options, 1):
            out.print(f"  {n}. {label}")
        out.print(f"  {len(question.options) + 1}. Don't know")
        while True:
            raw = read("Choose a number (or 'back'): ").strip().lower()
            if raw == "back":
                raise Back
            if raw.isdigit() and 1 <= int(raw) <= len(question.options) + 1:
                idx = int(raw) - 1
                value = question.options[idx][0] if idx < len(question.options) else UNKNOWN
                return {question.id: value}
            if raw in DONT_KNOW:
                return {question.id: UNKNOWN}
            out.print("Please type one of the numbers shown.")
    answers: dict[str, str] = {}
    if question.kind == "group":
        out.print(question.text, style="bold")
    for item in question.items:
        answers[item.finding_id] = _yes_no(out, item.text, read)
    return answers


def _yes_no(out: Console, text: str, read: Callable[[str], str]) -> str:
    while True:
        raw = read(f"{text} [yes / no / don't know / back]: ").strip().lower()
        if raw == "back":
            raise Back
        if raw in YES:
            return PRESENT
        if raw in NO:
            return ABSENT
        if raw in DONT_KNOW:
            return UNKNOWN
        out.print("Please answer yes, no or don't know (or type back).")
