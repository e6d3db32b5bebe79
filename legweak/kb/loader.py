"""Load, validate and cross-check the knowledge base, once per process.

The result is immutable and carries the semantic version from `meta.yaml` and a
content hash of every data file, so a result can always say which knowledge it
came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from legweak.errors import KnowledgeBaseError
from legweak.kb.lexicon import ContextRules
from legweak.kb.schema import (
    PLAIN_BASES,
    Clause,
    Condition,
    ConditionLikelihoods,
    Finding,
    Likelihood,
    Measurements,
    Meta,
    RedFlags,
    Source,
    Thresholds,
    _check_dist,
    feature_source,
)
from legweak.kb.vocabulary import FILE as VOCABULARY_FILE
from legweak.kb.vocabulary import Vocabulary, merge_vocabulary

FILES = (
    "meta.yaml",
    "sources.yaml",
    "conditions.yaml",
    "findings.yaml",
    "likelihoods.yaml",
    "red_flags.yaml",
    "settings.yaml",
    "context.yaml",
)
#: Files a knowledge base may leave out; each stands for an empty table when absent.
OPTIONAL_FILES = ("measurements.yaml",)
NO_MEASUREMENTS = Measurements(links=[], foreign_units=[], measurements=[])

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class KnowledgeBase:
    meta: Meta
    sources: dict[str, Source]
    conditions: list[Condition]
    findings: dict[str, Finding]
    #: condition id -> finding id -> resolved figure (basis always filled in)
    likelihoods: dict[str, dict[str, Likelihood]]
    red_flags: RedFlags
    settings: Thresholds
    context: ContextRules
    hash: str
    condition_index: dict[str, Condition] = field(default_factory=dict)
    #: How lab values and vital signs are read from text (measurements.yaml).
    measurements: Measurements = NO_MEASUREMENTS
    #: Where imported synonyms came from (HPO); None when the folder has no such file.
    vocabulary: Vocabulary | None = None

    @property
    def version(self) -> str:
        return self.meta.version

    def condition(self, condition_id: str) -> Condition:
        return self.condition_index[condition_id]


def data_dir() -> Path:
    return Path(str(resources.files("legweak.kb") / "data"))


@cache
def load_kb() -> KnowledgeBase:
    """The packaged knowledge base, validated; cached for the life of the process."""
    return load_kb_from(data_dir())


def load_kb_from(directory: Path) -> KnowledgeBase:
    """Load a knowledge base from a folder (tests and `kb lint` use other folders).

    All or nothing: the first problem stops the load with a KnowledgeBaseError that
    names the folder, the file, the entry and the field, so a server never starts
    on part of a knowledge base.
    """
    if not directory.is_dir():
        raise KnowledgeBaseError(
            "", None, None, "the knowledge-base folder does not exist", folder=str(directory)
        )
    try:
        return _load(directory)
    except KnowledgeBaseError as exc:
        if exc.folder is not None:
            raise
        raise KnowledgeBaseError(exc.file, exc.entry, exc.field, exc.problem, folder=str(directory)) from None


def _load(directory: Path) -> KnowledgeBase:
    raw = {name: _read(directory / name) for name in FILES}
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode())
        digest.update((directory / name).read_bytes())
    optional = {name: _read(directory / name) for name in OPTIONAL_FILES if (directory / name).exists()}
    for name in optional:
        digest.update(name.encode())
        digest.update((directory / name).read_bytes())
    vocabulary = _read_vocabulary(directory, digest)

    meta = _model(Meta, raw["meta.yaml"], "meta.yaml", None)
    sources = {s.id: s for s in _entries(Source, raw["sources.yaml"], "sources.yaml", "sources")}
    conditions = _entries(Condition, raw["conditions.yaml"], "conditions.yaml", "conditions")
    findings = {f.id: f for f in _entries(Finding, raw["findings.yaml"], "findings.yaml", "findings")}
    red_flags = _model(RedFlags, raw["red_flags.yaml"], "red_flags.yaml", None)
    settings = _model(Thresholds, raw["settings.yaml"], "settings.yaml", None)
    context = _model(ContextRules, raw["context.yaml"], "context.yaml", None)
    measurements = NO_MEASUREMENTS
    if "measurements.yaml" in optional:
        measurements = _model(Measurements, optional["measurements.yaml"], "measurements.yaml", None)
    if vocabulary is not None:
        findings = merge_vocabulary(vocabulary, findings, set(sources))

    like_raw = _mapping(raw["likelihoods.yaml"], "likelihoods.yaml", "likelihoods")
    blocks: dict[str, ConditionLikelihoods] = {}
    for cid, block in like_raw.items():
        blocks[str(cid)] = _model(ConditionLikelihoods, block, "likelihoods.yaml", str(cid))

    kb = KnowledgeBase(
        meta=meta,
        sources=sources,
        conditions=conditions,
        findings=findings,
        likelihoods=_resolve_likelihoods(blocks, findings),
        red_flags=red_flags,
        settings=settings,
        context=context,
        hash=digest.hexdigest()[:16],
        condition_index={c.id: c for c in conditions},
        measurements=measurements,
        vocabulary=vocabulary,
    )
    _cross_check(kb, blocks)
    return kb


def _read_vocabulary(directory: Path, digest: Any) -> Vocabulary | None:
    """The optional imported vocabulary (hpo_synonyms.yaml), counted in the content hash."""
    path = directory / VOCABULARY_FILE
    if not path.exists():
        return None
    digest.update(VOCABULARY_FILE.encode())
    digest.update(path.read_bytes())
    return _model(Vocabulary, _read(path), VOCABULARY_FILE, None)


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeBaseError(path.name, None, None, "file is missing") from None
    except UnicodeDecodeError as exc:
        raise KnowledgeBaseError(
            path.name, None, None, f"not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise KnowledgeBaseError(path.name, None, None, f"cannot be read ({exc.strerror})") from None
    try:
        # The C loader is safe and eight times faster; start-up spends most of its time here.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(path.name, None, None, f"not valid YAML: {exc}") from None


def _mapping(data: Any, file: str, key: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        raise KnowledgeBaseError(file, None, key, f"expected a mapping under {key!r}")
    extra = set(data) - {key}
    if extra:
        raise KnowledgeBaseError(file, None, sorted(extra)[0], "unknown top-level key")
    mapping: dict[str, Any] = data[key]
    return mapping


def _entries(model: type[M], data: Any, file: str, key: str) -> list[M]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise KnowledgeBaseError(file, None, key, f"expected a list under {key!r}")
    extra = set(data) - {key}
    if extra:
        raise KnowledgeBaseError(file, None, sorted(extra)[0], "unknown top-level key")
    out: list[M] = []
    seen: set[str] = set()
    for index, item in enumerate(data[key]):
        name = item.get("id") if isinstance(item, dict) else None
        entry = str(name) if name else f"#{index + 1}"
        parsed = _model(model, item, file, entry)
        ident = getattr(parsed, "id", entry)
        if ident in seen:
            raise KnowledgeBaseError(file, ident, "id", "duplicate id")
        seen.add(ident)
        out.append(parsed)
    return out


def _model(model: type[M], data: Any, file: str, entry: str | None) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(part) for part in err["loc"]) or None
        raise KnowledgeBaseError(file, entry, loc, err["msg"]) from None


def _resolve_likelihoods(
    blocks: dict[str, ConditionLikelihoods], findings: dict[str, Finding]
) -> dict[str, dict[str, Likelihood]]:
    out: dict[str, dict[str, Likelihood]] = {}
    for cid, block in blocks.items():
        resolved: dict[str, Likelihood] = {}
        for fid, figure in block.findings.items():
            if isinstance(figure, Likelihood):
                resolved[fid] = figure.model_copy(update={"basis": figure.basis or block.basis})
            else:
                if not 0 < figure < 1:
                    raise KnowledgeBaseError(
                        "likelihoods.yaml", cid, f"findings.{fid}", "must be strictly between 0 and 1"
                    )
                resolved[fid] = Likelihood(p=figure, basis=block.basis)
        out[cid] = resolved
    return out


def _cross_check(kb: KnowledgeBase, blocks: dict[str, ConditionLikelihoods]) -> None:
    file = "likelihoods.yaml"
    condition_ids = set(kb.condition_index)
    catch_all = [c.id for c in kb.conditions if c.catch_all]
    if len(catch_all) != 1:
        raise KnowledgeBaseError(
            "conditions.yaml", None, "catch_all", "exactly one condition must be the catch-all"
        )

    def check_basis(basis: str, f: str, entry: str, fld: str) -> None:
        if basis in PLAIN_BASES or basis in kb.sources:
            return
        cited = feature_source(basis)
        if cited is None:
            raise KnowledgeBaseError(
                f,
                entry,
                fld,
                f"basis {basis!r} is neither a source id, nor one of {PLAIN_BASES}, "
                "nor 'judgement (feature: SOURCE_ID)'",
            )
        if cited not in kb.sources:
            raise KnowledgeBaseError(f, entry, fld, f"basis {basis!r} names unknown source {cited!r}")

    for cond in kb.conditions:
        check_basis(cond.prior.basis, "conditions.yaml", cond.id, "prior.basis")
        for src in cond.sources:
            if src not in kb.sources:
                raise KnowledgeBaseError("conditions.yaml", cond.id, "sources", f"unknown source {src!r}")
    for finding in kb.findings.values():
        check_basis(finding.background.basis, "findings.yaml", finding.id, "background.basis")
        for fid in [*finding.covers, *([finding.family] if finding.family else [])]:
            other = kb.findings.get(fid)
            if other is None or other.type != "binary" or finding.type != "binary":
                raise KnowledgeBaseError(
                    "findings.yaml", finding.id, "covers/family", f"{fid!r} must be a yes/no finding"
                )
        _check_refines(kb, finding)
    _check_follow_ups(kb)
    for cid in blocks:
        if cid not in condition_ids:
            raise KnowledgeBaseError(file, cid, None, "no such condition in conditions.yaml")
    for cid, figures in kb.likelihoods.items():
        for fid, lk in figures.items():
            if fid not in kb.findings:
                raise KnowledgeBaseError(file, cid, f"findings.{fid}", "no such finding")
            finding = kb.findings[fid]
            check_basis(lk.basis or "", file, cid, f"findings.{fid}.basis")
            if finding.type == "binary" and lk.p is None:
                raise KnowledgeBaseError(file, cid, f"findings.{fid}", "a yes/no finding takes p")
            if finding.type == "categorical":
                if lk.dist is None:
                    raise KnowledgeBaseError(file, cid, f"findings.{fid}", "a choice takes dist")
                try:
                    _check_dist(lk.dist, finding.values, "dist")
                except ValueError as exc:
                    raise KnowledgeBaseError(file, cid, f"findings.{fid}", str(exc)) from None

    def known_only(clauses: list[Clause], f: str, entry: str, fld: str, what: str) -> None:
        for clause in clauses:
            if clause.value is None and not clause.absent:
                raise KnowledgeBaseError(
                    f,
                    entry,
                    fld,
                    f"{what} may test a value or an absence, not the presence of {clause.finding!r}",
                )

    def check_clause(clause: Clause, f: str, entry: str) -> None:
        finding = kb.findings.get(clause.finding)
        if finding is None:
            raise KnowledgeBaseError(f, entry, "finding", f"no such finding {clause.finding!r}")
        if clause.value is not None:
            if finding.type != "categorical":
                raise KnowledgeBaseError(f, entry, "value", f"{finding.id} is yes/no, not a choice")
            for value in clause.value:
                if value not in finding.values:
                    raise KnowledgeBaseError(f, entry, "value", f"{finding.id} has no value {value!r}")

    for rule in kb.red_flags.rules:
        check_basis(rule.basis, "red_flags.yaml", rule.id, "basis")
        for clause in [*rule.all, *rule.any]:
            if clause.absent:
                # A rule that fires on an absence would be switched off by a presence.
                raise KnowledgeBaseError(
                    "red_flags.yaml",
                    rule.id,
                    "all/any",
                    f"a rule may not fire on the absence of {clause.finding!r}: name the warning sign "
                    "itself as a finding that is present",
                )
        # A present finding must never switch a warning sign off: more warning signs can
        # only raise the floor. Exceptions are a known value of a choice or a known absence.
        known_only(rule.unless, "red_flags.yaml", rule.id, "unless", "an unless clause")
        for clause in [*rule.all, *rule.any, *rule.unless]:
            check_clause(clause, "red_flags.yaml", rule.id)
        for fid in rule.watch:
            if fid not in kb.findings:
                raise KnowledgeBaseError("red_flags.yaml", rule.id, "watch", f"no such finding {fid!r}")
    for cond in kb.conditions:
        if cond.milder is None:
            continue
        check_basis(cond.milder.basis, "conditions.yaml", cond.id, "milder.basis")
        # As with a rule's unless: what is present can never make a level milder.
        known_only(cond.milder.when, "conditions.yaml", cond.id, "milder.when", "a milder level's clause")
        for clause in cond.milder.when:
            check_clause(clause, "conditions.yaml", cond.id)
    for screen in kb.red_flags.screens:
        for clause in screen.ask_if:
            check_clause(clause, "red_flags.yaml", screen.id)
        for fid in screen.findings:
            if fid not in kb.findings:
                raise KnowledgeBaseError("red_flags.yaml", screen.id, "findings", f"no such finding {fid!r}")
    _check_measurements(kb, check_basis)
    check_basis(kb.settings.basis, "settings.yaml", "settings", "basis")
    check_basis(kb.settings.risk_basis, "settings.yaml", "settings", "risk_basis")


def _check_measurements(kb: KnowledgeBase, check_basis: Callable[[str, str, str, str], None]) -> None:
    """Each measurement fills a real finding, and each band is one of its values."""
    file = "measurements.yaml"
    seen: set[str] = set()
    for m in kb.measurements.measurements:
        if m.id in seen:
            raise KnowledgeBaseError(file, m.id, "id", "duplicate id")
        seen.add(m.id)
        check_basis(m.basis, file, m.id, "basis")
        finding = kb.findings.get(m.finding)
        if finding is None:
            raise KnowledgeBaseError(file, m.id, "finding", f"no such finding {m.finding!r}")
        for band in m.bands:
            check_basis(band.basis, file, m.id, f"bands.{band.value}.basis")
            if band.value not in finding.values:
                raise KnowledgeBaseError(file, m.id, "bands", f"{finding.id} has no value {band.value!r}")
        if m.support is not None:
            for value in m.support.keeps:
                if value not in finding.values:
                    raise KnowledgeBaseError(
                        file, m.id, "support.keeps", f"{finding.id} has no value {value!r}"
                    )
    arms = kb.measurements.arm_difference
    if arms is not None:
        check_basis(arms.basis, file, "arm_difference", "basis")
        finding = kb.findings.get(arms.finding)
        if finding is None or finding.type != "binary":
            raise KnowledgeBaseError(
                file, "arm_difference", "finding", f"{arms.finding!r} is not a yes/no finding"
            )


def _check_refines(kb: KnowledgeBase, finding: Finding) -> None:
    """`refines` names other yes/no findings, never itself, and never runs in a circle."""
    for fid in finding.refines:
        other = kb.findings.get(fid)
        if other is None or other.type != "binary" or finding.type != "binary":
            raise KnowledgeBaseError(
                "findings.yaml", finding.id, "refines", f"{fid!r} must be a yes/no finding"
            )
        if fid == finding.id:
            raise KnowledgeBaseError("findings.yaml", finding.id, "refines", "a finding cannot refine itself")
    seen = {finding.id}
    todo = list(finding.refines)
    while todo:
        fid = todo.pop()
        if fid == finding.id:
            raise KnowledgeBaseError(
                "findings.yaml", finding.id, "refines", "refinements run in a circle back to this finding"
            )
        if fid in seen:
            continue
        seen.add(fid)
        other = kb.findings.get(fid)
        todo += other.refines if other is not None else []


def _check_follow_ups(kb: KnowledgeBase) -> None:
    """A follow-up names a yes/no finding, never itself or a circle, and is asked after it.

    The terminal asks a screen's items in order and skips a follow-up once the
    finding it follows was answered "no", so that finding must come first on
    every screen and in every group the two share.
    """
    file = "findings.yaml"
    order = list(kb.findings)
    for finding in kb.findings.values():
        if finding.requires is None:
            continue
        parent = kb.findings.get(finding.requires)
        if parent is None:
            raise KnowledgeBaseError(file, finding.id, "requires", f"no such finding {finding.requires!r}")
        if parent.type != "binary" or finding.type != "binary":
            raise KnowledgeBaseError(
                file, finding.id, "requires", f"a follow-up and {parent.id!r} must both be yes/no findings"
            )
        seen = {finding.id}
        step: Finding | None = parent
        while step is not None:
            if step.id in seen:
                raise KnowledgeBaseError(
                    file, finding.id, "requires", f"follow-ups run in a circle through {step.id!r}"
                )
            seen.add(step.id)
            step = kb.findings.get(step.requires) if step.requires else None
        if (
            parent.group is not None
            and parent.group == finding.group
            and order.index(parent.id) > order.index(finding.id)
        ):
            raise KnowledgeBaseError(
                file, finding.id, "requires", f"{parent.id!r} shares its group and must be listed before it"
            )
        for screen in kb.red_flags.screens:
            shared = finding.id in screen.findings and parent.id in screen.findings
            if shared and screen.findings.index(parent.id) > screen.findings.index(finding.id):
                raise KnowledgeBaseError(
                    "red_flags.yaml",
                    screen.id,
                    "findings",
                    f"{parent.id!r} must come before its follow-up {finding.id!r}",
                )
