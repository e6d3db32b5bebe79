"""The parser on the packaged knowledge base.

Mechanism is tested on the fixture lexicon in the other files; these tests check
that the real lexicon compiles, that each synonym finds its own finding, and a
few readings that need only finding ids and option values.
"""

from __future__ import annotations

import pytest

from legweak.kb.loader import load_kb
from legweak.parsing import parse
from tests.parsing.conftest import median_parse_seconds


@pytest.fixture(scope="module")
def real_kb():
    return load_kb()


def need(kb, finding_id: str, *values: str) -> None:
    finding = kb.findings.get(finding_id)
    assert finding is not None and set(values) <= set(finding.values), (finding_id, values)


def test_every_synonym_finds_its_own_finding(real_kb):
    """A synonym that, read alone, yields nothing is dead: hidden by another or by a trigger.

    Words a more specific finding shares ("on insulin" for diabetes and insulin) go to that one.
    """
    dead = []
    refiners: dict[str, set[str]] = {}
    for finding in real_kb.findings.values():
        for general in finding.refines:
            refiners.setdefault(general, set()).add(finding.id)
    for finding in real_kb.findings.values():
        phrases = [*finding.synonyms, *finding.absent_synonyms]
        phrases += [p for option in finding.options for p in option.synonyms]
        for phrase in phrases:
            if "..." in phrase:
                continue
            found = {f.id for f in parse(phrase, real_kb).findings}
            # A more specific finding that `refines` this one may take its words ("on insulin").
            if not found & {finding.id, *refiners.get(finding.id, ())}:
                dead.append(f"{finding.id}: {phrase!r}")
    assert not dead, "synonyms that do not find their own finding:\n" + "\n".join(dead)


def test_findings_use_only_ids_and_values_of_the_kb(real_kb):
    text = (
        "My left leg went weak suddenly about an hour ago and I can't walk properly. "
        "No back pain, no fever, and my bladder is fine. I'm 67."
    )
    result = parse(text, real_kb)
    assert result.age == 67
    for f in result.findings:
        assert f.value in real_kb.findings[f.id].values


def test_duration_from_the_time_reader(real_kb):
    need(real_kb, "duration", "weeks")
    found = {f.id: f.value for f in parse("My legs have been weak for three weeks.", real_kb).findings}
    assert found["duration"] == "weeks"


def test_side_from_the_side_reader(real_kb):
    need(real_kb, "side", "one_leg", "both_legs")
    assert {f.id: f.value for f in parse("My right leg is weak.", real_kb).findings}["side"] == "one_leg"
    assert {f.id: f.value for f in parse("Both legs are weak.", real_kb).findings}["side"] == "both_legs"


def test_speed_on_the_real_lexicon(real_kb):
    # A guard against rebuilding the pipeline per call (about a second), not a benchmark:
    # the median is a few ms even on a busy 2-core machine; BENCHMARKS.md has the real figures.
    assert median_parse_seconds(real_kb) < 0.15
