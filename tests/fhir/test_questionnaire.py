"""The whole question set as one Questionnaire: every askable finding once, "don't know" always offered."""

from __future__ import annotations

from typing import Any

from legweak.fhir import questionnaire
from legweak.fhir.codes import ANSWER_SYSTEM, HPO_SYSTEM, OPTION_SYSTEM, QUESTIONNAIRE_URL, option_coding
from legweak.fhir.questionnaire import enable_when, layout
from legweak.kb.loader import KnowledgeBase
from legweak.service import Checker
from tests.fhir.conftest import validate


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out.append(item)
        out += _walk(item.get("item", []))
    return out


def test_it_is_a_valid_questionnaire_named_by_the_knowledge_base(checker: Checker, kb: KnowledgeBase) -> None:
    q = questionnaire(checker)
    validate(q)
    assert q["url"] == QUESTIONNAIRE_URL and q["version"] == kb.version
    assert kb.hash in q["description"]


def test_every_askable_finding_is_one_item_with_its_id_as_link_id(
    checker: Checker, kb: KnowledgeBase
) -> None:
    items = _walk(questionnaire(checker)["item"])
    link_ids = [i["linkId"] for i in items]
    assert len(link_ids) == len(set(link_ids))  # que-2: linkIds are unique
    askable = {f for f, finding in kb.findings.items() if finding.askable}
    assert askable <= set(link_ids)
    assert not {f for f in kb.findings if not kb.findings[f].askable} & set(link_ids)


def test_the_opening_items_come_first(checker: Checker) -> None:
    first = questionnaire(checker)["item"][:3]
    assert [(i["linkId"], i["type"]) for i in first] == [
        ("age", "integer"),
        ("sex", "choice"),
        ("complaint", "text"),
    ]
    assert first[0]["required"] and first[1]["required"] and not first[2]["required"]


def test_yes_no_questions_offer_yes_no_and_dont_know(checker: Checker, kb: KnowledgeBase) -> None:
    items = {i["linkId"]: i for i in _walk(questionnaire(checker)["item"])}
    for fid, finding in kb.findings.items():
        if not finding.askable:
            continue
        item = items[fid]
        assert item["type"] == "choice"
        codes = [(o["valueCoding"]["system"], o["valueCoding"]["code"]) for o in item["answerOption"]]
        assert codes[-1] == (ANSWER_SYSTEM, "dont_know")
        if finding.type == "binary":
            assert codes == [(ANSWER_SYSTEM, "yes"), (ANSWER_SYSTEM, "no"), (ANSWER_SYSTEM, "dont_know")]
        else:
            assert codes[:-1] == [(OPTION_SYSTEM, f"{fid}.{o.value}") for o in finding.options]


def test_items_carry_the_hpo_code_where_the_knowledge_base_has_one(
    checker: Checker, kb: KnowledgeBase
) -> None:
    items = {i["linkId"]: i for i in _walk(questionnaire(checker)["item"])}
    coded = [f for f, finding in kb.findings.items() if finding.askable and finding.hpo]
    assert coded
    for fid in coded:
        hpo = kb.findings[fid].hpo
        assert hpo is not None
        assert {"system": HPO_SYSTEM, "code": hpo.id, "display": hpo.label} in items[fid]["code"]


def test_warning_sign_screens_are_groups_in_the_order_they_are_asked(
    checker: Checker, kb: KnowledgeBase
) -> None:
    groups = [i for i in questionnaire(checker)["item"] if i["linkId"].startswith("screen:")]
    screens = sorted(kb.red_flags.screens, key=lambda s: s.order)
    assert [g["linkId"] for g in groups] == [f"screen:{s.id}" for s in screens]
    assert all(g["type"] == "group" for g in groups)
    top = [i["linkId"] for i in questionnaire(checker)["item"]]
    assert top.index(groups[-1]["linkId"]) < min(top.index(i) for i in top if i.startswith("group:"))


def test_a_screen_is_hidden_only_by_a_condition_on_earlier_items(checker: Checker, kb: KnowledgeBase) -> None:
    stroke = next(s for s in kb.red_flags.screens if s.id == "stroke")
    clauses = tuple(stroke.ask_if)
    read = {c.finding for c in clauses}
    entries = enable_when(checker, clauses, read)
    side = [e for e in entries if e["question"] == "side"]
    assert side == [
        {"question": "side", "operator": "=", "answerCoding": option_coding(checker, "side", "one_leg")}
    ]
    yes = [e["answerCoding"]["code"] for e in entries if e["question"] == "arm_weakness"]
    assert yes == ["yes"]
    # One clause on an item that is not before the screen: the screen is always shown.
    assert enable_when(checker, clauses, read - {"arm_weakness"}) == []
    seen: set[str] = set()
    for item in questionnaire(checker)["item"]:
        for condition in item.get("enableWhen", []):
            assert condition["question"] in seen
        seen.update(i["linkId"] for i in _walk([item]))


def test_layout_places_each_askable_finding_once(mini_checker: Checker, mini_kb: KnowledgeBase) -> None:
    placed = [f for s in layout(mini_checker) for f in s.findings]
    assert sorted(placed) == sorted(f for f, finding in mini_kb.findings.items() if finding.askable)
    validate(questionnaire(mini_checker))
