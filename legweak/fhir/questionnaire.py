"""legweak's question set as a FHIR Questionnaire, and the items the adaptive form appends.

The whole set is laid out the way the interview asks it: the opening items, then
each warning-sign screen as a group (a finding sits in the first screen that
asks it), then the knowledge base's groups of related yes/no questions, then
the questions that stand alone. linkIds are the finding ids, so an answer means
the same in a static form, in the adaptive form and in the Observations.

A screen is shown only under its condition (`enableWhen`) when every finding
the condition reads is an item that comes before it; otherwise it is always
shown, because a static form must never hide a warning-sign screen that the
adaptive interview would ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from legweak.fhir.codes import (
    GENDER_SYSTEM,
    QUESTIONNAIRE_URL,
    SEXES,
    answer_coding,
    answer_options,
    finding_concept,
    value_coding,
)
from legweak.kb.schema import Clause
from legweak.service import MAX_AGE, MIN_AGE, NO, YES, Checker, Question

AGE, SEX, COMPLAINT = "age", "sex", "complaint"
OPENING = (AGE, SEX, COMPLAINT)
#: The longest opening text the parser reads.
MAX_TEXT = 5000
_ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
_ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"


@dataclass(frozen=True)
class Section:
    """A place in the whole Questionnaire: a group item (screen or group), or one lone question."""

    link_id: str | None
    text: str
    findings: tuple[str, ...]
    conditions: tuple[Clause, ...] = ()


def opening_items() -> list[dict[str, Any]]:
    """Age, sex and the person's own words: what `Checker.start` takes."""
    return [
        {
            "linkId": AGE,
            "text": "How old are you, in years?",
            "type": "integer",
            "required": True,
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": MIN_AGE},
                {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": MAX_AGE},
            ],
        },
        {
            "linkId": SEX,
            "text": "What is your sex?",
            "type": "choice",
            "required": True,
            "answerOption": [
                {"valueCoding": {"system": GENDER_SYSTEM, "code": code, "display": label}}
                for code, label in SEXES.items()
            ],
        },
        {
            "linkId": COMPLAINT,
            "text": "In your own words, what is happening with your legs?",
            "type": "text",
            "required": False,
            "maxLength": MAX_TEXT,
        },
    ]


def finding_item(checker: Checker, finding_id: str, text: str | None = None) -> dict[str, Any]:
    """One finding as a choice item; yes/no questions offer "don't know" as a third option."""
    finding = checker.kb.findings[finding_id]
    return {
        "linkId": finding_id,
        "code": [c for c in finding_concept(checker, finding_id)["coding"]],
        "text": text or finding.question,
        "type": "choice",
        "answerOption": answer_options(checker, finding_id),
    }


def question_item(checker: Checker, question: Question) -> dict[str, Any]:
    """The item the adaptive form appends for one screen of the interview, with why it is asked."""
    if question.type == "group":
        item: dict[str, Any] = {
            "linkId": question.id,
            "text": question.text,
            "type": "group",
            "required": True,
            "item": [finding_item(checker, i.id, i.text) for i in question.items],
        }
    else:
        item = finding_item(checker, question.id, question.text)
        item["required"] = True
        item["item"] = []
    item["item"].append(_help(f"{question.id}.why", question.why))
    return item


def _help(link_id: str, text: str) -> dict[str, Any]:
    return {
        "linkId": link_id,
        "text": text,
        "type": "display",
        "extension": [
            {
                "url": _ITEM_CONTROL,
                "valueCodeableConcept": {"coding": [{"system": _ITEM_CONTROL_SYSTEM, "code": "help"}]},
            }
        ],
    }


def layout(checker: Checker) -> list[Section]:
    """Where each askable finding sits in the whole Questionnaire, in the order it is asked."""
    kb = checker.kb
    placed: set[str] = set()
    sections: list[Section] = []
    for screen in sorted(kb.red_flags.screens, key=lambda s: s.order):
        members = tuple(f for f in screen.findings if f not in placed and kb.findings[f].askable)
        if members:
            placed.update(members)
            sections.append(Section(f"screen:{screen.id}", screen.title, members, tuple(screen.ask_if)))
    for fid, finding in kb.findings.items():
        if fid in placed or not finding.askable:
            continue
        members = (fid,)
        if finding.group:
            members = tuple(
                f
                for f, other in kb.findings.items()
                if other.group == finding.group and other.askable and f not in placed
            )
        placed.update(members)
        if len(members) > 1:
            sections.append(Section(f"group:{finding.group}", "Do you have any of these?", members))
        else:
            sections.append(Section(None, finding.question, members))
    return sections


def placement(checker: Checker) -> dict[str, str | None]:
    """finding id -> the linkId of the group item it sits in (None for a lone question)."""
    return {fid: s.link_id for s in layout(checker) for fid in s.findings}


def questionnaire(checker: Checker) -> dict[str, Any]:
    """The whole question set as one FHIR R4 Questionnaire (`GET /v1/fhir/Questionnaire`).

    Its `version` is the knowledge base's, so a stored QuestionnaireResponse says
    which question set it answered.
    """
    kb = checker.kb
    items = opening_items()
    before: set[str] = set(OPENING)
    for section in layout(checker):
        if section.link_id is None:
            items.append(finding_item(checker, section.findings[0]))
        else:
            group: dict[str, Any] = {
                "linkId": section.link_id,
                "text": section.text,
                "type": "group",
                "item": [finding_item(checker, f) for f in section.findings],
            }
            enable = enable_when(checker, section.conditions, before)
            if enable:
                group["enableWhen"] = enable
                group["enableBehavior"] = "any"
            items.append(group)
        before.update(section.findings)
    return {
        "resourceType": "Questionnaire",
        "id": "leg-weakness",
        "url": QUESTIONNAIRE_URL,
        "version": kb.version,
        "name": "LegWeaknessInterview",
        "title": "legweak: a check for leg weakness",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "legweak",
        "description": (
            f"Every question legweak can ask, from knowledge base {kb.version} ({kb.hash}). "
            "legweak asks them adaptively (warning signs first, then what best tells the likely "
            "causes apart) through the SDC $next-question operation; this static form lists them all. "
            f"{kb.settings.disclaimer}"
        ),
        "item": items,
    }


def enable_when(checker: Checker, clauses: tuple[Clause, ...], before: set[str]) -> list[dict[str, Any]]:
    """enableWhen entries for a screen's condition; none (always shown) unless every clause fits."""
    if not clauses or any(c.finding not in before for c in clauses):
        return []
    entries: list[dict[str, Any]] = []
    for clause in clauses:
        if clause.absent:
            codings = [answer_coding(NO)]
        elif clause.value is None:
            codings = [answer_coding(YES)]
        else:
            codings = [value_coding(checker, clause.finding, v) for v in clause.value]
        entries += [{"question": clause.finding, "operator": "=", "answerCoding": c} for c in codings]
    return entries
