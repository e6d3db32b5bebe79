"""Checks beyond the schema: codes, coverage, and things a reviewer would flag.

Loading already refuses malformed files. Lint adds what needs outside data
(ICD-10-CM validity) or judgement (a finding nothing uses is probably a typo).
Problems are errors; oddities are warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from legweak.errors import KnowledgeBaseError
from legweak.kb.loader import KnowledgeBase, data_dir, load_kb_from
from legweak.kb.schema import feature_source


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    where: str
    message: str


def lint(
    directory: Path | None = None, conditions_table: Path | None = None
) -> tuple[KnowledgeBase | None, list[Finding]]:
    """Every check; with `conditions_table` (CONDITIONS.md) also that each of its codes is carried."""
    try:
        kb = load_kb_from(directory or data_dir())
    except KnowledgeBaseError as exc:
        return None, [Finding("error", exc.file, str(exc))]
    table = [] if conditions_table is None else _table(kb, conditions_table)
    return kb, [*_codes(kb), *_coverage(kb), *_refinements(kb), *table]


def _refinements(kb: KnowledgeBase) -> list[Finding]:
    """A special case cannot be likelier than what it is a case of.

    "Unable to stand" refines "legs give way", "a stocking pattern" refines
    numbness and tingling: under any condition, the specific finding's figure
    (or its background when the condition does not list it) must not exceed the
    most likely of its general findings, or a person who gives the specific
    words is scored as if they had said more than the general ones.
    """
    out: list[Finding] = []
    tolerance = 1e-9

    def p(cond: str, fid: str) -> float:
        lk = kb.likelihoods.get(cond, {}).get(fid)
        if lk is not None and lk.p is not None:
            return float(lk.p)
        return float(kb.findings[fid].background.p or 0.0)

    for fid, finding in kb.findings.items():
        parents = [g for g in finding.refines if kb.findings[g].type == "binary"]
        if finding.type != "binary" or not parents:
            continue
        for cond in kb.likelihoods:
            child, most = p(cond, fid), max(p(cond, g) for g in parents)
            if child > most + tolerance:
                out.append(
                    Finding(
                        "error",
                        f"likelihoods.yaml:{cond}",
                        f"{fid} ({child:g}) is likelier than {' / '.join(parents)} ({most:g}), "
                        "which it refines",
                    )
                )
    return out


def table_rows(text: str) -> list[tuple[str, list[str]]]:
    """(condition, codes) for every row of the markdown tables of CONDITIONS.md."""
    rows: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.startswith("|") or "ICD-10-CM" in line or set(line) <= {"|", "-", " "}:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2:
            rows.append((cells[0], [c.strip() for c in cells[1].split(",") if c.strip()]))
    return rows


def _table(kb: KnowledgeBase, path: Path) -> list[Finding]:
    """The evaluation scores a case on its expected codes: a code no condition carries can never be hit."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [Finding("error", str(path), f"cannot read the conditions table: {exc.strerror}")]
    rows = table_rows(text)
    if not rows:
        return [Finding("error", str(path), "no table rows with ICD-10-CM codes were found")]
    ours = {code for c in kb.conditions for code in c.icd10}
    return [
        Finding("error", f"{path.name}:{name}", f"{code} is carried by no condition")
        for name, codes in rows
        for code in codes
        if code not in ours
    ]


def _codes(kb: KnowledgeBase) -> list[Finding]:
    import simple_icd_10_cm as cm

    out: list[Finding] = []
    for cond in kb.conditions:
        for code in cond.icd10:
            if not cm.is_valid_item(code):
                out.append(Finding("error", f"conditions.yaml:{cond.id}", f"{code} is not an ICD-10-CM code"))
    for cond in kb.conditions:
        for other in kb.conditions:
            if other.id == cond.id:
                continue
            for code in cond.icd10:
                for theirs in other.icd10:
                    if theirs != code and theirs.startswith(code):
                        out.append(
                            Finding(
                                "error",
                                f"conditions.yaml:{cond.id}",
                                f"{code} is a strict prefix of {theirs} ({other.id}): it would match both",
                            )
                        )
    return out


def _coverage(kb: KnowledgeBase) -> list[Finding]:
    out: list[Finding] = []
    used: set[str] = set()
    for figures in kb.likelihoods.values():
        used.update(figures)
    rule_findings = {c.finding for r in kb.red_flags.rules for c in [*r.all, *r.any, *r.unless]}
    for cond in kb.conditions:
        if not cond.catch_all and len(kb.likelihoods.get(cond.id, {})) < 5:
            out.append(
                Finding(
                    "error", f"likelihoods.yaml:{cond.id}", "fewer than 5 findings describe this condition"
                )
            )
    for fid, finding in kb.findings.items():
        covers_used = any(c in used or c in rule_findings for c in finding.covers)
        if fid not in used and fid not in rule_findings and not covers_used:
            out.append(Finding("warning", f"findings.yaml:{fid}", "no likelihood or rule uses this finding"))
        if finding.askable is False and not finding.synonyms and not finding.options:
            out.append(
                Finding("error", f"findings.yaml:{fid}", "not askable and no synonyms: it can never be known")
            )
    cited = {s for c in kb.conditions for s in c.sources}
    cited |= {c.prior.basis for c in kb.conditions}
    cited |= {r.basis for r in kb.red_flags.rules}
    cited |= {lk.basis or "" for figures in kb.likelihoods.values() for lk in figures.values()}
    cited |= {f.background.basis for f in kb.findings.values()}
    for m in kb.measurements.measurements:
        cited |= {m.basis, *(b.basis for b in m.bands)}
    cited |= {kb.vocabulary.source.basis} if kb.vocabulary else set()
    cited |= {feature_source(b) or "" for b in set(cited)}
    for sid in kb.sources:
        if sid not in cited:
            out.append(
                Finding(
                    "warning",
                    f"sources.yaml:{sid}",
                    "no figure, rule, condition or vocabulary cites this source",
                )
            )
    screened = {f for s in kb.red_flags.screens for f in s.findings}
    for rule in kb.red_flags.rules:
        for fid in rule.watch:
            if fid not in screened and kb.findings[fid].askable and kb.findings[fid].type == "binary":
                out.append(
                    Finding("warning", f"red_flags.yaml:{rule.id}", f"watched finding {fid} is in no screen")
                )
    return out
