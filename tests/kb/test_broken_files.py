"""A broken knowledge-base folder stops start-up with one message: folder, file, entry and field.

Each case breaks a copy of the small test knowledge base in one way a person
editing YAML by hand could; the load refuses the whole folder, never part of it.
`legweak serve` on such a folder (LEGWEAK_KB_DIR) exits before any worker starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from legweak.cli import main
from legweak.errors import KnowledgeBaseError
from legweak.kb.loader import load_kb_from
from tests.kb.test_loader import MINI, edit, kb_dir  # noqa: F401 - the fixture

ROOT = Path(__file__).parents[2]


def likelihood_of_unknown_finding(kb: Path) -> None:
    edit(kb / "likelihoods.yaml", lambda d: d["likelihoods"]["stroke"]["findings"].update(no_such=0.2))


def rule_reads_unknown_finding(kb: Path) -> None:
    edit(kb / "red_flags.yaml", lambda d: d["rules"][0]["all"][0].update(finding="no_such"))


def condition_without_a_name(kb: Path) -> None:
    edit(kb / "conditions.yaml", lambda d: d["conditions"][1].pop("name"))


def bad_yaml(kb: Path) -> None:
    (kb / "findings.yaml").write_text("findings:\n  - id: back_pain\n    label: [unclosed\n")


def not_utf8(kb: Path) -> None:
    (kb / "sources.yaml").write_bytes("sources: []\n# caf\xe9\n".encode("latin-1"))


def empty_file(kb: Path) -> None:
    (kb / "settings.yaml").write_text("")


def missing_file(kb: Path) -> None:
    (kb / "context.yaml").unlink()


def a_list_where_entries_belong(kb: Path) -> None:
    (kb / "conditions.yaml").write_text("conditions: {stroke: 1}\n")


RULE = yaml.safe_load((MINI / "red_flags.yaml").read_text())["rules"][0]["id"]
#: (how it is broken, file, entry, field, words of the problem); None: the whole file is at fault.
CASES: list[tuple[Callable[[Path], None], str, str | None, str | None, str]] = [
    (likelihood_of_unknown_finding, "likelihoods.yaml", "stroke", "findings.no_such", "no such finding"),
    (rule_reads_unknown_finding, "red_flags.yaml", RULE, "finding", "no such finding 'no_such'"),
    (condition_without_a_name, "conditions.yaml", "sciatica", "name", "Field required"),
    (bad_yaml, "findings.yaml", None, None, "not valid YAML"),
    (not_utf8, "sources.yaml", None, None, "not UTF-8"),
    (empty_file, "settings.yaml", None, None, "valid dictionary"),
    (missing_file, "context.yaml", None, None, "file is missing"),
    (a_list_where_entries_belong, "conditions.yaml", None, "conditions", "expected a list"),
]


@pytest.mark.parametrize("break_it, file, entry, field, problem", CASES, ids=[c[0].__name__ for c in CASES])
def test_a_broken_file_is_refused_naming_folder_file_entry_and_field(
    kb_dir: Path,  # noqa: F811
    break_it: Callable[[Path], None],
    file: str,
    entry: str | None,
    field: str | None,
    problem: str,
) -> None:
    break_it(kb_dir)
    with pytest.raises(KnowledgeBaseError) as err:
        load_kb_from(kb_dir)
    exc: Any = err.value
    assert (exc.file, exc.entry, exc.field) == (file, entry, field)
    assert exc.folder == str(kb_dir)
    assert problem in str(exc) and str(kb_dir / file) in str(exc)


def test_a_folder_that_is_not_there_is_named(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="folder does not exist") as err:
        load_kb_from(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(err.value)


def test_serve_on_a_broken_folder_stops_before_serving(
    kb_dir: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    likelihood_of_unknown_finding(kb_dir)
    monkeypatch.setenv("LEGWEAK_KB_DIR", str(kb_dir))
    monkeypatch.setenv("LEGWEAK_DATABASE_URL", f"sqlite:///{tmp_path / 'never.sqlite3'}")
    assert main(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("legweak: error:") and "likelihoods.yaml" in err and "'stroke'" in err
    assert "findings.no_such" in err and "Traceback" not in err
    assert not (tmp_path / "never.sqlite3").exists(), "nothing was started or created"


def test_the_real_command_exits_non_zero_with_the_message(kb_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    rule_reads_unknown_finding(kb_dir)
    env = {**os.environ, "LEGWEAK_KB_DIR": str(kb_dir), "XDG_DATA_HOME": str(tmp_path)}
    env.pop("LEGWEAK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "legweak", "serve", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "red_flags.yaml" in done.stderr and "field 'finding'" in done.stderr
    assert "Traceback" not in done.stderr
