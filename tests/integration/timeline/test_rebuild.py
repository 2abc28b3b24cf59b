"""Rebuild while the live timeline serves and consumes: verified, swapped, nothing lost."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaProducer

from services.timeline.rebuild import Handoff, RebuildError, rebuild
from services.timeline.registry import timeline_spec
from services.timeline.settings import TimelineSettings
from shared.kafka import ensure_topics, events_topic
from shared.migrations import migrate
from shared.projection import inbox_migration
from tests.integration.timeline.conftest import cli, debt_help, registered


async def seed(live, youths: int = 20) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(youths)]
    for youth_id in ids:
        await live.publish(registered(youth_id))
        await live.publish(debt_help(youth_id))
    await live.caught_up()
    return ids


async def entry_ids(live) -> list[uuid.UUID]:
    rows = await live.pool.fetch(f"SELECT event_id FROM {live.schema}.entries")
    return [r["event_id"] for r in rows]


async def test_rebuild_while_serving_and_consuming_swaps_and_keeps_every_event_once(
    live, platform_for
):
    """Events produced during the rebuild and after the swap each end up exactly once."""
    await seed(live)
    before = await live.oids()
    rebuilding = asyncio.create_task(
        rebuild(live.pool, platform_for, live.spec, batch_size=10)  # small batches: it lasts
    )
    during = 0
    while not rebuilding.done():  # the live side keeps consuming and serving meanwhile
        youth_id = str(uuid.uuid4())
        await live.publish(registered(youth_id))
        during += 1
        response = await live.client.get(
            f"/youths/{youth_id}/timeline", headers={"Authorization": "Bearer x"}
        )
        assert response.status_code in {401, 404}  # served, not blocked
        await asyncio.sleep(0.02)
    result = rebuilding.result()
    after_swap = await live.publish(registered(str(uuid.uuid4())))
    await live.caught_up()

    assert during > 0
    assert (result.equal, result.swapped) == (True, True), result
    assert all(before[t] != oid for t, oid in (await live.oids()).items())
    ids = await entry_ids(live)
    assert sorted(ids) == sorted(live.published)  # every headline event once, none doubled
    assert after_swap in ids
    assert live.app.state.runner.stats.dead_lettered == 0
    assert await live.leftover_schemas() == []


async def test_a_corrupted_live_row_is_reported_with_exit_3_and_only_swapped_when_accepted(
    live, endpoints, topic_prefix
):
    """The difference is named in one line; live stays as it was until --accept-changes."""
    await seed(live, youths=5)
    [victim] = await live.pool.fetch(f"SELECT event_id FROM {live.schema}.entries LIMIT 1")
    await live.pool.execute(
        f"UPDATE {live.schema}.entries SET headline = 'vervalst' WHERE event_id = $1",
        victim["event_id"],
    )
    before_oids, before_content = await live.oids(), await live.fingerprints()

    code, out, err = await cli(endpoints, topic_prefix, live, "rebuild", "timeline")

    assert code == 3, out + err
    [line] = err.strip().splitlines()
    assert (
        "differs from live (entries: 10 rows live, 10 rebuilt; 1 only live, 1 only rebuilt)" in line
    )
    assert (await live.oids(), await live.fingerprints()) == (before_oids, before_content)
    assert await live.leftover_schemas() == []

    code, out, err = await cli(
        endpoints, topic_prefix, live, "rebuild", "timeline", "--accept-changes", "--json"
    )

    assert code == 0, out + err
    assert '"swapped": true' in out
    headline = await live.pool.fetchval(
        f"SELECT headline FROM {live.schema}.entries WHERE event_id = $1", victim["event_id"]
    )
    assert headline != "vervalst"
    assert all(before_oids[t] != oid for t, oid in (await live.oids()).items())
    late = await live.publish(debt_help(str(uuid.uuid4())))
    await live.caught_up()
    assert (await entry_ids(live)).count(late) == 1


async def test_rebuild_that_reads_past_a_live_runner_that_does_not_move_gives_up(
    pool, platform_for, topic_prefix
):
    """R must be a subset of L: with no live runner applying, no handoff and live unchanged."""
    settings = TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix)
    spec = timeline_spec(settings)
    async with pool.acquire() as conn:
        await migrate(conn, spec.schema, [inbox_migration(), *spec.migrations])
    await ensure_topics(platform_for, spec.topics(topic_prefix))
    producer = AIOKafkaProducer(bootstrap_servers=platform_for.kafka_bootstrap_servers)
    await producer.start()
    try:
        youth_id = str(uuid.uuid4())
        await producer.send_and_wait(
            events_topic("intake", topic_prefix), registered(youth_id), youth_id.encode()
        )
    finally:
        await producer.stop()

    with pytest.raises(RebuildError, match="1 events the live runner has not applied yet"):
        await rebuild(pool, platform_for, spec, handoff=Handoff(attempts=2, pause_s=0.05))

    assert await pool.fetchval(f"SELECT count(*) FROM {spec.schema}.entries") == 0
    leftovers = await pool.fetch(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", f"{spec.schema}\\_%"
    )
    assert leftovers == []


async def test_bad_input_exits_2_with_a_one_line_reason(endpoints, topic_prefix):
    """A timestamp without an offset, or none at all, is refused before anything runs."""
    naive = await cli(endpoints, topic_prefix, None, "as-of", "2026-03-01T12:00", "--youth",
                      str(uuid.uuid4()))  # fmt: skip
    garbage = await cli(endpoints, topic_prefix, None, "as-of", "gisteren", "--youth",
                        str(uuid.uuid4()))  # fmt: skip
    unknown = await cli(endpoints, topic_prefix, None, "rebuild", "ruimtevaart")
    both = await cli(endpoints, topic_prefix, None, "as-of", "2026-03-01T12:00Z", "--youth",
                     str(uuid.uuid4()), "--report", "2026-01", "2026-02")  # fmt: skip
    month = await cli(endpoints, topic_prefix, None, "as-of", "2026-03-01T12:00Z", "--report",
                      "2026-1", "2026-02")  # fmt: skip

    for code, out, err in (naive, garbage, unknown, both, month):
        assert (code, out) == (2, "")
        assert len(err.strip().splitlines()) == 1, err
    assert "has no UTC offset" in naive[2]
    assert "not an ISO 8601 timestamp: 'gisteren'" in garbage[2]
    assert "invalid choice: 'ruimtevaart'" in unknown[2]
    assert "not allowed with argument" in both[2]
    assert "not a month (YYYY-MM): '2026-1'" in month[2]
