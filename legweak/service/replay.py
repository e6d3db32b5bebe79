"""Replaying a stored interview: the same answers through today's checker, and what changed.

A result is reproducible when the stored answers, run again through the same
knowledge base and engine, give the same JSON. `reparse` reads the opening text
again instead of trusting what was read then, which shows the effect of a
lexicon change on a real interview.
"""

from __future__ import annotations

from typing import Any

from legweak.service.checker import Checker
from legweak.service.session import Session


def rebuild(checker: Checker, stored: Session, *, reparse: bool = False) -> Session:
    """The stored session, or (reparse) a new one from its text with every other answer kept."""
    if not reparse:
        return stored.model_copy(deep=True)
    fresh = checker.start(stored.age, stored.sex, stored.text, max_questions=stored.max_questions)
    for fid, value in stored.evidence.items():
        origin = stored.origin.get(fid, "given")
        if origin != "text":
            fresh.evidence[fid] = value
            fresh.origin[fid] = origin
    fresh.steps = [list(step) for step in stored.steps]
    return fresh


def differences(before: Any, after: Any, where: str = "") -> list[str]:
    """Every place two JSON values differ, as 'path: before -> after' lines."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[str] = []
        for key in sorted(set(before) | set(after), key=str):
            path = f"{where}.{key}" if where else str(key)
            if key not in before:
                out.append(f"{path}: (absent) -> {after[key]!r}")
            elif key not in after:
                out.append(f"{path}: {before[key]!r} -> (absent)")
            else:
                out.extend(differences(before[key], after[key], path))
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        out = []
        for n, (b, a) in enumerate(zip(before, after, strict=True)):
            out.extend(differences(b, a, f"{where}[{n}]"))
        return out
    return [] if before == after else [f"{where or '(whole)'}: {before!r} -> {after!r}"]
