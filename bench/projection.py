"""Projection apply: the timeline projection under `ProjectionRunner`, against raw consume.

The topic is pre-filled with valid `youth-registered` CloudEvents. The runner parses each one,
raises inbox marks and writes timeline rows in one transaction per batch and commits offsets;
the reference only fetches the same messages with `getmany`. Our rate is counted from the first
applied batch, because the consumer group join before it is a fixed start-up cost of the
embedded broker (reported separately), not a throughput.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from bench.payloads import encoded, intake_source, recorded_event
from bench.rawkafka import consume_all, produce_all
from bench.results import Row, Target, WorkloadResult
from bench.tasks import running, wait_until
from services.timeline.read_model.projection import TimelineProjection
from services.timeline.registry import MIGRATIONS
from services.timeline.settings import TimelineSettings
from shared.kafka import ensure_topics, events_topic
from shared.migrations import directory_migrations
from shared.projection import ProjectionRunner, inbox_migrations

if TYPE_CHECKING:
    from bench.context import BenchContext
    from bench.profile import Profile

TARGET = Target("≥ 20,000 ev/s", "at_least", 20_000)
APPLY_TIMEOUT_S = 300.0


async def measure_projection(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """Time the runner applying every message of a pre-filled topic; time raw consume of it."""
    count = profile.projection_events
    settings = ctx.settings
    prefix = ctx.topic_prefix("projection")
    topic = events_topic("intake", prefix)
    await ensure_topics(settings, [topic])
    messages = encoded([recorded_event(n) for n in range(count)], intake_source(settings.oin))
    await produce_all(settings.kafka_bootstrap_servers, topic, messages)
    raw_s = await consume_all(
        settings.kafka_bootstrap_servers, topic, count, settings.kafka_partitions
    )

    batch_size = TimelineSettings().batch_size
    async with ctx.pool(4, "bench-projection") as pool:
        schema = await ctx.migrated(
            pool, ctx.schema("timeline"), [*inbox_migrations(), *directory_migrations(MIGRATIONS)]
        )
        runner = ProjectionRunner(
            pool,
            settings,
            TimelineProjection(schema, name=f"{prefix}-timeline"),
            schema=schema,
            topics=[topic],
            max_records=batch_size,
        )
        stats = runner.stats
        started = time.perf_counter()
        async with running(runner.run, "bench-projection") as task:
            first = await wait_until(
                lambda: stats.applied > 0 or stats.dead_lettered > 0,
                task,
                APPLY_TIMEOUT_S,
                "projection",
            )
            applied_at_first = stats.applied
            done = await wait_until(
                lambda: stats.applied >= count or stats.dead_lettered > 0,
                task,
                APPLY_TIMEOUT_S,
                "projection",
            )
        if stats.dead_lettered:
            raise RuntimeError(f"projection dead-lettered: {stats.dead_letter_reasons[0]}")
        rows = await pool.fetchval(f"SELECT count(*) FROM {schema}.entries")

    ours = (count - applied_at_first) / (done - first)
    result = WorkloadResult("projection")
    result.rows.append(
        Row(f"projection apply {count:,} events", ours, count / raw_s, "ev/s", TARGET)
    )
    result.raw = {
        "events": count,
        "max_records": batch_size,
        "group_join_and_first_batch_seconds": first - started,
        "applied_in_first_observation": applied_at_first,
        "steady_seconds": done - first,
        "steady_events_per_s": ours,
        "including_join_events_per_s": count / (done - started),
        "batches": stats.batches,
        "timeline_rows": rows,
        "raw_consume_seconds": raw_s,
    }
    result.notes.append(
        f"projection: rate from the first applied batch ({applied_at_first} events applied "
        f"{first - started:.2f} s after start, mostly the group join); "
        f"{count / (done - started):,.0f} ev/s including it; reference = raw getmany (no group)"
    )
    return result
