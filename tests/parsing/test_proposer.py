"""The semantic proposer: it names screens to ask about a sentence the parser did not read, nothing more."""

from __future__ import annotations

import subprocess
import sys

import pytest

from legweak.kb.loader import load_kb
from tests.conftest import missing


@pytest.fixture(scope="module")
def proposer():
    try:
        import wordllama  # noqa: F401
    except ImportError as error:
        missing("wordllama", str(error))
    from legweak.parsing.proposer import proposer_for

    return proposer_for(load_kb())


@pytest.mark.parametrize(
    ("sentence", "screen"),
    [
        ("Food keeps going down the wrong way and I choke on drinks.", "breathing_swallowing"),
        ("I can't see properly out of one eye since this morning.", "stroke"),
    ],
)
def test_a_sentence_in_other_words_proposes_the_screen_it_is_about(proposer, sentence, screen):
    assert screen in [p.screen for p in proposer.propose(sentence)]


def test_proposals_are_screens_of_the_knowledge_base_and_at_most_three(proposer):
    kb = load_kb()
    screens = {s.id: set(s.findings) for s in kb.red_flags.screens}
    proposals = proposer.propose("My legs feel strange and I am worried.")
    assert len(proposals) <= 3
    assert all(p.finding in screens[p.screen] for p in proposals)
    assert len({p.screen for p in proposals}) == len(proposals)


def test_a_sentence_about_nothing_proposes_nothing(proposer):
    assert proposer.propose("I work in a warehouse.") == []


def test_the_model_is_not_loaded_by_parsing():
    """Start-up stays fast: parsing a text never imports wordllama."""
    code = (
        "import sys; from legweak.parsing import parse; parse('my left leg is weak'); "
        "print('wordllama' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
