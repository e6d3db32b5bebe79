"""Imported vocabulary: phrases from the Human Phenotype Ontology, with their provenance.

`hpo_synonyms.yaml` is written by a build-time tool (`python -m tools.hpo_vocabulary`)
from HPO's `hp.obo`, never at start-up. It holds, for findings that carry an HPO
term, that term's name and EXACT synonyms in the form the matcher can use, and a
reviewed exclusion list of phrases that would mean more than the finding.

The loader merges the phrases into the findings' `synonyms`, so the parser sees
them like any hand-written synonym, while `KnowledgeBase.vocabulary` keeps where
each one came from. Merging is checked: the finding must exist and carry the very
same HPO term, and each phrase passes the synonym checks of `findings.yaml`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from legweak.errors import KnowledgeBaseError
from legweak.kb.schema import Finding, Identifier, Strict, _check_phrase

FILE = "hpo_synonyms.yaml"

HpoId = Annotated[str, Field(pattern=r"^HP:\d{7}$")]
#: HPO's synonym types that can stand for a finding (obsolete synonyms never do).
SynonymType = Literal["layperson", "uk_spelling", "plural_form", "abbreviation"]


class VocabularySource(Strict):
    ontology: str
    #: The `data-version:` header of the hp.obo the phrases were read from.
    data_version: str
    #: A source id from sources.yaml.
    basis: Identifier


class ImportedPhrase(Strict):
    phrase: str
    #: The term's own name, or one of its EXACT synonyms.
    origin: Literal["name", "exact synonym"]
    #: HPO's synonym type, when it gives one.
    type: SynonymType | None = None

    @field_validator("phrase")
    @classmethod
    def _phrase(cls, phrase: str) -> str:
        _check_phrase(phrase)
        return phrase

    @property
    def layperson(self) -> bool:
        return self.type == "layperson"


class SkippedPhrase(Strict):
    """An EXACT synonym the tool left out by rule (not usable, or already known)."""

    phrase: str
    why: str


class ImportedTerm(Strict):
    finding: Identifier
    hpo: HpoId
    name: str
    phrases: list[ImportedPhrase] = Field(default_factory=list)
    skipped: list[SkippedPhrase] = Field(default_factory=list)


class Exclusion(Strict):
    """A reviewed decision: this phrase (or, without one, the whole term) is not imported."""

    finding: Identifier
    phrase: str | None = None
    reason: str = Field(min_length=20)


class Vocabulary(Strict):
    source: VocabularySource
    excluded: list[Exclusion] = Field(default_factory=list)
    terms: list[ImportedTerm] = Field(default_factory=list)

    def phrases_of(self, finding_id: str) -> list[ImportedPhrase]:
        return [p for t in self.terms if t.finding == finding_id for p in t.phrases]

    def term_of(self, finding_id: str) -> ImportedTerm | None:
        return next((t for t in self.terms if t.finding == finding_id), None)


def merge_vocabulary(
    vocabulary: Vocabulary, findings: dict[str, Finding], sources: set[str]
) -> dict[str, Finding]:
    """The findings with the imported phrases appended to their synonyms.

    A phrase already among the finding's synonyms is not added twice. Every
    reference is checked, so a finding renamed or re-coded in findings.yaml
    cannot silently keep phrases that were chosen for another term.
    """
    if vocabulary.source.basis not in sources:
        raise KnowledgeBaseError(
            FILE, None, "source.basis", f"{vocabulary.source.basis!r} is not a source id in sources.yaml"
        )
    for exclusion in vocabulary.excluded:
        if exclusion.finding not in findings:
            raise KnowledgeBaseError(FILE, exclusion.finding, "excluded", "no such finding in findings.yaml")
    excluded = {(e.finding, e.phrase) for e in vocabulary.excluded}
    merged = dict(findings)
    seen: set[str] = set()
    for term in vocabulary.terms:
        finding = findings.get(term.finding)
        if finding is None:
            raise KnowledgeBaseError(FILE, term.finding, "finding", "no such finding in findings.yaml")
        if finding.hpo is None or finding.hpo.id != term.hpo:
            carried = finding.hpo.id if finding.hpo else "no HPO term"
            raise KnowledgeBaseError(
                FILE,
                term.finding,
                "hpo",
                f"{term.hpo} is not the finding's own term ({carried}); regenerate with "
                "'python -m tools.hpo_vocabulary'",
            )
        if finding.type != "binary":
            raise KnowledgeBaseError(FILE, term.finding, "finding", "only a yes/no finding takes synonyms")
        if term.finding in seen:
            raise KnowledgeBaseError(FILE, term.finding, "finding", "the finding is listed twice")
        seen.add(term.finding)
        for imported in term.phrases:
            if (term.finding, imported.phrase) in excluded or (term.finding, None) in excluded:
                raise KnowledgeBaseError(
                    FILE, term.finding, "phrases", f"{imported.phrase!r} is on the exclusion list"
                )
        known = set(finding.synonyms)
        added = [p for p in dict.fromkeys(i.phrase for i in term.phrases) if p not in known]
        merged[term.finding] = finding.model_copy(update={"synonyms": [*finding.synonyms, *added]})
    return merged
