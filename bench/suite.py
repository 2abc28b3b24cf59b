"""Run every workload in order against one stack; a failing workload is reported, not fatal."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import asyncpg

from bench import library_comparison
from bench.appends import measure_batched, measure_single
from bench.latency import measure_latency
from bench.projection import measure_projection
from bench.rebuild import measure_rebuild
from bench.relay import measure_relay
from bench.reports import measure_reports
from bench.results import WorkloadResult
from bench.sealing import measure_sealing
from bench.timeline import measure_timeline
from bench.timers import measure_timers
from bench.tracing import measure_tracing

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence
    from pathlib import Path

    from bench.context import BenchContext
    from bench.profile import Profile


WORKLOADS = (
    "appends-single",
    "appends-batched",
    "sealing",
    "relay",
    "projection",
    "timeline",
    "rebuild",
    "timers",
    "latency",
    "tracing",
    "reports",
    "eventsourcing-library",
)


async def run_suite(
    ctx: BenchContext,
    profile: Profile,
    log_dir: Path,
    progress: Callable[[str], None],
    only: Sequence[str] | None = None,
) -> tuple[list[WorkloadResult], str | None]:
    """Every workload's result (or those in `only`), and the PostgreSQL server version."""
    results: list[WorkloadResult] = []
    chosen = set(only or WORKLOADS)

    async def attempt(name: str, measure: Callable[[], Awaitable[WorkloadResult]]) -> None:
        if name not in chosen:
            return
        progress(f"{name} ...")
        started = time.perf_counter()
        try:
            result = await measure()
        except Exception as error:  # noqa: BLE001 - reported; the other workloads still run
            result = WorkloadResult(name, error=f"{type(error).__name__}: {error}")
        wall = result.raw["wall_seconds"] = time.perf_counter() - started
        results.append(result)
        progress(f"{name} {'FAILED' if result.error else 'done'} in {wall:.1f} s")

    await attempt("appends-single", lambda: measure_single(ctx, profile))
    await attempt("appends-batched", lambda: measure_batched(ctx, profile))
    await attempt("sealing", lambda: measure_sealing(ctx, profile))
    await attempt("relay", lambda: measure_relay(ctx, profile))
    await attempt("projection", lambda: measure_projection(ctx, profile))
    await attempt("timeline", lambda: measure_timeline(ctx, profile))
    await attempt("rebuild", lambda: measure_rebuild(ctx, profile))
    await attempt("timers", lambda: measure_timers(ctx, profile))
    await attempt("latency", lambda: measure_latency(ctx, profile, log_dir))
    await attempt("tracing", lambda: measure_tracing(ctx, profile))
    await attempt("reports", lambda: measure_reports(ctx, profile))
    single = next((result for result in results if result.name == "appends-single"), None)
    if "eventsourcing-library" not in chosen:
        pass
    elif single is None:
        results.append(
            WorkloadResult(
                "eventsourcing-library",
                notes=["the eventsourcing library is compared with appends-single: run both"],
            )
        )
    elif library_comparison.available():
        ours = _single_append_medians(single)
        await attempt(
            "eventsourcing-library",
            lambda: library_comparison.measure_library(ctx, profile, ours),
        )
    else:
        results.append(
            WorkloadResult(
                "eventsourcing-library",
                notes=["eventsourcing library not installed: its comparison (≥ 4x) is skipped"],
            )
        )

    return results, await _server_version_and_cleanup(ctx)


async def _server_version_and_cleanup(ctx: BenchContext) -> str | None:
    """The server's version, after dropping this run's schemas; None if the server is gone."""
    try:
        async with ctx.pool(1) as pool:
            await ctx.drop_schemas(pool)
            version: str = await pool.fetchval("SHOW server_version")
    except (OSError, asyncpg.PostgresError):
        return None
    return version


def _single_append_medians(result: WorkloadResult) -> dict[int, float]:
    medians = result.raw.get("median_events_per_s", {})
    return {writers: figures["ours"] for writers, figures in medians.items()}
