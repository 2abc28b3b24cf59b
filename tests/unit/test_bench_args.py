"""`python -m bench --only`: one workload at a time, and a typo refused before any server starts."""

from __future__ import annotations

import pytest

from bench.__main__ import parse_args
from bench.suite import WORKLOADS


def test_only_names_workloads_and_may_be_repeated():
    """Repeated --only keeps every name given; without it every workload runs."""
    assert parse_args(["--only", "latency", "--only", "relay"]).only == ["latency", "relay"]
    assert parse_args([]).only is None


def test_an_unknown_workload_is_refused_with_the_choices(capsys):
    """The command exits 2 and lists what exists."""
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--only", "latancy"])

    assert exit_info.value.code == 2
    assert "invalid choice: 'latancy'" in capsys.readouterr().err


def test_every_workload_the_suite_runs_can_be_chosen():
    """The choices are the suite's workload names (the smoke test checks what a run reports)."""
    assert set(WORKLOADS) >= {"appends-single", "relay", "timeline", "rebuild", "latency"}
    assert len(set(WORKLOADS)) == len(WORKLOADS)


def test_the_report_scale_sizes_only_the_reports_store():
    """`--report-scale 0.1`: a tenth of 100,000 young people and 10 million facts, nothing else."""
    from dataclasses import replace  # noqa: PLC0415

    from bench.profile import FULL  # noqa: PLC0415
    from bench.reports import scaled  # noqa: PLC0415

    assert parse_args(["--report-scale", "0.1"]).report_scale == 0.1
    assert parse_args([]).report_scale == 1.0
    tenth = scaled(FULL, 0.1)
    assert (tenth.report_youths, tenth.report_facts) == (10_000, 1_000_000)
    assert tenth == replace(FULL, report_youths=10_000, report_facts=1_000_000)
    assert (FULL.report_youths, FULL.report_facts) == (100_000, 10_000_000)
