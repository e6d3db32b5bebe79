"""The lexicon pruner: a synonym another one of its answer already reads is taken out, nothing else."""

from __future__ import annotations

from legweak.kb.loader import load_kb
from tools.prune_lexicon import redundant, rewrite

_TEXT = """findings:
  - id: arm_weakness
    type: binary
    synonyms: ["arm ... weak", "arm is weak", "weak arm", "weak arm"]
    absent_synonyms: ["arm is fine"]
  - id: onset
    options:
      - value: sudden
        synonyms: ["suddenly", "all of a sudden"]
"""


def test_only_the_dropped_synonyms_and_exact_copies_leave_their_list():
    new, count = rewrite(_TEXT, {("arm_weakness=present", "arm is weak"), ("onset=sudden", "suddenly")})
    assert count == 3  # two dropped, one exact copy
    assert '    synonyms: ["arm ... weak", "weak arm"]' in new
    assert '        synonyms: ["all of a sudden"]' in new
    assert '    absent_synonyms: ["arm is fine"]' in new  # another answer: untouched


def test_a_synonym_is_not_redundant_across_answers():
    """'arm is fine' reads nothing of arm_weakness=present: an absent-synonym is its own answer."""
    new, count = rewrite(_TEXT, {("arm_weakness=present", "arm is fine")})
    assert count == 1 and new.count("arm is fine") == 1


def test_the_shipped_lexicon_has_no_redundant_synonym():
    """After adding synonyms, run `python -m tools.prune_lexicon` (it rewrites only the lists it changes)."""
    drop = redundant(load_kb())
    assert not drop, (
        f"{len(drop)} redundant synonyms, e.g. {sorted(drop)[:5]}; run python -m tools.prune_lexicon"
    )
