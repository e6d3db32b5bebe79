"""legweak: a symptom checker and triage engine for leg weakness.

Not a diagnosis: it says how urgently to get care and which causes fit best.

    >>> from legweak import Checker, Settings
    >>> checker = Checker.from_settings(Settings.from_env())

The public names are imported on first use, so `import legweak` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "Checker": "legweak.service",
    "Session": "legweak.service",
    "Result": "legweak.service",
    "Question": "legweak.service",
    "Settings": "legweak.config",
    "LegweakError": "legweak.errors",
    "InputError": "legweak.errors",
    "InterviewStateError": "legweak.errors",
    "StaleAnswerError": "legweak.errors",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'legweak' has no attribute {name!r}")
    return getattr(import_module(module), name)
