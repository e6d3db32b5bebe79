"""A bad knowledge-base file is refused, naming the file, the entry and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from legweak.errors import KnowledgeBaseError
from legweak.kb.loader import load_kb_from

MINI = Path(__file__).parents[1] / "fixtures" / "mini_kb"


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(MINI, target)
    return target


def edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_the_fixture_loads(kb_dir: Path) -> None:
    kb = load_kb_from(kb_dir)
    assert kb.version == "0.1.0"
    assert len(kb.hash) == 16


def test_unknown_key_is_refused_with_file_entry_and_field(kb_dir: Path) -> None:
    edit(kb_dir / "conditions.yaml", lambda d: d["conditions"][1].update(colour="blue"))
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb_from(kb_dir)
    assert err.value.file == "conditions.yaml"
    assert err.value.entry == "sciatica"
    assert err.value.field == "colour"


def test_probability_out_of_range_is_refused(kb_dir: Path) -> None:
    edit(kb_dir / "likelihoods.yaml", lambda d: d["likelihoods"]["stroke"]["findings"].update(back_pain=1.5))
    with pytest.raises(KnowledgeBaseError, match="back_pain"):
        load_kb_from(kb_dir)


def test_distribution_must_sum_to_one(kb_dir: Path) -> None:
    edit(
        kb_dir / "likelihoods.yaml",
        lambda d: d["likelihoods"]["dvt"]["findings"].update(
            onset={"dist": {"sudden": 0.5, "days": 0.4, "months": 0.4}}
        ),
    )
    with pytest.raises(KnowledgeBaseError, match="sums to"):
        load_kb_from(kb_dir)


def test_likelihood_for_unknown_finding_is_refused(kb_dir: Path) -> None:
    edit(kb_dir / "likelihoods.yaml", lambda d: d["likelihoods"]["stroke"]["findings"].update(fever=0.2))
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb_from(kb_dir)
    assert (err.value.file, err.value.entry) == ("likelihoods.yaml", "stroke")


def test_basis_must_be_a_source_or_said_plainly(kb_dir: Path) -> None:
    edit(kb_dir / "likelihoods.yaml", lambda d: d["likelihoods"]["stroke"].update(basis="a book I read"))
    with pytest.raises(KnowledgeBaseError, match="neither a source id"):
        load_kb_from(kb_dir)


def test_rule_reading_an_unknown_value_is_refused(kb_dir: Path) -> None:
    edit(kb_dir / "red_flags.yaml", lambda d: d["rules"][0]["unless"][0].update(value=["fortnight"]))
    with pytest.raises(KnowledgeBaseError, match="fortnight"):
        load_kb_from(kb_dir)


def test_unless_may_not_test_presence(kb_dir: Path) -> None:
    """A present finding must never switch a warning sign off."""
    edit(kb_dir / "red_flags.yaml", lambda d: d["rules"][0].update(unless=[{"finding": "back_pain"}]))
    with pytest.raises(KnowledgeBaseError, match="unless"):
        load_kb_from(kb_dir)


def test_duplicate_ids_are_refused(kb_dir: Path) -> None:
    edit(kb_dir / "findings.yaml", lambda d: d["findings"].append(dict(d["findings"][1])))
    with pytest.raises(KnowledgeBaseError, match="duplicate"):
        load_kb_from(kb_dir)


def test_missing_file_is_named(kb_dir: Path) -> None:
    (kb_dir / "red_flags.yaml").unlink()
    with pytest.raises(KnowledgeBaseError, match=r"red_flags.yaml: file is missing"):
        load_kb_from(kb_dir)


def test_the_hash_follows_the_content(kb_dir: Path) -> None:
    before = load_kb_from(kb_dir).hash
    edit(kb_dir / "likelihoods.yaml", lambda d: d["likelihoods"]["stroke"]["findings"].update(back_pain=0.2))
    assert load_kb_from(kb_dir).hash != before


def test_a_rule_may_not_fire_on_an_absence(kb_dir: Path) -> None:
    """Otherwise a present finding could switch a warning sign off."""
    edit(
        kb_dir / "red_flags.yaml",
        lambda d: d["rules"][0]["all"].append({"finding": "back_pain", "absent": True}),
    )
    with pytest.raises(KnowledgeBaseError, match="absence"):
        load_kb_from(kb_dir)


def test_a_feature_basis_names_a_known_source(kb_dir: Path) -> None:
    """'judgement (feature: X)': X must be in sources.yaml, like any cited work."""
    source = yaml.safe_load((kb_dir / "sources.yaml").read_text())["sources"][0]["id"]
    edit(
        kb_dir / "likelihoods.yaml",
        lambda d: d["likelihoods"]["stroke"].update(basis=f"judgement (feature: {source})"),
    )
    assert load_kb_from(kb_dir).likelihoods["stroke"]["back_pain"].basis == f"judgement (feature: {source})"
    edit(
        kb_dir / "likelihoods.yaml",
        lambda d: d["likelihoods"]["stroke"].update(basis="judgement (feature: no_such_work)"),
    )
    with pytest.raises(KnowledgeBaseError, match="unknown source 'no_such_work'"):
        load_kb_from(kb_dir)


def _refines(d: dict, fid: str, refined: list[str]) -> None:
    next(f for f in d["findings"] if f["id"] == fid)["refines"] = refined


def test_refines_names_an_existing_yes_no_finding(kb_dir: Path) -> None:
    edit(kb_dir / "findings.yaml", lambda d: _refines(d, "back_pain", ["no_such_finding"]))
    with pytest.raises(KnowledgeBaseError, match="must be a yes/no finding") as err:
        load_kb_from(kb_dir)
    assert (err.value.entry, err.value.field) == ("back_pain", "refines")
    edit(kb_dir / "findings.yaml", lambda d: _refines(d, "back_pain", ["onset"]))
    with pytest.raises(KnowledgeBaseError, match="must be a yes/no finding"):
        load_kb_from(kb_dir)


def test_refinements_may_not_run_in_a_circle(kb_dir: Path) -> None:
    edit(kb_dir / "findings.yaml", lambda d: _refines(d, "back_pain", ["back_pain"]))
    with pytest.raises(KnowledgeBaseError, match="itself"):
        load_kb_from(kb_dir)

    def circle(d: dict) -> None:
        _refines(d, "back_pain", ["calf_swelling"])
        _refines(d, "calf_swelling", ["back_pain"])

    edit(kb_dir / "findings.yaml", circle)
    with pytest.raises(KnowledgeBaseError, match="circle"):
        load_kb_from(kb_dir)


def test_a_finding_may_refine_a_more_general_one(kb_dir: Path) -> None:
    edit(kb_dir / "findings.yaml", lambda d: _refines(d, "calf_swelling", ["back_pain"]))
    assert load_kb_from(kb_dir).findings["calf_swelling"].refines == ["back_pain"]


def add_follow_up(kb_dir: Path, finding: str, parent: str) -> None:
    edit(
        kb_dir / "findings.yaml",
        lambda d: next(f for f in d["findings"] if f["id"] == finding).update(requires=parent),
    )


def test_a_follow_up_loads_and_names_what_it_follows(kb_dir: Path) -> None:
    add_follow_up(kb_dir, "calf_swelling", "back_pain")
    assert load_kb_from(kb_dir).findings["calf_swelling"].requires == "back_pain"


@pytest.mark.parametrize(
    "finding, parent, message",
    [
        ("calf_swelling", "no_such_finding", "no such finding"),
        ("calf_swelling", "onset", "must both be yes/no"),
        ("calf_swelling", "calf_swelling", "circle"),
        ("back_pain", "calf_swelling", "listed before it"),
    ],
)
def test_a_bad_follow_up_is_refused(kb_dir: Path, finding: str, parent: str, message: str) -> None:
    add_follow_up(kb_dir, finding, parent)
    with pytest.raises(KnowledgeBaseError, match=message) as err:
        load_kb_from(kb_dir)
    assert err.value.field in {"requires", "findings"}


def test_a_follow_up_must_come_after_what_it_follows_on_a_screen(kb_dir: Path) -> None:
    add_follow_up(kb_dir, "bladder_retention", "slurred_speech")
    with pytest.raises(KnowledgeBaseError, match="must come before its follow-up") as err:
        load_kb_from(kb_dir)
    assert err.value.file == "red_flags.yaml"


def test_a_condition_needs_a_known_site(kb_dir: Path) -> None:
    edit(kb_dir / "conditions.yaml", lambda d: d["conditions"][1].update(site="elbow"))
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb_from(kb_dir)
    assert (err.value.entry, err.value.field) == ("sciatica", "site")


def test_only_the_catch_all_has_an_unknown_site(kb_dir: Path) -> None:
    edit(kb_dir / "conditions.yaml", lambda d: d["conditions"][1].update(site="unknown"))
    with pytest.raises(KnowledgeBaseError, match="catch-all"):
        load_kb_from(kb_dir)


def _milder(level: str, when: list[dict[str, object]]) -> object:
    def change(d: dict[str, list[dict[str, object]]]) -> None:
        dvt = next(c for c in d["conditions"] if c["id"] == "dvt")  # urgency consultation_24
        dvt["milder"] = {"level": level, "when": when, "basis": "clinical judgement"}

    return change


def test_a_milder_level_follows_a_known_absence_or_value(kb_dir: Path) -> None:
    edit(kb_dir / "conditions.yaml", _milder("consultation", [{"finding": "back_pain", "absent": True}]))
    dvt = next(c for c in load_kb_from(kb_dir).conditions if c.id == "dvt")
    assert dvt.milder is not None and dvt.milder.level == "consultation"


def test_a_milder_level_may_not_follow_a_presence(kb_dir: Path) -> None:
    """What is present can never make a level milder, as with a rule's unless."""
    edit(kb_dir / "conditions.yaml", _milder("consultation", [{"finding": "back_pain"}]))
    with pytest.raises(KnowledgeBaseError, match=r"milder\.when"):
        load_kb_from(kb_dir)


def test_a_milder_level_must_be_less_urgent(kb_dir: Path) -> None:
    edit(kb_dir / "conditions.yaml", _milder("emergency", [{"finding": "back_pain", "absent": True}]))
    with pytest.raises(KnowledgeBaseError, match="less urgent"):
        load_kb_from(kb_dir)
