"""legweak: a symptom checker and triage engine for leg weakness.

Not a diagnosis: it says how urgently to get care and which causes fit best.
"""

__version__ = "0.1.0"
