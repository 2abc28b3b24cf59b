"""Latency: an HTTP command until its timeline row exists, through the real service processes.

Intake and the timeline run as `python -m services.<name>`, as deployed; registrations go in at
a steady rate (open loop: a slow answer never delays the next command) and a watcher polls the
timeline table for the young people still awaited. The reference is aiokafka end to end at the
same rate, the floor of any pipeline through this broker. The load generator shares the two
cores with everything else, so the report says how much CPU each process took.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

import asyncpg

from bench.commands import POLL_S, CommandLog, CommandSender, RowWatcher
from bench.cpu import CpuWatch
from bench.pacing import at_rate
from bench.payloads import GEMEENTE
from bench.rawkafka import end_to_end_latencies
from bench.results import Row, Target, WorkloadResult
from bench.services import Services, running_services
from bench.stats import latency_summary_ms, quantiles_ms
from bench.tasks import running, wait_until
from shared.auth import AuthSettings, mint_token
from shared.kafka import ensure_topics, events_topic

if TYPE_CHECKING:
    from collections.abc import Awaitable
    from pathlib import Path

    from bench.context import BenchContext
    from bench.profile import Profile

TARGET = Target("p99 < 50 ms", "below", 50.0)
FIRST_ROW_TIMEOUT_S = 60.0
DRAIN_TIMEOUT_S = 15.0


async def measure_latency(ctx: BenchContext, profile: Profile, log_dir: Path) -> WorkloadResult:
    """Command-to-row percentiles of our pipeline next to raw aiokafka's end-to-end ones."""
    settings = ctx.settings
    topic = events_topic("intake", ctx.topic_prefix("rawlatency"))
    await ensure_topics(settings, [topic])
    count = int(profile.latency_rate * profile.latency_seconds)
    raw_seconds = await end_to_end_latencies(
        settings.kafka_bootstrap_servers,
        topic,
        settings.kafka_partitions,
        profile.latency_rate,
        count,
    )
    raw = latency_summary_ms(raw_seconds)
    async with running_services(ctx, log_dir) as services:
        ours = await _command_to_row(ctx, profile, services)
        if ours["lost"] or ours["error_count"]:
            ours["service_log_tails"] = services.tails()  # the logs go with the stack's data

    result = WorkloadResult("latency")
    label = f"HTTP command → timeline row @{profile.latency_rate}/s"
    for q in ("p50", "p95", "p99"):
        target = TARGET if q == "p99" else None
        result.rows.append(Row(f"{label} {q}", ours["row"][q], raw[q], "ms", target, ratio_as="x"))
    result.raw = {
        "rate_per_s": profile.latency_rate,
        "ours": ours,
        "raw_kafka": raw,
        "raw_kafka_quantiles_ms": quantiles_ms(raw_seconds),
    }
    result.notes.extend(_notes(profile, ours))
    return result


async def _command_to_row(
    ctx: BenchContext, profile: Profile, services: Services
) -> dict[str, Any]:
    token = mint_token(AuthSettings(), subject="bench", roles=["intake"], gemeentecode=GEMEENTE)
    rate = profile.latency_rate
    count = int(rate * profile.latency_seconds)
    cpu = CpuWatch(
        {
            "bench": None,
            "intake": services.intake.pid,
            "timeline": services.timeline.pid,
            **ctx.server_pids,
        },
        trees=frozenset({"postgres"}),
    )
    conn = await asyncpg.connect(ctx.endpoints.database_url)
    watcher = RowWatcher(conn, services.timeline_table)
    try:
        async with (
            CommandSender.client_for(services.intake_url, token) as client,
            running(watcher.run, "row-watcher") as task,
        ):
            sender = CommandSender(client, watcher)

            def rows_in(within: float, what: str) -> Awaitable[float]:
                return wait_until(lambda: not watcher.pending, task, within, what)

            # The first row also waits out the timeline's consumer-group join.
            await sender.register(CommandLog())
            await rows_in(FIRST_ROW_TIMEOUT_S, "first timeline row")
            warmup = CommandLog()
            warmup_count = int(rate * profile.latency_warmup_seconds)
            await at_rate(rate, warmup_count, lambda: sender.register(warmup))
            await rows_in(DRAIN_TIMEOUT_S, "warm-up timeline rows")
            watcher.reset()

            measured = CommandLog()
            cpu.start()
            spread = await at_rate(rate, count, lambda: sender.register(measured))
            with contextlib.suppress(TimeoutError):  # what is still awaited is reported lost
                await rows_in(DRAIN_TIMEOUT_S, "timeline rows")
            cpu_shares = cpu.shares()
    finally:
        await conn.close()
    return {
        "commands": count,
        "send_spread_s": spread,
        "row": latency_summary_ms(watcher.latencies),
        "row_quantiles_ms": quantiles_ms(watcher.latencies),
        "http": latency_summary_ms(measured.answered),
        "answered_per_s": measured.answered_per_s,
        "max_in_flight": measured.max_in_flight,
        "error_count": len(measured.errors),
        "errors": measured.errors[:20],
        "lost": len(watcher.pending),
        "polls": watcher.polls,
        "warmup_errors": warmup.errors[:5],
        "cpu_percent_of_one_core": cpu_shares,
    }


def _notes(profile: Profile, ours: dict[str, Any]) -> list[str]:
    rate = profile.latency_rate
    kept_up = ours["answered_per_s"] >= 0.95 * rate
    first_error = f" (first: {ours['errors'][0][:120]})" if ours["errors"] else ""
    cpu = ", ".join(
        f"{name} {share:.0f}"
        for name, share in ours["cpu_percent_of_one_core"].items()
        if share is not None
    )
    lag = "" if kept_up else " - NOT keeping up: the percentiles measure a growing queue"
    sent = (
        f"latency: {ours['commands']} commands sent at {rate}/s for {profile.latency_seconds:.0f} s"
        f" (in {ours['send_spread_s']:.2f} s), answered at {ours['answered_per_s']:.0f}/s, at most"
        f" {ours['max_in_flight']} in flight{lag}; {ours['error_count']} HTTP errors{first_error};"
        f" {ours['lost']} rows not seen within {DRAIN_TIMEOUT_S:.0f} s"
    )
    how = (
        f"latency: HTTP answer p50 {ours['http']['p50']:.1f} ms, p99 {ours['http']['p99']:.1f} ms;"
        f" rows polled every {POLL_S * 1000:.0f} ms (adds up to that); reference = raw aiokafka"
        " end to end (linger 5 ms, fetch_max_wait 20 ms)"
    )
    load = f"latency: CPU in the window, % of one core (the machine has {os.cpu_count()}): {cpu}"
    return [sent, how, load]
