"""`legweak eval`: vignettes played as simulated patients through the real interview."""

from legweak.evaluation.report import render
from legweak.evaluation.run import run

__all__ = ["render", "run"]
