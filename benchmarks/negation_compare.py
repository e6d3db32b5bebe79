"""negspacy (legweak's pipeline) vs medspaCy's ConText on our labelled context cases.

Runs with either interpreter and measures whichever engines it can import:

    .venv/bin/python benchmarks/negation_compare.py            # legweak + negspacy
    /tmp/medspacy-venv/bin/python benchmarks/negation_compare.py   # medspaCy ConText

(medspaCy pins spaCy < 3.8 and numpy 1.26, so it lives in its own venv; see
docs/parser-choice.md.) Each case in negation_cases.yaml names a target term and
its expected status: present, negated, historical, hypothetical or family. Both
engines get the same target terms as their lexicon, so only context handling is
compared. `--json` prints the figures as JSON; `--engine` picks one.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata as md
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # import legweak from this checkout
STATUSES = ("present", "negated", "historical", "hypothetical", "family")


def load_cases(path: Path) -> list[dict[str, str]]:
    import yaml

    return yaml.safe_load(path.read_text())["cases"]


def _closure(root: str) -> dict[str, int]:
    """Installed bytes of a distribution and of everything it requires (no optional extras)."""
    sizes: dict[str, int] = {}
    todo = [root]
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in sizes:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        total = 0
        for file in dist.files or []:
            with contextlib.suppress(OSError):
                total += file.locate().stat().st_size
        sizes[name] = total
        for req in dist.requires or []:
            if "extra ==" not in req:
                todo.append(re.split(r"[\s;\[(<>=!~]", req.strip(), maxsplit=1)[0])
    return sizes


def footprint(root: str) -> dict[str, Any]:
    """Size of `root` with its dependencies, and of what it adds on top of spaCy's own."""
    everything = _closure(root)
    spacy = _closure("spacy")
    extra = {k: v for k, v in everything.items() if k not in spacy}
    return {
        "root": root,
        "packages": len(everything),
        "megabytes": round(sum(everything.values()) / 1e6, 1),
        "beyond_spacy_packages": sorted(extra),
        "beyond_spacy_megabytes": round(sum(extra.values()) / 1e6, 1),
    }


def run_negspacy(cases: list[dict[str, str]]) -> dict[str, Any]:
    t0 = time.perf_counter()
    import negspacy.negation  # noqa: F401
    import spacy  # noqa: F401

    from legweak.kb.lexicon import ContextRules
    from legweak.kb.loader import data_dir
    from legweak.kb.schema import Finding
    from legweak.parsing.parser import analyse
    from legweak.parsing.pipeline import get_pipeline

    import_s = time.perf_counter() - t0
    import yaml

    terms = sorted({c["target"].lower() for c in cases})
    ids = {term: f"term_{n}" for n, term in enumerate(terms)}
    findings = {
        ids[t]: Finding(
            id=ids[t], type="binary", question="Is it there?", label=t, synonyms=[t],
            background={"p": 0.1, "basis": "clinical judgement"},
        )
        for t in terms
    }  # fmt: skip
    rules = ContextRules.model_validate(yaml.safe_load((data_dir() / "context.yaml").read_text()))

    class KB:
        hash = "negation-benchmark"

    kb = KB()
    kb.findings = findings  # type: ignore[attr-defined]
    kb.context = rules  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    get_pipeline(kb)
    build_s = time.perf_counter() - t0

    names = {"history": "historical", "hypothetical": "hypothetical", "family": "family"}

    def status(text: str, target: str) -> str:
        at = text.lower().find(target.lower())
        for m in analyse(text, kb).mentions:
            # Terms with one stem ("numb", "numbness") share a match: find it by position.
            if m.start <= at < m.end:
                if m.status in names:
                    return names[m.status]
                return "negated" if m.negated else "present"
        return "missed"

    return score(cases, status, import_s, build_s, footprint("negspacy"), "negspacy (legweak pipeline)")


def our_context_rules() -> list[Any]:
    """legweak's context.yaml as medspaCy ConTextRules (to tell the engine from the rules)."""
    import yaml
    from medspacy.context import ConTextRule

    data = yaml.safe_load((HERE.parent / "legweak/kb/data/context.yaml").read_text())

    def rule(phrase: str, category: str, direction: str, **kw: Any) -> Any:
        pattern = None
        if "..." in phrase:
            pattern = []
            for n, part in enumerate(p.strip() for p in phrase.split("...")):
                if n:
                    pattern.append({"IS_PUNCT": False, "OP": "{0,3}"})
                pattern += [{"LOWER": w} for w in part.split()]
        return ConTextRule(phrase, category, pattern=pattern, direction=direction, **kw)

    neg = data["negation"]
    rules = [rule(p, "NEGATED_EXISTENCE", "FORWARD") for p in neg["preceding_negations"]]
    rules += [rule(p, "NEGATED_EXISTENCE", "BACKWARD") for p in neg["following_negations"]]
    rules += [rule(p, "NEGATED_EXISTENCE", "PSEUDO") for p in neg["pseudo_negations"]]
    rules += [rule(p, "CONJ", "TERMINATE") for p in {*neg["termination"], *data["termination"]}]
    rules += [rule(p, "HISTORICAL", "FORWARD") for p in data["history"]]
    rules += [rule(p, "HISTORICAL", "BACKWARD") for p in data["history_following"]]
    rules += [rule(p, "HYPOTHETICAL", "FORWARD") for p in data["hypothetical"]]
    rules += [rule(p, "FAMILY", "FORWARD", terminated_by={"FAMILY_END"}) for p in data["family"]]
    rules += [rule(p, "FAMILY", "BACKWARD") for p in data["family_following"]]
    rules += [rule(p, "FAMILY_END", "FORWARD") for p in data["family_termination"]]
    rules += [rule(p, "HYPOTHETICAL", "PSEUDO") for p in data["pseudo"]]
    return rules


