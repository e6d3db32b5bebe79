"""Patient-facing texts of ten words or more read at school grade 8 or below."""

from __future__ import annotations

import textstat

from legweak.kb.loader import KnowledgeBase

MAX_GRADE = 8.0


def patient_texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for c in kb.conditions:  # names are exempt
        texts += [(f"{c.id}.explanation", c.explanation), (f"{c.id}.advice", c.advice)]
    for f in kb.findings.values():
        texts.append((f"{f.id}.question", f.question))
        texts += [(f"{f.id}.{o.value}", o.label) for o in f.options]
    for r in kb.red_flags.rules:
        texts += [(f"{r.id}.sign", r.sign), (f"{r.id}.advice", r.advice)]
        if r.watch_text:
            texts.append((f"{r.id}.watch_text", r.watch_text))
    for s in kb.red_flags.screens:
        texts.append((f"screen {s.id}", s.title))
    for level, lt in kb.settings.levels.items():
        texts += [(f"{level}.title", lt.title), (f"{level}.advice", lt.advice)]
    texts.append(("disclaimer", kb.settings.disclaimer))
    return [(where, text) for where, text in texts if len(text.split()) >= 10]


def too_hard(texts: list[tuple[str, str]]) -> list[str]:
    """The texts of ten words or more above grade 8, each with where it is and its grade.

    The one readability test: the knowledge base and every web page are held to it.
    """
    return [
        f"{where} (grade {textstat.flesch_kincaid_grade(text):.1f}): {text}"
        for where, text in texts
        if len(text.split()) >= 10 and textstat.flesch_kincaid_grade(text) > MAX_GRADE
    ]


def test_patient_texts_are_plain(kb: KnowledgeBase) -> None:
    assert too_hard(patient_texts(kb)) == []


def test_the_check_can_fail() -> None:
    dense = (
        "Idiopathic inflammatory myopathies constitute a heterogeneous assemblage of "
        "autoimmune disorders characterised by proximal musculature involvement."
    )
    assert textstat.flesch_kincaid_grade(dense) > MAX_GRADE
