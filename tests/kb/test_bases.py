"""The share of judgement is stated as a number, and the number stays true."""

from __future__ import annotations

from pathlib import Path

from legweak.kb.bases import shares, shares_markdown
from legweak.kb.loader import KnowledgeBase
from legweak.kb.schema import basis_kind, feature_source

DOC = Path(__file__).parents[2] / "docs" / "knowledge-base.md"


def test_the_docs_print_the_current_shares(kb: KnowledgeBase) -> None:
    assert shares_markdown(kb) in DOC.read_text(), "regenerate with legweak.kb.bases.shares_markdown()"


def test_every_figure_is_counted_once(kb: KnowledgeBase) -> None:
    likelihoods, priors, backgrounds = shares(kb)
    assert likelihoods.total == sum(len(f) for f in kb.likelihoods.values())
    assert priors.total == len(kb.conditions)
    assert backgrounds.total == len(kb.findings)


def test_the_four_kinds_of_basis() -> None:
    assert basis_kind("clinical judgement") == "judgement"
    assert basis_kind("calibrated on development cases") == "calibrated"
    assert basis_kind("judgement (feature: nice_ng59)") == "feature"
    assert feature_source("judgement (feature: nice_ng59)") == "nice_ng59"
    assert basis_kind("nice_ng59") == "source"
    assert feature_source("nice_ng59") is None


def test_no_prior_claims_a_source_for_its_numbers(kb: KnowledgeBase) -> None:
    """No study counts these causes among people who report leg weakness: a work can only back the pattern."""
    assert {basis_kind(c.prior.basis) for c in kb.conditions} <= {"feature", "judgement"}
