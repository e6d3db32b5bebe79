"""Smoke test of the load test (`make load`): a few seconds, two patients, so the tool cannot rot.

No figure is asserted beyond "it worked": the figures come from `make load`.
"""

from __future__ import annotations

from benchmarks.load import run
from benchmarks.load.report import markdown


def test_two_patients_complete_interviews_and_the_report_shows_them() -> None:
    data = run(
        seconds=3,
        databases=("sqlite",),
        workers=1,
        users=(),
        capacity_users=2,
        slope=False,
        warmup_s=0.5,
        say=lambda _message: None,
    )
    (figures,) = data["runs"]
    assert figures["errors"] == 0, figures["error_kinds"]
    assert figures["interviews_completed"] >= 1 and figures["requests"] > figures["interviews_completed"]
    assert figures["latency_ms"]["p50"] <= figures["latency_ms"]["p99"]
    assert len(figures["worker_rss_mb"]) == 1 and figures["worker_rss_mb"][0] > 10
    assert figures["client_cpu_share"] > 0 and data["python_c_pass_ms"] > 0
    report = markdown(data)
    assert "| sqlite | 1 | 2 users, no wait (capacity) |" in report and "## Errors\n\nNone." in report
