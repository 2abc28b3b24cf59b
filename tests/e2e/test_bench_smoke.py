"""`make bench` keeps working: the quick profile runs every workload and writes its report.

Speed is not asserted here (shared, noisy machines); only that each workload measured something.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.suite import WORKLOADS
from shared.devstack.processes import PROJECT_ROOT


def test_quick_bench_runs_every_workload_and_reports_ratios(tmp_path):
    """Every workload produces figures for ours and the reference; none failed."""
    output = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(output.read_text())
    workloads = report["workloads"]
    # The eventsourcing library is installed with the dev tools, so its comparison runs too:
    # both thread counts in one process (the second once failed, its class registered twice).
    expected = set(WORKLOADS)
    assert expected <= set(workloads)
    library = workloads["eventsourcing-library"]["raw"]
    assert library["threads_1_events_per_s"] > 0, library
    assert library["threads_8_events_per_s"] > 0, library
    assert all(workloads[name]["error"] is None for name in expected), workloads
    assert len(report["rows"]) >= 10
    # The table as markdown and the charts beside the JSON (bench/pictures.py).
    assert "| append 1 ev/tx, 8 writers |" in (tmp_path / "bench.md").read_text()
    for chart in ("bench-throughput.png", "bench-latency.png"):
        assert (tmp_path / chart).read_bytes().startswith(b"\x89PNG"), chart
    for row in report["rows"]:
        assert row["ours"] > 0, row
        assert row["reference"] > 0, row
        assert row["ratio"] is not None, row
