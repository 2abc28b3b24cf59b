"""Full rebuild: the timeline rebuilt from its topic, verified and swapped, as an operator runs it.

The topic is filled with `youth-registered` CloudEvents (in chunks, so a million never sit in
memory at once) and a live schema is brought up to date with them by a live runner, which
also commits its group's offsets: the rebuild's target.
Then `python -m services.timeline rebuild timeline --json` runs as a child process: its own
figures give the rate (migration, bulk, handoff, verification of every table and the swap all
count), and `os.wait4` gives that process's peak resident memory. Reference: raw `getmany` of
the same topic.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any

from bench.payloads import encoded, intake_source, recorded_event
from bench.rawkafka import consume_all, produce_all
from bench.results import Row, WorkloadResult
from services.timeline.registry import timeline_spec
from services.timeline.settings import TimelineSettings
from shared.devstack.processes import PROJECT_ROOT
from shared.kafka import ensure_topics, events_topic
from shared.projection import ProjectionRunner, inbox_migrations

if TYPE_CHECKING:
    from asyncpg.pool import Pool

    from bench.context import BenchContext
    from bench.profile import Profile
    from shared.projection import ProjectionSpec
    from shared.settings import PlatformSettings

CHUNK = 50_000
REBUILD_TIMEOUT_S = 1800.0


async def measure_rebuild(
    ctx: BenchContext, profile: Profile, workers: int | None = None
) -> WorkloadResult:
    """Fill topic and live schema with `profile.rebuild_events`; time the CLI's full rebuild.

    `workers`: the CLI's `--workers` (default: its own, one per core).
    """
    count = profile.rebuild_events
    prefix = ctx.topic_prefix("rebuild")
    platform = ctx.settings.model_copy(update={"kafka_topic_prefix": prefix})
    settings = TimelineSettings(schema_name=ctx.schema("timeline"), consumer_group=prefix)
    spec = timeline_spec(settings)
    topic = events_topic("intake", prefix)
    await ensure_topics(platform, spec.topics(prefix))
    source = intake_source(platform.oin)
    for start in range(0, count, CHUNK):
        chunk = [recorded_event(n) for n in range(start, min(count, start + CHUNK))]
        await produce_all(platform.kafka_bootstrap_servers, topic, encoded(chunk, source))
    raw_s = await consume_all(
        platform.kafka_bootstrap_servers, topic, count, platform.kafka_partitions
    )
    async with ctx.pool(2, "bench-rebuild") as pool:
        await ctx.migrated(pool, spec.schema, [*inbox_migrations(), *spec.migrations])
        await _bring_live_up_to_date(pool, platform, spec, settings.batch_size, count)

    started = time.perf_counter()
    figures, peak_kib = await asyncio.to_thread(_rebuild_in_child, platform, settings, workers)
    wall = time.perf_counter() - started

    if not (figures["swapped"] and figures["equal"]):
        raise RuntimeError(f"rebuild did not verify and swap: {figures}")
    if figures["applied"] != count:
        raise RuntimeError(f"rebuild applied {figures['applied']} of {count} events")
    ours = figures["events_per_s"]
    peak_mib = peak_kib / 1024
    result = WorkloadResult("rebuild")
    result.rows.append(
        Row(f"full rebuild {count:,} events (verified)", ours, count / raw_s, "ev/s")
    )
    result.raw = {
        "events": count,
        "rebuild": figures,
        "process_wall_seconds": wall,
        "peak_rss_mib": peak_mib,
        "raw_consume_seconds": raw_s,
    }
    result.notes.append(
        f"rebuild: {count:,} events in {figures['seconds']:.1f} s by"
        f" {figures['workers']} worker(s) (bulk, handoff, count + hash of"
        f" {len(figures['tables'])} tables, swap), peak memory {peak_mib:,.0f} MiB (ru_maxrss of"
        f" the CLI process, {wall:.1f} s with start-up); reference = raw getmany of the topic"
    )
    return result


async def _bring_live_up_to_date(
    pool: Pool, platform: PlatformSettings, spec: ProjectionSpec, batch_size: int, count: int
) -> None:
    """Run the live runner until it has applied (and committed) every event, then stop it."""
    runner = ProjectionRunner(
        pool, platform, spec.build(spec.schema), schema=spec.schema,
        topics=spec.topics(platform.kafka_topic_prefix), max_records=batch_size,
    )  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        while runner.stats.applied < count and not task.done():  # noqa: ASYNC110 - stats only count
            await asyncio.sleep(0.2)
    finally:
        stop.set()
        await task


def _rebuild_in_child(
    platform: PlatformSettings, settings: TimelineSettings, workers: int | None
) -> tuple[Any, int]:
    """Run the CLI; its JSON figures and its peak resident set size in KiB."""
    env = {
        **os.environ,
        "DATABASE_URL": platform.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": platform.kafka_bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": platform.kafka_topic_prefix,
        "KAFKA_PARTITIONS": str(platform.kafka_partitions),
        "TIMELINE_SCHEMA_NAME": settings.schema_name,
        "TIMELINE_CONSUMER_GROUP": settings.consumer_group,
    }
    command = [sys.executable, "-m", "services.timeline", "rebuild", "timeline", "--json"]
    if workers is not None:
        command += ["--workers", str(workers)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=err)  # noqa: S603 - our own CLI
        deadline = time.monotonic() + REBUILD_TIMEOUT_S
        while True:  # os.wait4, not Popen.wait: it hands back this child's own rusage
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                raise TimeoutError(f"rebuild not done within {REBUILD_TIMEOUT_S:.0f} s")
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            reason = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"rebuild exited {child.returncode}: {reason}")
        return json.loads(out.read().decode().strip().splitlines()[-1]), usage.ru_maxrss
