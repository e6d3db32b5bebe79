"""Does the semantic proposer put the right warning-sign screen first? `python -m benchmarks.proposer`.

Ground truth needs a sentence whose sign is known, so the measurement uses the
sentences of the seen sets (benchmarks/vignettes and ../shared/vignettes/dev.yaml)
where the parser reads a present yes/no sign of a screen: the truth is that sign's
screens ("general", asked first anyway, left out). The proposer sees only the
sentence and the signs' labels and questions, never the lexicon's synonyms, so it
cannot borrow the parser's words. The baseline is what the interview does today
with a sentence it did not understand: every screen, in their fixed order.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import yaml

from benchmarks.common import ROOT

SETS = [
    *(ROOT / "benchmarks" / "vignettes" / f"{name}.yaml" for name in
      ("blind-a", "blind-b", "blind-c", "third", "holdout", "independent")),
    ROOT.parent / "shared" / "vignettes" / "dev.yaml",
]  # fmt: skip


def _sentences(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [s for v in data["vignettes"] for s in [v["complaint"], *v["facts"]]]


def run() -> dict[str, Any]:
    from legweak.kb.loader import load_kb
    from legweak.parsing import parse
    from legweak.parsing.proposer import proposer_for

    kb = load_kb()
    screens_of: dict[str, set[str]] = {}
    for screen in kb.red_flags.screens:
        for fid in screen.findings:
            screens_of.setdefault(fid, set()).add(screen.id)
    order = [s.id for s in sorted(kb.red_flags.screens, key=lambda s: s.order) if s.id != "general"]
    proposer = proposer_for(kb)
    t0 = time.perf_counter()
    proposer.propose("warm up")
    first_s = time.perf_counter() - t0
    n = hit1 = hit3 = base1 = base3 = 0
    times: list[float] = []
    for path in SETS:
        if not path.exists():
            continue
        for sentence in _sentences(path):
            found = parse(sentence, kb).findings
            truth = {
                s
                for f in found
                if f.value == "present" and kb.findings[f.id].type == "binary"
                for s in screens_of.get(f.id, ())
            } - {"general"}
            if not truth:
                continue
            t = time.perf_counter()
            ids = [p.screen for p in proposer.propose(sentence)]
            times.append(time.perf_counter() - t)
            n += 1
            hit1 += bool(ids) and ids[0] in truth
            hit3 += bool(set(ids) & truth)
            base1 += order[0] in truth
            base3 += bool(set(order[:3]) & truth)
    times.sort()
    return {
        "sentences": n,
        "screens": len(kb.red_flags.screens),
        "proposer": {"top1": round(hit1 / n, 3), "top3": round(hit3 / n, 3)},
        "fixed_order": {"top1": round(base1 / n, 3), "top3": round(base3 / n, 3)},
        "first_propose_s": round(first_s, 3),
        "propose_ms_median": round(times[len(times) // 2] * 1e3, 3),
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    print(json.dumps(run(), indent=2))


if __name__ == "__main__":
    main()
