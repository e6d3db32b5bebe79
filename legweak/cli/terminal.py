"""Showing results and asking questions in a terminal (Rich).

Colour and boxes only on a real terminal without NO_COLOR; otherwise plain
text that reads the same in a log or a pipe.
"""

from __future__ import annotations

import json
import os
import re
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

YES_WORDS = {"y", "yes", "yeah", "yep", "yup", "ya", "yea", "aye", "sure", "correct", "i do", "it is", "i am"}
NO_WORDS = {"n", "no", "nope", "nah", "na", "no thanks", "not really", "never", "none", "i don't", "i do not"}
DONT_KNOW_WORDS = {
    "?",
    "d",
    "dk",
    "u",
    "don't know",
    "dont know",
    "do not know",
    "i don't know",
    "i dont know",
    "idk",
    "not sure",
    "unsure",
    "no idea",
    "maybe",
    "dunno",
}
FEMALE_WORDS = {"f", "female", "woman", "she", "her", "lady", "girl", "feminine"}
MALE_WORDS = {"m", "male", "man", "he", "him", "his", "gentleman", "boy", "masculine"}
_AGE = re.compile(r"(?<![\d.])(\d{1,3})(?![\d.])")


def words(raw: str) -> str:
    """An answer as lower-case words: outer punctuation and extra spaces gone, curly quotes straight."""
    text = raw.strip().lower().replace("\u2019", "'")
    text = re.sub(r"[.!,;:]+$", "", text).strip()
    return re.sub(r"\s+", " ", text)


def read_age(raw: str) -> int | None:
    """A typed age: "54", "25 years", "25 yrs", "I'm 25"; None when there is not exactly one number."""
    numbers = _AGE.findall(raw)
    return int(numbers[0]) if len(numbers) == 1 else None


def read_sex(raw: str) -> str | None:
    """A typed sex: "f", "male", "hes a man", "she's a woman"; None when unclear."""
    tokens = set(re.findall(r"[a-z]+", words(raw).replace("'", "")))
    tokens |= {t[:-1] for t in tokens if t in {"hes", "shes"}}  # "hes a man" -> he
    female, male = bool(tokens & FEMALE_WORDS), bool(tokens & MALE_WORDS)
    if female == male:
        return None
    return "female" if female else "male"


def yes_no_word(raw: str) -> str | None:
    """yes / no / dont_know for a typed answer, or None when it is none of them."""
    text = words(raw)
    if text in DONT_KNOW_WORDS:
        return DONT_KNOW
    if text in YES_WORDS:
        return YES
    if text in NO_WORDS:
        return NO
    return None


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
    """Advice first and biggest, then warning signs, then causes in words, then the disclaimer.

    A heading is printed only over something: an empty list gets no heading.
    """
    t = res.triage
    first = {a.id for a in res.advice_first}
    for advice in res.advice_first:
        _block(out, f"Important: {advice.sign}", advice.advice, "bold white on red")
    _block(out, t.title.upper(), t.advice, LEVEL_STYLE[t.level])
    flags = [flag for flag in res.red_flags if flag.id not in first]
    if flags:
        out.print("Warning signs in your answers:", style="bold")
        for flag in flags:
            out.print(f"  - {flag.sign}: {flag.reason}")
    if res.watch_for:
        out.print("Watch for these, and get help at once if they appear:", style="bold")
        for watch in res.watch_for:
            out.print(f"  - {watch.text}")
    if res.not_understood:
        out.print("I could not understand this part of what you wrote:", style="bold")
        for sentence in res.not_understood:
            out.print(f'  - "{sentence}"')
        out.print("  If it matters, please say it another way: start again, or tell a doctor.")
    by_id = {cond.id: cond for cond in res.conditions}
    shown = [by_id[cid] for cid in res.causes_shown if cid in by_id]
    if shown:
        out.print()
        out.print("Causes that fit your answers best:", style="bold")
    for n, cond in enumerate(shown, 1):
        out.print(f"{n}. {cond.name} — {_likelihood_words(cond.probability)} ({cond.probability:.0%})")
        for reason in cond.reasons[:3]:
            out.print(f"     - {_capital(reason.text)}: {reason.effect or _effect(reason.weight)}")
        out.print(f"     {cond.explanation}")
    out.print()
    out.print(res.disclaimer, style="italic")
    out.print(f"(knowledge base {res.kb_version}, {res.kb_hash})", style="dim")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _effect(weight: float) -> str:
    return "makes this more likely" if weight > 0 else "makes this less likely"


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
    """Ask one screen; returns finding id -> option id. Raises Back on 'back'.

    An item that follows up another ("back pain at night") is skipped once that
    other item was answered "no", and left out of the answer.
    """
    if question.red_flag:
        out.print("Warning-sign check", style="bold red")
    if question.type == "choice":
        out.print(question.text, style="bold")
        for n, option in enumerate(question.options, 1):
            out.print(f"  {n}. {option.label}")
        while True:
            raw = read("Choose a number (or 'back'): ")
            if words(raw) == "back":
                raise Back
            chosen = _choice(question, raw)
            if chosen is not None:
                return {question.id: chosen}
            out.print("Please type one of the numbers shown.")
    if question.type == "yes_no":
        return {question.id: _yes_no(out, question.text, read)}
    out.print(question.text, style="bold")
    answers: dict[str, str] = {}
    for item in question.items:
        if item.requires is not None and answers.get(item.requires) == NO:
            continue
        answers[item.id] = _yes_no(out, item.text, read)
    return answers


def _choice(question: Question, raw: str) -> str | None:
    """The option a typed answer picks: its number, its id, the start of its label, or "don't know"."""
    text = words(raw)
    if text.isdigit() and 1 <= int(text) <= len(question.options):
        return question.options[int(text) - 1].id
    if text in DONT_KNOW_WORDS:
        return DONT_KNOW
    if not text:
        return None
    starts = [o.id for o in question.options if o.id == text or o.label.lower().startswith(text)]
    return starts[0] if len(starts) == 1 else None


def _yes_no(out: Console, text: str, read: Callable[[str], str]) -> str:
    while True:
        raw = read(f"{text} [yes / no / don't know / back]: ")
        if words(raw) == "back":
            raise Back
        answer = yes_no_word(raw)
        if answer is not None:
            return answer
        out.print("Please answer yes, no or don't know (or type back).")
