"""The timeline service: both projections as the service runs them, and a long timeline's read.

Projection: the four domain topics are pre-filled with short stories of many young people and
one long timeline; the timeline's and the reports' runners consume them side by side (their
own groups, one pool), as `services.timeline` does. Ours is the rate at which an event is
applied by BOTH, from the first applied batch; the reference reads the same messages with raw
`getmany`. Query: `GET /youths/{id}/timeline` in-process (auth, access rules, the processing
log's write, JSON) for the young person with 2,000 entries: its first page (`limit=50`, newest
first, keyset paging for the rest); the reference is raw asyncpg selecting the same 50 rows.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
from fastapi import FastAPI

from bench.payloads import GEMEENTE
from bench.rawkafka import consume_all, produce_all
from bench.results import Row, WorkloadResult
from bench.stats import latency_summary_ms
from bench.stories import build
from bench.tasks import running, wait_until
from services.timeline.api.timeline import build_router
from services.timeline.bootstrap import MIGRATIONS
from services.timeline.read_model.access import Viewer
from services.timeline.read_model.catalogue import domains
from services.timeline.read_model.projection import TimelineProjection
from services.timeline.read_model.queries import Period, find_youth, sight_of, timeline_page
from services.timeline.reports.projection import ReportsProjection
from services.timeline.settings import TimelineSettings
from shared.auth import Authenticator, AuthSettings, mint_token
from shared.http import install_request_context
from shared.kafka import ensure_topics, events_topic
from shared.migrations import directory_migrations
from shared.processing_log import ProcessingLog, processing_log_migration
from shared.projection import ProjectionRunner, inbox_migration

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from asyncpg.pool import Pool

    from bench.context import BenchContext
    from bench.profile import Profile

LONG_ENTRIES = 2_000
APPLY_TIMEOUT_S = 300.0
PAGE = 50
# The same rows the route answers: the first page, newest first (the index scanned backward).
_RAW_QUERY = (
    "SELECT * FROM {schema}.entries WHERE youth_id = $1"
    " ORDER BY occurred_at DESC, recorded_at DESC, domain DESC, stream_version DESC,"
    " event_id DESC LIMIT $2"
)


async def measure_timeline(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """Both projections' rate next to raw consume; the long timeline's read percentiles."""
    settings = ctx.settings
    prefix = ctx.topic_prefix("timeline")
    stories, long_youth = build(settings.oin, profile.timeline_events, LONG_ENTRIES)
    count = len(stories.messages)
    per_topic = Counter(domain for domain, _, _ in stories.messages)
    topics = {d: events_topic(d, prefix) for d in domains()}
    await ensure_topics(settings, list(topics.values()))
    for domain, topic in topics.items():
        mine = [(k, v) for d, k, v in stories.messages if d == domain]
        await produce_all(settings.kafka_bootstrap_servers, topic, mine)
    raw_s = 0.0
    for domain, topic in topics.items():
        raw_s += await consume_all(
            settings.kafka_bootstrap_servers, topic, per_topic[domain], settings.kafka_partitions
        )

    batch_size = TimelineSettings().batch_size
    async with ctx.pool(6, "bench-timeline") as pool:
        schema = await ctx.migrated(
            pool,
            ctx.schema("timeline"),
            [inbox_migration(), processing_log_migration(), *directory_migrations(MIGRATIONS)],
        )
        runners = [
            ProjectionRunner(pool, settings, projection, schema=schema,
                             topics=list(topics.values()), max_records=batch_size)
            for projection in (TimelineProjection(schema, f"{prefix}-timeline"),
                               ReportsProjection(schema, f"{prefix}-reports"))
        ]  # fmt: skip
        applied = _applied(runners)
        started = time.perf_counter()
        async with (
            running(runners[0].run, "timeline") as one,
            running(runners[1].run, "reports") as two,
        ):
            first = await wait_until(lambda: max(applied()) > 0, one, APPLY_TIMEOUT_S, "timeline")
            at_first = min(applied())
            finished = [
                await wait_until(lambda r=r: _finished(r, count), task, APPLY_TIMEOUT_S, name)
                for r, task, name in zip(runners, (one, two), ("timeline", "reports"), strict=True)
            ]
            done = max(finished)
        lost = [r.stats.dead_letter_reasons[:1] for r in runners if r.stats.dead_lettered]
        if lost:
            raise RuntimeError(f"timeline projections dead-lettered: {lost}")
        query = await _query_latencies(pool, schema, long_youth, profile.timeline_queries)

    ours = (count - at_first) / (done - first)
    result = WorkloadResult("timeline")
    label = f"timeline projection (both) {count:,} events"
    result.rows.append(Row(label, ours, count / raw_s, "ev/s"))
    for q in ("p50", "p99"):
        result.rows.append(
            Row(f"timeline query {LONG_ENTRIES:,} entries, first page {q}", query["http"][q],
                query["raw_sql"][q], "ms", ratio_as="x")
        )  # fmt: skip
    result.raw = {
        "events": count,
        "events_per_topic": dict(per_topic),
        "max_records": batch_size,
        "group_join_and_first_batch_seconds": first - started,
        "steady_events_per_s": ours,
        "seconds_from_first_batch": {
            "timeline": finished[0] - first,
            "reports": finished[1] - first,
        },
        "including_join_events_per_s": count / (done - started),
        "raw_consume_seconds": raw_s,
        "query": query,
    }
    result.notes.append(
        f"timeline: projection rate = events applied by BOTH the timeline and the reports "
        f"projection, from the first applied batch ({first - started:.2f} s after start); "
        f"{count / (done - started):,.0f} ev/s including the group joins; reference = raw "
        "getmany of the same messages, one topic after another"
    )
    result.notes.append(
        f"timeline: query = GET /youths/{{id}}/timeline?limit={PAGE} in-process as an auditor "
        f"(first page of {LONG_ENTRIES:,} entries, {profile.timeline_queries} reads, incl. its "
        "processing-log write); the query "
        f"function alone: p50 {query['function']['p50']:.1f} ms, p99 "
        f"{query['function']['p99']:.1f} ms; reference = raw asyncpg SELECT of the same "
        f"{PAGE} rows (newest first, LIMIT)"
    )
    return result


def _finished(runner: ProjectionRunner, count: int) -> bool:
    """Every event applied, or one dead-lettered (which fails the workload at once)."""
    return runner.stats.applied >= count or runner.stats.dead_lettered > 0


def _applied(runners: list[ProjectionRunner]) -> Callable[[], list[int]]:
    return lambda: [r.stats.applied for r in runners]


async def _query_latencies(pool: Pool, schema: str, youth_id: str, reads: int) -> dict[str, Any]:
    """Percentiles of the HTTP route, the query function and raw SQL, each `reads` times."""
    settings = TimelineSettings(schema_name=schema)
    app = FastAPI()
    install_request_context(app)
    app.state.pool = pool
    app.state.processing_log = ProcessingLog(pool, schema)
    app.include_router(build_router(Authenticator(AuthSettings()), settings))
    token = mint_token(AuthSettings(), subject="bench", roles=["auditor"], gemeentecode=GEMEENTE)
    viewer = Viewer("bench", frozenset({"auditor"}), GEMEENTE)
    youth = await find_youth(pool, schema, youth_id)
    if youth is None:
        raise RuntimeError("the long timeline's young person was not projected")

    async def function() -> int:
        sight = await sight_of(pool, schema, youth, viewer, moment=datetime.now(UTC),
                               policy="afschermen")  # fmt: skip
        found = await timeline_page(pool, schema, sight, period=Period(), limit=PAGE, before=None)
        return len(found.timeline.entries)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://timeline") as client:

        async def http() -> int:
            response = await client.get(
                f"/youths/{youth_id}/timeline",
                params={"limit": PAGE},
                headers={"Authorization": f"Bearer {token}"},
            )
            response.raise_for_status()
            return len(response.json()["entries"])

        async def raw() -> int:
            return len(await pool.fetch(_RAW_QUERY.format(schema=schema), youth_id, PAGE))

        probes = {"http": http, "function": function, "raw_sql": raw}
        return {name: await _timed(probe, reads) for name, probe in probes.items()}


async def _timed(probe: Callable[[], Awaitable[int]], reads: int) -> dict[str, Any]:
    """Warm up, then time `reads` sequential calls; each must see a full first page."""
    for _ in range(3):
        await probe()
    seconds = []
    for _ in range(reads):
        started = time.perf_counter()
        entries = await probe()
        seconds.append(time.perf_counter() - started)
        if entries != PAGE:
            raise RuntimeError(f"the long timeline's first page held {entries} entries, not {PAGE}")
    return latency_summary_ms(seconds)
