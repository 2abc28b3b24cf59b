"""How much work each workload does: the full run for `make bench`, a quick smoke run for tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """Sizes of one benchmark run; counts are per measurement, not per writer."""

    name: str
    repetitions: int
    # writers -> events appended (one per transaction) per measurement
    single_appends: dict[int, int]
    # writers -> transactions of `batch_size` events per measurement
    batch_appends: dict[int, int]
    batch_size: int
    relay_events: int
    projection_events: int
    # Events of all four domains for the timeline's two projections, and reads of one long
    # timeline (2,000 entries) through its HTTP route.
    timeline_events: int
    timeline_queries: int
    # Events a full rebuild of the timeline replays, verifies and swaps in.
    rebuild_events: int
    latency_seconds: float
    latency_rate: int
    # Commands sent (and discarded) before measuring, once the pipeline flows end to end.
    latency_warmup_seconds: float
    # Debts deadlines due at once, fired by the timer workers (bench/timers.py).
    timers_due: int = 100_000
    # The reports' store at scale (bench/reports.py, issue 22 item 7): young people and facts
    # in report_facts, and the reads timed of a municipality's year and of the comparison.
    report_youths: int = 100_000
    report_facts: int = 10_000_000
    report_queries: int = 20


FULL = Profile(
    name="full",
    repetitions=3,
    single_appends={1: 1_500, 8: 4_000, 32: 4_000},
    batch_appends={1: 200, 8: 400},
    batch_size=100,
    relay_events=50_000,
    projection_events=50_000,
    timeline_events=30_000,
    timeline_queries=200,
    rebuild_events=1_000_000,
    latency_seconds=10.0,
    latency_rate=200,
    latency_warmup_seconds=1.0,
)

QUICK = Profile(
    name="quick",
    repetitions=1,
    single_appends={1: 200, 8: 400, 32: 400},
    batch_appends={1: 20, 8: 40},
    batch_size=100,
    relay_events=5_000,
    projection_events=5_000,
    timeline_events=4_000,
    timeline_queries=20,
    rebuild_events=5_000,
    latency_seconds=3.0,
    latency_rate=200,
    latency_warmup_seconds=0.5,
    timers_due=2_000,
    report_youths=200,
    report_facts=5_000,
    report_queries=3,
)
