"""The timeline service: both projections as the service runs them, and a long timeline's read.

Projection: the four domain topics are pre-filled with short stories of many young people and
one long timeline; the timeline's and the reports' runners consume them side by side (their
own groups, one pool), as `services.timeline` does. Ours is the rate at which an event is
applied by BOTH, from the first applied batch; the reference reads the same messages with raw
`getmany`. Query: `GET /youths/{id}/timeline` in-process (auth, access rules, the processing
log's write, JSON) for the young person with 2,000 entries: its first page (`limit=50`, newest
first, keyset paging for the rest). The reference (issue 24: "the raw SELECT of the same rows,
through HTTP") is a bare route on the same app, middleware and in-process transport that runs
the raw SELECT of the same 50 rows and answers them as JSON; the bare SQL figure is kept too.
"""

from __future__ import annotations

import functools
import json
import time
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
from fastapi import FastAPI, Response

from bench.payloads import GEMEENTE
from bench.rawkafka import consume_all, produce_all
from bench.results import Row, Target, WorkloadResult
from bench.stats import latency_summary_ms
from bench.stories import build
from bench.tasks import running, wait_until
from services.timeline.api.timeline import build_router
from services.timeline.read_model.access import Viewer
from services.timeline.read_model.catalogue import domains
from services.timeline.read_model.projection import TimelineProjection
from services.timeline.read_model.queries import Period, find_youth, sight_of, timeline_page
from services.timeline.registry import MIGRATIONS
from services.timeline.reports.projection import ReportsProjection
from services.timeline.settings import TimelineSettings
from shared.auth import Authenticator, AuthSettings, mint_token
from shared.http import install_request_context
from shared.kafka import ensure_topics, events_topic
from shared.migrations import directory_migrations
from shared.processing_log import ProcessingLog, processing_log_migration
from shared.projection import ProjectionRunner, inbox_migrations

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping

    from asyncpg.pool import Pool

    from bench.context import BenchContext
    from bench.profile import Profile

LONG_ENTRIES = 2_000
APPLY_TIMEOUT_S = 300.0
PAGE = 50
ANALYZED = ("entries", "youths", "consents")
QUERY_TARGET = Target("p99 ≤ 2x raw via HTTP", "ratio_at_most", 2.0)
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
            [*inbox_migrations(), processing_log_migration(), *directory_migrations(MIGRATIONS)],
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
                await wait_until(
                    functools.partial(_finished, r, count), task, APPLY_TIMEOUT_S, name
                )
                for r, task, name in zip(runners, (one, two), ("timeline", "reports"), strict=True)
            ]
            done = max(finished)
        lost = [r.stats.dead_letter_reasons[:1] for r in runners if r.stats.dead_lettered]
        if lost:
            raise RuntimeError(f"timeline projections dead-lettered: {lost}")
        # Statistics as autovacuum keeps them on a live read model: right after the load the
        # tables were never analyzed, and the planner guesses plans for both probes from nothing.
        for table in ANALYZED:
            await pool.execute(f"ANALYZE {schema}.{table}")
        query = await _query_latencies(pool, schema, long_youth, profile.timeline_queries)

    ours = (count - at_first) / (done - first)
    result = WorkloadResult("timeline")
    label = f"timeline projection (both) {count:,} events"
    result.rows.append(Row(label, ours, count / raw_s, "ev/s"))
    for q in ("p50", "p99"):
        result.rows.append(
            Row(f"timeline query {LONG_ENTRIES:,} entries, first page {q}", query["http"][q],
                query["raw_http"][q], "ms", QUERY_TARGET if q == "p99" else None, ratio_as="x")
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
        f"(first page of {LONG_ENTRIES:,} entries, {profile.timeline_queries} reads, incl. "
        "token check, access rules and its processing-log write); reference = the raw SELECT "
        f"of the same {PAGE} rows through HTTP: a bare route on the same app (same middleware, "
        "same in-process ASGI transport) running one asyncpg SELECT (newest first, LIMIT) and "
        "answering the rows as JSON, no token, rules or log; the two are timed alternately, "
        f"request by request, after ANALYZE of {', '.join(ANALYZED)} (as autovacuum keeps a "
        "live read model; never analyzed, the planner guessed a sort of all 2,000 rows of the "
        "young person for the route's page, not for the raw SELECT). Bare SQL alone (asyncpg, "
        "no HTTP): p50 "
        f"{query['raw_sql']['p50']:.2f} ms, p99 {query['raw_sql']['p99']:.2f} ms; the query "
        f"function alone: p50 {query['function']['p50']:.1f} ms, p99 "
        f"{query['function']['p99']:.1f} ms"
    )
    return result


def _finished(runner: ProjectionRunner, count: int) -> bool:
    """Every event applied, or one dead-lettered (which fails the workload at once)."""
    return runner.stats.applied >= count or runner.stats.dead_lettered > 0


def _applied(runners: list[ProjectionRunner]) -> Callable[[], list[int]]:
    return lambda: [r.stats.applied for r in runners]


async def _query_latencies(pool: Pool, schema: str, youth_id: str, reads: int) -> dict[str, Any]:
    """Percentiles of the HTTP route, its raw HTTP reference, the query function and raw SQL.

    Each probe runs `reads` times, the probes taking turns request by request, so a change in
    the machine's load falls on all of them alike.
    """
    settings = TimelineSettings(schema_name=schema)
    app = FastAPI()
    install_request_context(app)
    app.state.pool = pool
    app.state.processing_log = ProcessingLog(pool, schema)
    app.include_router(build_router(Authenticator(AuthSettings()), settings))
    raw_query = _RAW_QUERY.format(schema=schema)

    @app.get("/bench/raw/{youth}", include_in_schema=False)
    async def raw_page(youth: str) -> Response:
        """The reference: the same rows, straight from asyncpg to JSON."""
        rows = await pool.fetch(raw_query, youth, PAGE)
        body = json.dumps({"entries": [dict(r) for r in rows]}, default=str)
        return Response(body, media_type="application/json")

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

        async def get(path: str, params: dict[str, int] | None = None,
                      headers: dict[str, str] | None = None) -> int:  # fmt: skip
            response = await client.get(path, params=params, headers=headers)
            response.raise_for_status()
            return len(response.json()["entries"])

        async def http() -> int:
            return await get(f"/youths/{youth_id}/timeline", params={"limit": PAGE},
                             headers={"Authorization": f"Bearer {token}"})  # fmt: skip

        async def raw_http() -> int:
            return await get(f"/bench/raw/{youth_id}")

        async def raw() -> int:
            return len(await pool.fetch(raw_query, youth_id, PAGE))

        probes = {"http": http, "raw_http": raw_http, "function": function, "raw_sql": raw}
        return await _timed(probes, reads)


async def _timed(probes: Mapping[str, Callable[[], Awaitable[int]]], reads: int) -> dict[str, Any]:
    """Warm up, then time `reads` rounds of one call per probe; each must see a full page."""
    for _ in range(3):
        for probe in probes.values():
            await probe()
    seconds: dict[str, list[float]] = {name: [] for name in probes}
    for _ in range(reads):
        for name, probe in probes.items():
            started = time.perf_counter()
            entries = await probe()
            seconds[name].append(time.perf_counter() - started)
            if entries != PAGE:
                raise RuntimeError(f"{name}: the long timeline's first page held {entries} entries")
    return {name: latency_summary_ms(taken) for name, taken in seconds.items()}
