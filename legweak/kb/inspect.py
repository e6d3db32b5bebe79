"""Read-only views of the knowledge base for `legweak kb` and the API."""

from __future__ import annotations

from typing import Any

from legweak.kb.loader import KnowledgeBase


def listing(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "kb_version": kb.version,
        "kb_hash": kb.hash,
        "conditions": [
            {"id": c.id, "name": c.name, "icd10": list(c.icd10), "category": c.category}
            for c in kb.conditions
        ],
        "findings": [
            {
                "id": f.id,
                "question": f.question,
                "hpo": f.hpo.model_dump() if f.hpo else None,
                "type": f.type,
                "options": [o.value for o in f.options],
            }
            for f in kb.findings.values()
        ],
    }


def show(entry_id: str, kb: KnowledgeBase) -> dict[str, Any] | None:
    """One entry of any kind, with its likelihoods where it has them."""
    if entry_id in kb.condition_index:
        out = {"kind": "condition", **kb.condition(entry_id).model_dump()}
        out["likelihoods"] = {
            fid: lk.model_dump(exclude_none=True) for fid, lk in kb.likelihoods.get(entry_id, {}).items()
        }
        return out
    if entry_id in kb.findings:
        out = {"kind": "finding", **kb.findings[entry_id].model_dump(exclude_none=True)}
        imported = _imported(kb, entry_id)
        if imported:
            out["imported_synonyms"] = imported
        out["likelihoods"] = {
            cid: figures[entry_id].model_dump(exclude_none=True)
            for cid, figures in kb.likelihoods.items()
            if entry_id in figures
        }
        return out
    for rule in kb.red_flags.rules:
        if rule.id == entry_id:
            return {"kind": "red_flag_rule", **rule.model_dump(exclude_defaults=True)}
    for screen in kb.red_flags.screens:
        if screen.id == entry_id:
            return {"kind": "screen", **screen.model_dump(exclude_defaults=True)}
    if entry_id in kb.sources:
        return {"kind": "source", **kb.sources[entry_id].model_dump(exclude_none=True)}
    return None


def _imported(kb: KnowledgeBase, finding_id: str) -> dict[str, Any] | None:
    """Which of the finding's synonyms came from HPO, and from which term and release."""
    term = kb.vocabulary.term_of(finding_id) if kb.vocabulary else None
    if kb.vocabulary is None or term is None:
        return None
    excluded = [e.model_dump(exclude_none=True) for e in kb.vocabulary.excluded if e.finding == finding_id]
    return {
        "source": kb.vocabulary.source.basis,
        "hpo": term.hpo,
        "hpo_name": term.name,
        "data_version": kb.vocabulary.source.data_version,
        "phrases": [p.model_dump(exclude_none=True) for p in term.phrases],
        "excluded": excluded,
    }


def _clauses(rule_clauses: list[Any], joiner: str) -> str:
    parts = []
    for c in rule_clauses:
        if c.value is not None:
            parts.append(f"{c.finding} in {{{', '.join(c.value)}}}")
        elif c.absent:
            parts.append(f"no {c.finding}")
        else:
            parts.append(c.finding)
    return f" {joiner} ".join(parts)


def rules_markdown(kb: KnowledgeBase) -> str:
    """The red-flag rule table, for docs/clinical-safety.md."""
    lines = [
        "| rule | warning sign | minimum level | fires when | unless (known answers only) | why | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in kb.red_flags.rules:
        when = " and ".join(
            part for part in (_clauses(r.all, "and"), f"({_clauses(r.any, 'or')})" if r.any else "") if part
        )
        unless = _clauses(r.unless, "or") or "-"
        source = kb.sources[r.basis].citation if r.basis in kb.sources else r.basis
        lines.append(f"| `{r.id}` | {r.sign} | `{r.level}` | {when} | {unless} | {r.reason} | {source} |")
    return "\n".join(lines)
