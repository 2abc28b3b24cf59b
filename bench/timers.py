"""Timers: fire N due debts deadlines through the worker, against raw claim + insert + settle.

Seeded through debts' own pipeline (a request for debt help per young person, sealed, its
first-conversation timer scheduled in the same append), then everything falls due at once: the
worker claims batches of `TimerOptions().batch` and fires each timer as production does (load
and open the stream, decide, seal, append under the timer's id, settle). The reference does the
least SQL any firing must: the same claim statement on a copy of the timers, one unnest INSERT
of a batch's events into a trigger-less copy of `events`, one UPDATE settling the batch. The
claim's plan at N rows is recorded (EXPLAIN ANALYZE, rolled back) to show the partial index
serving it.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bench.rawsql import RawEventsTable, columns_of
from bench.results import Row, WorkloadResult
from services.debts.domain.commands import RequestDebtHelp
from services.debts.domain.events import CATALOGUE
from services.debts.handlers import PIPELINE
from shared.clock import FixedClock, start_of
from shared.command_pipeline import Dependencies
from shared.eventstore import Metadata, NewEvent, PostgresEventStore, event_store_migration
from shared.privacy import KeyStore, MasterKey, Sealer, key_store_migration
from shared.timers import fired_event_id
from shared.timers.table import TimerTable, timer_migrations
from shared.timers.worker import TimerOptions, TimerWorker

if TYPE_CHECKING:
    from asyncpg.pool import Pool

    from bench.context import BenchContext
    from bench.profile import Profile

DAY = date(2031, 1, 10)
FIRED_ON = DAY + timedelta(days=30)  # past every four-week deadline of DAY
SEED_WRITERS = 8
# Workers firing at once, as pods (or `timers` processes) would: claims never overlap.
WORKERS = 4
MISSED = "nl.regie.debts.first-conversation-deadline-missed"
METADATA = Metadata(
    tenant="0518", actor="bench", actor_role="schuldhulpverlener", correlation_id="bench"
)


async def measure_timers(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """Timers fired per second by the worker, and by the raw reference, in this run."""
    count = profile.timers_due
    options = TimerOptions()
    async with ctx.pool(WORKERS * 2 + 2, "bench-timers") as pool:
        schema = await ctx.migrated(
            pool, ctx.schema("timers"), [event_store_migration(), *timer_migrations()]
        )
        keys = await ctx.migrated(pool, f"{schema}_keys", [key_store_migration()])
        seed_s = await _seed(pool, schema, keys, count)
        plan = await _claim_plan(pool, schema, options)
        raw_s = await _raw_reference(ctx, pool, schema, count, options.batch)
        ours_s = await _fire(pool, schema, keys, options)
        fired = await pool.fetchval(
            f"SELECT count(*) FROM {schema}.events WHERE event_type = $1", MISSED
        )
        unsettled = await pool.fetchval(
            f"SELECT count(*) FROM {schema}.timers WHERE state <> 'fired'"
        )
    if fired != count or unsettled:
        raise RuntimeError(f"timers: {fired} events for {count} timers, {unsettled} unsettled")
    result = WorkloadResult("timers")
    result.rows.append(
        Row(
            f"timers fired, {count:,} due, {WORKERS} workers", count / ours_s, count / raw_s, "ev/s"
        )
    )
    result.raw = {
        "timers": count,
        "workers": WORKERS,
        "batch": options.batch,
        "fired_per_s": count / ours_s,
        "raw_per_s": count / raw_s,
        "fire_seconds": ours_s,
        "raw_seconds": raw_s,
        "seed_seconds": seed_s,
        "claim_plan": plan,
    }
    index = "timers_due" if any("timers_due" in line for line in plan) else "NOT the partial index"
    result.notes.append(
        f"timers: {count:,} due debts deadlines (seeded through debts' pipeline in {seed_s:.0f} s),"
        f" fired by {WORKERS} workers through the pipeline (load, open, decide, seal, append,"
        f" settle per timer); reference = the same claim, one unnest INSERT of each batch of"
        f" {options.batch} events into a trigger-less copy of events, one settling UPDATE."
        f" The claim at {count:,} rows uses {index}"
    )
    return result


async def _seed(pool: Pool, schema: str, keys: str, count: int) -> float:
    """`count` young people ask for debt help on DAY: a sealed stream and a timer each."""
    sealer = Sealer(CATALOGUE, KeyStore(pool, keys, MasterKey.from_environment()))
    deps = Dependencies(PostgresEventStore(pool, schema), sealer, FixedClock(DAY))
    queue = iter(range(count))

    async def writer() -> None:
        for _ in queue:
            command = RequestDebtHelp(
                youth_id=uuid.uuid4(), trajectory_id=uuid.uuid4(), requested_on=DAY
            )
            await PIPELINE.execute(deps, command, METADATA)

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(SEED_WRITERS)))
    await pool.execute(f"ANALYZE {schema}.timers")
    return time.perf_counter() - started


async def _claim_plan(pool: Pool, schema: str, options: TimerOptions) -> list[str]:
    """The worker's own claim statement's plan with every timer due, run and rolled back."""
    claim = TimerTable(pool, schema).claim_sql
    async with pool.acquire() as conn:
        transaction = conn.transaction()
        await transaction.start()
        try:
            rows = await conn.fetch(
                f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) {claim}",
                start_of(FIRED_ON), options.lease, options.batch, uuid.uuid4(),
            )  # fmt: skip
        finally:
            await transaction.rollback()
    return [row[0] for row in rows]


async def _fire(pool: Pool, schema: str, keys: str, options: TimerOptions) -> float:
    """Seconds for `WORKERS` workers to fire every due timer; keys read afresh, as at a start."""
    sealer = Sealer(CATALOGUE, KeyStore(pool, keys, MasterKey.from_environment()))
    deps = Dependencies(PostgresEventStore(pool, schema), sealer, FixedClock(FIRED_ON))
    rules = PIPELINE.timers
    if rules is None:
        raise RuntimeError("debts declares no timers")
    table = TimerTable(pool, schema)

    async def worker() -> None:
        one = TimerWorker.with_options(table, rules, PIPELINE.execute, deps, options)
        while await one.fire_due():
            pass

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(WORKERS)))
    return time.perf_counter() - started


async def _raw_reference(
    ctx: BenchContext, pool: Pool, schema: str, count: int, batch: int
) -> float:
    """Seconds for `WORKERS` loops of claim + batch INSERT + settle over copies of the tables."""
    ref = ctx.schema("rawtimers")
    events = await RawEventsTable.copy(pool, schema, ref)
    await pool.execute(
        f"CREATE TABLE {ref}.timers (LIKE {schema}.timers INCLUDING ALL);"
        f" INSERT INTO {ref}.timers SELECT * FROM {schema}.timers; ANALYZE {ref}.timers"
    )
    insert = events.insert_unnest_sql()
    claim, lease = TimerTable(pool, ref).claim_sql, TimerOptions().lease
    data = '{"youth_id": "x", "trajectory_id": "x", "first_conversation_due": "2031-02-07"}'
    now = start_of(FIRED_ON)
    fired = 0

    async def loop() -> None:
        nonlocal fired
        while claimed := await pool.fetch(claim, now, lease, batch, uuid.uuid4()):
            rows: list[tuple[Any, ...]] = []
            for row in claimed:
                event = NewEvent(
                    event_id=fired_event_id(row["timer_id"]), event_type=MISSED,
                    schema_version=1, subject=row["subject"], data=data, metadata=METADATA,
                )  # fmt: skip
                rows.append(events.row_of(event, 2))
            await pool.execute(insert, *columns_of(rows))
            await pool.execute(
                f"UPDATE {ref}.timers SET state = 'fired', settled_at = $2,"
                " lease_token = NULL, lease_until = NULL WHERE timer_id = ANY($1::uuid[])",
                [row["timer_id"] for row in claimed],
                now,
            )
            fired += len(claimed)

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(WORKERS)))
    elapsed = time.perf_counter() - started
    if fired != count:
        raise RuntimeError(f"raw timers: fired {fired} of {count}")
    return elapsed
