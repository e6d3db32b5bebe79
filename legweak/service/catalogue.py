"""The knowledge base as callers see it: conditions and findings in the public schema.

Callers get copies in `schemas` shapes, never the knowledge base's own entries,
so its internal layout (priors, likelihoods, synonyms) can change without
breaking a client.
"""

from __future__ import annotations

import difflib
import re

from legweak.errors import UnknownConditionError, UnknownFindingError
from legweak.kb.loader import KnowledgeBase
from legweak.service import schemas


def kb_info(kb: KnowledgeBase, engine_version: str) -> schemas.KbInfo:
    return schemas.KbInfo(
        kb_version=kb.version,
        kb_hash=kb.hash,
        engine_version=engine_version,
        conditions=len(kb.conditions),
        findings=len(kb.findings),
        red_flag_rules=len(kb.red_flags.rules),
    )


def condition(kb: KnowledgeBase, condition_id: str) -> schemas.ConditionInfo:
    cond = kb.condition_index.get(condition_id)
    if cond is None:
        raise UnknownConditionError(
            condition_id, difflib.get_close_matches(condition_id, kb.condition_index, 3)
        )
    return schemas.ConditionInfo(
        id=cond.id,
        name=cond.name,
        icd10=list(cond.icd10),
        category=cond.category,
        urgency=cond.urgency,
        site=cond.site,
        explanation=cond.explanation,
        advice=cond.advice,
    )


def finding(kb: KnowledgeBase, finding_id: str) -> schemas.FindingInfo:
    f = kb.findings.get(finding_id)
    if f is None:
        raise UnknownFindingError(finding_id, difflib.get_close_matches(finding_id, kb.findings, 3))
    return schemas.FindingInfo(
        id=f.id,
        type=f.type,
        question=f.question,
        label=f.label,
        values=list(f.values),
        options=[schemas.Option(id=o.value, label=o.label) for o in f.options],
        hpo=schemas.Hpo(id=f.hpo.id, label=f.hpo.label) if f.hpo else None,
        askable=f.askable,
    )


def rule(kb: KnowledgeBase, rule_id: str) -> schemas.RuleInfo:
    """A red-flag rule with the works its basis names (basis ids separated by commas or spaces)."""
    found = next(r for r in kb.red_flags.rules if r.id == rule_id)
    named = [part for part in re.split(r"[,\s]+", found.basis) if part in kb.sources]
    return schemas.RuleInfo(
        id=found.id,
        sign=found.sign,
        level=found.level,
        reason=found.reason,
        sources=[
            schemas.SourceInfo(id=s, citation=kb.sources[s].citation, url=kb.sources[s].url) for s in named
        ],
        basis=found.basis,
    )


def levels(kb: KnowledgeBase) -> list[schemas.LevelInfo]:
    return [
        schemas.LevelInfo(level=level, title=text.title, advice=text.advice)
        for level, text in kb.settings.levels.items()
    ]
