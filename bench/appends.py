"""Appends: `PostgresEventStore.append` against raw asyncpg INSERTs into a table of the same shape.

The raw table is a copy of `events` with every column, default, constraint and index but no
trigger, so the ratio shows what the store adds: its stored function (version check, retry
detection), metadata encoding, and the commit notifier the services run with.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, TypeVar

from bench.payloads import new_events, stream_of
from bench.rawsql import RawEventsTable, columns_of
from bench.results import Row, Target, WorkloadResult
from bench.stats import median
from shared.eventstore import NewEvent, PostgresEventStore, event_store_migration
from shared.eventstore.notify import CommitNotifier

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from bench.context import BenchContext
    from bench.profile import Profile

T = TypeVar("T")

SINGLE_TARGET = Target("≥ 80 % of raw", "ratio_at_least", 0.80)
BATCH_TARGET = Target("≥ 70 % of raw", "ratio_at_least", 0.70)
# ARCHITECTURE.md sets the single-event target at 8 writers; the other counts are context.
SINGLE_TARGET_WRITERS = 8
WARMUP_PER_WRITER = 5


async def measure_single(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """One event per transaction, each on a new stream, as a command handler appends."""
    return await _measure(
        ctx, profile, "appends-single", per_transaction=1, plan=profile.single_appends
    )


async def measure_batched(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """`batch_size` events per transaction to one stream, against one raw `unnest` INSERT."""
    return await _measure(
        ctx,
        profile,
        "appends-batched",
        per_transaction=profile.batch_size,
        plan=profile.batch_appends,
    )


async def _measure(
    ctx: BenchContext, profile: Profile, name: str, *, per_transaction: int, plan: dict[int, int]
) -> WorkloadResult:
    result = WorkloadResult(name)
    async with ctx.pool(1) as pool:
        template = await ctx.migrated(pool, ctx.schema("template"), [event_store_migration()])
    runs: list[dict[str, Any]] = []
    raw_table = ""
    for repetition in range(profile.repetitions):
        for writers, transactions in plan.items():
            ours_first = repetition % 2 == 0
            measured: dict[str, float] = {}
            for side in ("ours", "raw") if ours_first else ("raw", "ours"):
                work = [new_events(per_transaction) for _ in range(transactions)]
                warmup = [new_events(per_transaction) for _ in range(writers * WARMUP_PER_WRITER)]
                if side == "ours":
                    seconds = await _ours(ctx, writers, warmup, work)
                else:
                    seconds, raw_table = await _raw(ctx, template, writers, warmup, work)
                measured[side] = transactions * per_transaction / seconds
            runs.append({"repetition": repetition, "writers": writers, **measured})
    medians: dict[int, dict[str, float]] = {}
    for writers in plan:
        ours = median([r["ours"] for r in runs if r["writers"] == writers])
        raw = median([r["raw"] for r in runs if r["writers"] == writers])
        medians[writers] = {"ours": ours, "raw": raw}
        if per_transaction == 1:
            target = SINGLE_TARGET if writers == SINGLE_TARGET_WRITERS else None
        else:
            target = BATCH_TARGET
        label = f"append {per_transaction} ev/tx, {writers} writer{'s' * (writers > 1)}"
        result.rows.append(Row(label, ours, raw, "ev/s", target))
    result.raw = {
        "events_per_transaction": per_transaction,
        "transactions_per_measurement": plan,
        "repetitions": profile.repetitions,
        "runs_events_per_s": runs,
        "median_events_per_s": medians,
    }
    result.raw["raw_table"] = raw_table
    result.notes.append(
        f"appends {per_transaction}/tx: median of {profile.repetitions} run(s), ours and raw in "
        "alternating order, each in a fresh schema with a pool of exactly `writers` connections;"
        f" the raw copy of `events` {raw_table}"
    )
    return result


async def _drive(writers: int, work: Sequence[T], do: Callable[[T], Awaitable[object]]) -> float:
    """Run `work` on `writers` concurrent tasks, each taking every n-th item; the seconds taken."""

    async def writer(share: Sequence[T]) -> None:
        for item in share:
            await do(item)

    started = time.perf_counter()
    await asyncio.gather(*(writer(work[i::writers]) for i in range(writers)))
    return time.perf_counter() - started


async def _ours(
    ctx: BenchContext, writers: int, warmup: list[list[NewEvent]], work: list[list[NewEvent]]
) -> float:
    async with ctx.pool(writers) as pool:
        schema = await ctx.migrated(pool, ctx.schema("ours"), [event_store_migration()])
        notifier = CommitNotifier(pool, schema)
        store = PostgresEventStore(pool, schema, notifier)

        async def append(events: list[NewEvent]) -> None:
            await store.append(stream_of(events[0].subject), events, 0)

        try:
            await _drive(writers, warmup, append)
            return await _drive(writers, work, append)
        finally:
            await notifier.close()


async def _raw(
    ctx: BenchContext,
    template: str,
    writers: int,
    warmup: list[list[NewEvent]],
    work: list[list[NewEvent]],
) -> tuple[float, str]:
    async with ctx.pool(writers) as pool:
        raw = await RawEventsTable.copy(pool, template, ctx.schema("raw"))
        single = len(work[0]) == 1
        sql = raw.insert_one_sql() if single else raw.insert_unnest_sql()

        def args_of(batch: list[NewEvent]) -> tuple[Any, ...]:
            rows = [raw.row_of(event, version) for version, event in enumerate(batch, start=1)]
            return rows[0] if single else columns_of(rows)

        async def insert(args: tuple[Any, ...]) -> None:
            async with pool.acquire() as conn, conn.transaction():
                await conn.execute(sql, *args)

        # Arguments are built before timing: the reference pays for nothing but the INSERT.
        await _drive(writers, [args_of(batch) for batch in warmup], insert)
        return await _drive(writers, [args_of(batch) for batch in work], insert), raw.describe()
