"""The posterior is exact Bayes over one parent node, checked against brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest

from legweak.engine.model import ABSENT, PRESENT, UNKNOWN, Model, age_band
from legweak.engine.posterior import posterior
from legweak.errors import UnknownFindingError, UnknownValueError
from legweak.kb.loader import KnowledgeBase


def brute_force(kb: KnowledgeBase, age: int, sex: str, evidence: dict[str, str]) -> np.ndarray:
    """Textbook Bayes with dense tables, no log tricks, written independently of the engine."""
    band = age_band(age)
    weights = []
    for cond in kb.conditions:
        w = cond.prior.base * cond.prior.age.get(band, 1.0) * cond.prior.sex.get(sex, 1.0)  # type: ignore[arg-type]
        for fid, value in evidence.items():
            if value == UNKNOWN:
                continue
            finding = kb.findings[fid]
            lk = kb.likelihoods.get(cond.id, {}).get(fid)
            if finding.type == "binary":
                p = lk.p if lk is not None else finding.background.p
                assert p is not None
                w *= p if value == PRESENT else 1 - p
            else:
                dist = lk.dist if lk is not None else finding.background.dist
                assert dist is not None
                w *= dist[value]
        weights.append(w)
    arr = np.array(weights)
    return arr / arr.sum()


@pytest.mark.parametrize(
    "evidence",
    [
        {},
        {"onset": "sudden", "slurred_speech": PRESENT},
        {"back_pain": PRESENT, "onset": "days", "calf_swelling": ABSENT},
        {"calf_swelling": PRESENT, "bladder_retention": ABSENT, "slurred_speech": UNKNOWN},
    ],
)
def test_posterior_equals_brute_force_bayes(
    mini_kb: KnowledgeBase, mini_model: Model, evidence: dict[str, str]
) -> None:
    for age, sex in [(25, "female"), (50, "male"), (80, "female")]:
        got = posterior(mini_model, age, sex, evidence)  # type: ignore[arg-type]
        want = brute_force(mini_kb, age, sex, evidence)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_dont_know_is_no_evidence(mini_model: Model) -> None:
    before = posterior(mini_model, 60, "male", {"onset": "sudden"})
    after = posterior(
        mini_model, 60, "male", {"onset": "sudden", "back_pain": UNKNOWN, "calf_swelling": UNKNOWN}
    )
    np.testing.assert_array_equal(before, after)


def test_posterior_sums_to_one_and_is_deterministic(mini_model: Model) -> None:
    ev = {"onset": "sudden", "back_pain": ABSENT}
    a = posterior(mini_model, 70, "female", ev)
    b = posterior(mini_model, 70, "female", ev)
    assert math.isclose(float(a.sum()), 1.0)
    np.testing.assert_array_equal(a, b)


def test_evidence_moves_the_right_way(mini_model: Model) -> None:
    idx = mini_model.condition_ids.index
    prior = posterior(mini_model, 70, "male", {})
    post = posterior(mini_model, 70, "male", {"slurred_speech": PRESENT, "onset": "sudden"})
    assert post[idx("stroke")] > prior[idx("stroke")]
    assert post.argmax() == idx("stroke")


def test_priors_depend_on_age(mini_model: Model) -> None:
    young = posterior(mini_model, 25, "male", {})
    old = posterior(mini_model, 80, "male", {})
    i = mini_model.condition_ids.index("stroke")
    assert old[i] > young[i]


def test_unknown_ids_and_values_are_refused(mini_model: Model) -> None:
    with pytest.raises(UnknownFindingError):
        posterior(mini_model, 40, "male", {"no_such_thing": PRESENT})
    with pytest.raises(UnknownValueError, match="onset"):
        posterior(mini_model, 40, "male", {"onset": "yesterday"})
    with pytest.raises(UnknownValueError):
        posterior(mini_model, 40, "male", {"back_pain": "sudden"})
