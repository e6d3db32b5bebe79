"""Benchmark 1: one interview step on the shipped knowledge base.

A step is what `legweak check` and the API do between two questions: given the
session's answers, compute the posterior and decide the next question —
`Checker.next_question`, i.e. `engine.posterior` + `engine.interview.decide` on the
checker's compiled model, and the question in the shape adapters show.

Evidence: fixed-seed sessions in which every red-flag screen has been answered
(signs absent, as in most interviews) plus `EVIDENCE_SIZE` other answered findings,
so that `decide` reaches the information-gain branch rather than returning a
pending screen early. Sets in which an emergency rule would fire are redrawn (the
interview would stop without any computation).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from benchmarks.common import SEED, skipped, time_calls
from legweak.engine.interview import decide, expected_gains
from legweak.engine.model import ABSENT, PRESENT
from legweak.engine.posterior import posterior
from legweak.engine.triage import EMERGENCY_LEVELS, rule_floor
from legweak.kb.loader import KnowledgeBase, load_kb
from legweak.service import Checker, Session

EVIDENCE_SIZE = 8
SESSIONS = 16
PATIENTS: tuple[tuple[int, str], ...] = ((24, "female"), (47, "male"), (71, "female"), (83, "male"))


def sessions(checker: Checker, count: int = SESSIONS, seed: int = SEED) -> list[Session]:
    """Fixed-seed sessions built through `Checker.start` and `Checker.given`."""
    kb = checker.kb
    rng = np.random.default_rng([seed, 1])
    screened = {f for screen in kb.red_flags.screens for f in screen.findings if kb.findings[f].askable}
    others = sorted(f for f, finding in kb.findings.items() if finding.askable and f not in screened)
    out: list[Session] = []
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        evidence: dict[str, str] = {}
        for fid in sorted(screened):
            finding = kb.findings[fid]
            values = list(finding.values)
            evidence[fid] = ABSENT if finding.type == "binary" else values[int(rng.integers(len(values)))]
        picked = rng.choice(len(others), size=min(EVIDENCE_SIZE, len(others)), replace=False)
        for i in picked:
            finding = kb.findings[others[int(i)]]
            if finding.type == "binary":
                evidence[finding.id] = PRESENT if rng.random() < 0.4 else ABSENT
            else:
                values = list(finding.values)
                evidence[finding.id] = values[int(rng.integers(len(values)))]
        if rule_floor(kb, evidence) in EMERGENCY_LEVELS:
            continue
        age, sex = PATIENTS[len(out) % len(PATIENTS)]
        session = checker.start(age, sex)
        checker.given(session, evidence)
        out.append(session)
    if not out:
        raise RuntimeError("every drawn evidence set fires an emergency rule")
    return out


def run(quick: bool = False, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Median and p99 of `Checker.next_question` on a state not yet worked out, with the
    posterior / gain / decide split."""
    try:
        kb = kb or load_kb()
    except Exception as exc:
        return skipped(
            f"the knowledge base did not load ({type(exc).__name__}: {exc})", median=None, p99=None
        )
    checker = Checker(kb)
    model = checker.model
    sess = sessions(checker)
    n = len(sess)
    runs, per_run = (3, 200) if quick else (7, 2000)

    def full_step(i: int) -> object:
        # A new answer is a state the checker has not seen: its memo of worked-out states
        # (legweak/service/memo.py) is emptied first, or this would time a dictionary lookup.
        checker._states.clear()
        return checker.next_question(sess[i % n])

    posts = [posterior(model, s.age, s.sex, s.evidence) for s in sess]
    result = time_calls(full_step, runs=runs, per_run=per_run)
    result["parts_ms"] = {
        "posterior": time_calls(
            lambda i: posterior(model, sess[i % n].age, sess[i % n].sex, sess[i % n].evidence),
            runs=runs,
            per_run=per_run,
        )["median"],
        "expected_gains": time_calls(
            lambda i: expected_gains(model, posts[i % n], kb.settings.danger_weight),
            runs=runs,
            per_run=per_run,
        )["median"],
        "decide": time_calls(
            lambda i: decide(kb, model, posts[i % n], sess[i % n].evidence, sess[i % n].questions_asked),
            runs=runs,
            per_run=per_run,
        )["median"],
    }
    outcomes = Counter(
        "question" if (q := checker.result(s)).next_question is not None else f"stop: {q.stop_reason}"
        for s in sess
    )
    result.update(
        kb_version=kb.version,
        kb_hash=kb.hash,
        conditions=model.n_conditions,
        findings=len(model.finding_ids),
        entries=len(model.log_ratio),
        sessions=n,
        answered_per_session=float(np.mean([len(s.evidence) for s in sess])),
        outcomes=dict(outcomes),
    )
    return result
