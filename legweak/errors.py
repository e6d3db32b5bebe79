"""Every error a user can meet, each with a message that says what to do.

Adapters map these to their medium: the CLI to exit code 2 and a sentence, the
API to a problem-details response. Nothing here knows about either.
"""

from __future__ import annotations


class LegweakError(Exception):
    """Base class: the message is written for the person who must act on it."""


class KnowledgeBaseError(LegweakError):
    """A knowledge-base file is malformed or inconsistent; names file, entry and field."""

    def __init__(self, file: str, entry: str | None, field: str | None, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.field = field
        self.problem = problem
        where = file
        if entry:
            where += f", entry {entry!r}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")


class InputError(LegweakError):
    """Input from a person or a client was not acceptable (bad id, value, age, text)."""


class UnknownFindingError(InputError):
    def __init__(self, finding_id: str, suggestions: list[str] | None = None) -> None:
        self.finding_id = finding_id
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown finding {finding_id!r}.{hint} Run 'legweak kb list' to see every finding id."
        )


class UnknownValueError(InputError):
    def __init__(self, finding_id: str, value: str, allowed: list[str]) -> None:
        self.finding_id = finding_id
        self.value = value
        self.allowed = allowed
        super().__init__(f"{value!r} is not an answer to {finding_id!r}; use one of: {', '.join(allowed)}.")


class AgeError(InputError):
    """Age outside 0-120, or not a whole number."""


class UnderAgeError(InputError):
    """legweak is for people aged 16 and over; the message says where a child gets help."""

    def __init__(self, age: int) -> None:
        self.age = age
        super().__init__(
            f"legweak is for people aged 16 and over, and the age given is {age}. "
            "For a child or young teenager with weak legs, speak to a doctor, a nurse "
            "or a children's health line today. If the child cannot stand or walk, has "
            "trouble breathing, or is very drowsy, call emergency services now "
            "(999 in the UK, 911 in the US, 112 in Europe)."
        )


class SexError(InputError):
    def __init__(self, sex: str) -> None:
        super().__init__(f"sex must be 'female' or 'male', not {sex!r}.")


class TextError(InputError):
    """Free text that is empty, too long, or not text."""


class InterviewStateError(LegweakError):
    """An action that the interview's state does not allow (e.g. 'back' at the start)."""


class VignetteFileError(LegweakError):
    """A vignette file is malformed; names the vignette and the field."""
