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