def run_medspacy_ours(cases: list[dict[str, str]]) -> dict[str, Any]:
    return run_medspacy(cases, our_rules=True)


def run_medspacy(cases: list[dict[str, str]], our_rules: bool = False) -> dict[str, Any]:
    t0 = time.perf_counter()
    import medspacy
    from medspacy.ner import TargetRule

    import_s = time.perf_counter() - t0
    try:  # PyRuSH logs every sentence at DEBUG through loguru
        from loguru import logger

        logger.remove()
    except ImportError:
        pass
    t0 = time.perf_counter()
    nlp = medspacy.load()
    if our_rules:
        nlp.remove_pipe("medspacy_context")
        nlp.add_pipe("medspacy_context", config={"rules": None}).add(our_context_rules())
    terms = sorted({c["target"].lower() for c in cases})
    nlp.get_pipe("medspacy_target_matcher").add([TargetRule(t, "TARGET") for t in terms])
    build_s = time.perf_counter() - t0

    def status(text: str, target: str) -> str:
        at = text.lower().find(target.lower())
        for ent in nlp(text).ents:
            if ent.start_char <= at < ent.end_char:
                if ent._.is_family:
                    return "family"
                if ent._.is_hypothetical:
                    return "hypothetical"
                if ent._.is_historical:
                    return "historical"
                return "negated" if ent._.is_negated else "present"
        return "missed"

    name = "medspaCy ConText (legweak's context.yaml)" if our_rules else "medspaCy ConText (default rules)"
    return score(cases, status, import_s, build_s, footprint("medspacy"), name)


def score(cases, status, import_s, build_s, size, name) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    status(cases[0]["text"], cases[0]["target"])  # warm-up
    per_status: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    per_set: Counter[str] = Counter()
    set_totals: Counter[str] = Counter()
    wrong = []
    times = []
    for case in cases:
        t0 = time.perf_counter()
        got = status(case["text"], case["target"])
        times.append(time.perf_counter() - t0)
        totals[case["expected"]] += 1
        part = case.get("set", "dev")
        set_totals[part] += 1
        if got == case["expected"]:
            per_status[case["expected"]] += 1
            per_set[part] += 1
        else:
            wrong.append(
                {
                    "set": part,
                    "text": case["text"],
                    "target": case["target"],
                    "expected": case["expected"],
                    "got": got,
                }
            )
    n = len(cases)
    return {
        "engine": name,
        "python": sys.version.split()[0],
        "spacy": md.version("spacy"),
        "accuracy": round((n - len(wrong)) / n, 3),
        "correct": n - len(wrong),
        "n": n,
        "by_status": {s: f"{per_status[s]}/{totals[s]}" for s in STATUSES if totals[s]},
        "by_set": {p: f"{per_set[p]}/{set_totals[p]}" for p in sorted(set_totals)},
        "import_s": round(import_s, 3),
        "build_s": round(build_s, 3),
        "per_text_ms": round(statistics.median(times) * 1e3, 2),
        "footprint": size,
        "wrong": wrong,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=HERE / "negation_cases.yaml")
    ap.add_argument(
        "--engine", choices=["auto", "negspacy", "medspacy", "medspacy-our-rules"], default="auto"
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    cases = load_cases(args.cases)
    runners = {"negspacy": run_negspacy, "medspacy": run_medspacy, "medspacy-our-rules": run_medspacy_ours}
    chosen = list(runners) if args.engine == "auto" else [args.engine]
    results = []
    for name in chosen:
        try:
            results.append(runners[name](cases))
        except ImportError as exc:
            if args.engine != "auto":
                raise
            print(f"({name}: not importable here: {exc})", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(f"{r['engine']}  (python {r['python']}, spaCy {r['spacy']})")
        print(f"  accuracy      {r['accuracy']:.3f}  ({r['correct']}/{r['n']})")
        print(f"  by status     {r['by_status']}")
        print(f"  by set        {r['by_set']}  (dev: the rules were written with these in view)")
        print(f"  import        {r['import_s']:.3f} s   pipeline build {r['build_s']:.3f} s")
        print(f"  per text      {r['per_text_ms']} ms (median)")
        fp = r["footprint"]
        print(
            f"  footprint     {fp['megabytes']} MB in {fp['packages']} packages; beyond spaCy's own: "
            f"{fp['beyond_spacy_megabytes']} MB ({', '.join(fp['beyond_spacy_packages'])})"
        )
        for w in r["wrong"]:
            print(f"  x {w['set']:>7} {w['expected']:>12} got {w['got']:<12} [{w['target']}] {w['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
