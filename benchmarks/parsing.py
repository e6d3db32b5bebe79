"""Benchmark 6: the free-text parser — building it, parsing a fixed text, the size of its lexicon.

- build: in a fresh process, spaCy and negspacy imported and the KB loaded first
  (not timed), then `get_pipeline(kb)`: the tokenizer, the lexicon matcher, NegEx
  and the context rules. This is what the parser costs beyond importing spaCy.
- parse: `legweak.parsing.parse(PARSE_TEXT)` on the shipped KB, warm, every call
  timed on its own.
- lexicon: phrase entries (synonyms, absent-synonyms, option synonyms; context
  triggers apart), how the matcher holds them (trie paths and nodes, gap phrases).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from benchmarks.common import ROOT, stats

#: The fixed three-sentence text whose parse is timed (also the parser tests' timing text).
PARSE_TEXT = "My left leg went weak suddenly an hour ago. There is no back pain. I'm 67."

_BUILD = """
import json, time
import spacy, negspacy.negation
from legweak.kb.loader import load_kb
from legweak.parsing.pipeline import get_pipeline
kb = load_kb()
t0 = time.perf_counter()
get_pipeline(kb)
print(json.dumps({"build_s": time.perf_counter() - t0}))
"""


def build_once() -> float:
    """Seconds to build the parser in a fresh process, beyond importing spaCy and loading the KB."""
    out = subprocess.run(
        [sys.executable, "-c", _BUILD], capture_output=True, text=True, check=True, cwd=ROOT, timeout=120
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["build_s"])


def lexicon_size(kb: Any) -> dict[str, int]:
    """How many phrases the lexicon has and how the matcher holds them."""
    from legweak.parsing.pipeline import get_pipeline

    pipeline = get_pipeline(kb)
    lexicon, context = pipeline.lexicon, pipeline.context.phrases
    lexicon.compile_all()

    def nodes(node: Any) -> int:
        return 1 + sum(nodes(child) for child in node.children.values())

    gaps = sum(len(v) for v in lexicon.general.values())
    return {
        "phrase_entries": len(lexicon),
        "gap_phrases": gaps,
        "trie_phrases": len(lexicon) - gaps,
        "trie_nodes": nodes(lexicon.root) - 1,
        "context_triggers": len(context),
    }


def run(quick: bool = False) -> dict[str, Any]:
    from legweak.kb.loader import load_kb
    from legweak.parsing import parse

    kb = load_kb()
    parse(PARSE_TEXT, kb)  # builds the pipeline
    runs, per_run = (3, 50) if quick else (5, 200)
    samples: list[float] = []
    medians: list[float] = []
    for _ in range(runs):
        batch = []
        for _ in range(per_run):
            t0 = time.perf_counter()
            parse(PARSE_TEXT, kb)
            batch.append(time.perf_counter() - t0)
        samples += batch
        medians.append(sorted(batch)[len(batch) // 2])
    builds = [build_once() for _ in range(1 if quick else 5)]
    return {
        "text": PARSE_TEXT,
        "parse_ms": stats(samples, medians),
        "build_s": stats(builds, unit=1.0),
        "lexicon": lexicon_size(kb),
    }
