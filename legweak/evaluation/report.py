"""The evaluation report as a table for people (the JSON form is Report.to_dict)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from legweak.evaluation.scoring import Report

TARGETS = {
    "top3": ">= 0.90",
    "top1": ">= 0.70",
    "triage_accuracy": ">= 0.85",
    "under_triage": "<= 0.05",
    "emergent_under_triaged": "0",
    "parse_coverage": ">= 0.95",
    "questions_mean": "<= 15",
}


def render(out: Console, report: Report) -> None:
    d = report.to_dict()
    table = Table(title=f"legweak eval {d['file']} ({d['n']} vignettes, KB {d['kb_version']} {d['kb_hash']})")
    table.add_column("score")
    table.add_column("value", justify="right")
    table.add_column("target")
    rows = [
        ("top-1 accuracy", f"{d['top1']:.0%}", "top1"),
        ("top-3 accuracy", f"{d['top3']:.0%}", "top3"),
        ("top-5 accuracy", f"{d['top5']:.0%}", "top5"),
        ("triage accuracy", f"{d['triage_accuracy']:.0%}", "triage_accuracy"),
        ("under-triage", f"{d['under_triage']:.0%}", "under_triage"),
        ("over-triage", f"{d['over_triage']:.0%}", "over_triage"),
        ("emergent cases", str(d["emergent_n"]), ""),
        ("emergent under-triaged", str(d["emergent_under_triaged"]), "emergent_under_triaged"),
        ("emergent over-triaged", str(d["emergent_over_triaged"]), ""),
        ("questions (mean)", f"{d['questions_mean']:.1f}", "questions_mean"),
        ("questions (max)", str(d["questions_max"]), ""),
        ("parse coverage", f"{d['parse_coverage']:.0%}", "parse_coverage"),
        ("Brier score, top-1 probability", f"{d['brier_top1']:.3f}", ""),
    ]
    for label, value, key in rows:
        table.add_row(label, value, TARGETS.get(key, ""))
    out.print(table)

    failing = [c for c in d["cases"] if c["triage_verdict"] != "correct" or c["hit_rank"] != 1]
    if failing:
        out.print()
        out.print(f"Vignettes not fully right ({len(failing)}):", style="bold")
        for c in failing:
            got = ", ".join(f"{r['condition']} {r['probability']:.0%}" for r in c["ranked"][:3])
            out.print(
                f"  {c['id']}: expected {'/'.join(c['expected']['conditions'])} and "
                f"{'/'.join(c['expected']['triage'])}; got rank {c['hit_rank']} and {c['triage']} "
                f"({c['triage_verdict']}); top: {got}"
            )
    unparsed = [(c["id"], fact) for c in d["cases"] for fact in c["unparsed_facts"]]
    if unparsed:
        out.print()
        out.print(f"Facts the parser could not read ({len(unparsed)}):", style="bold")
        for vid, fact in unparsed:
            out.print(f"  {vid}: {fact}")
