"""kill -9 in the middle of the work: nothing is lost and nothing is applied twice."""

from __future__ import annotations

import asyncio

from tests.e2e.platform import append_registrations, count_entries, wait_for
from tests.support.inbox import applied_count
from tests.support.kafka import read_records

BACKLOG = 3000


async def dead_letters(platform) -> int:
    records = await read_records(
        platform.env["KAFKA_BOOTSTRAP_SERVERS"], "intake.events.dlq", at_least=0, within=1
    )
    return len(records)


async def test_relay_killed_mid_publish_resumes_and_timeline_holds_every_event_once(platform):
    """The relay dies between sending a batch and checkpointing it; the resend is deduplicated."""
    platform.start("intake", INTAKE_EMBEDDED_RELAY="false")
    platform.start("timeline")
    conn = await platform.connect()
    try:
        written = await append_registrations(conn, BACKLOG)
        relay_args = ("run", "--service", "intake", "--batch-size", "25")
        platform.start("relay", *relay_args, module="shared.relay")
        seen = await wait_for(conn, lambda n: n >= 100)
        platform.processes["relay"].kill()
        at_kill = await count_entries(conn)
        assert seen < BACKLOG
        assert at_kill < BACKLOG, "the relay finished before it could be killed"
        platform.start("relay", *relay_args, module="shared.relay")
        await wait_for(conn, lambda n: n >= BACKLOG)
        await asyncio.sleep(0.5)  # let any late duplicate arrive, to be counted below
        stored = {
            str(r["event_id"]) for r in await conn.fetch("SELECT event_id FROM timeline.entries")
        }
        assert await count_entries(conn) == BACKLOG
        assert stored == written
        assert await dead_letters(platform) == 0
    finally:
        await conn.close()


async def test_timeline_killed_mid_batch_resumes_without_loss_or_double_apply(platform):
    """The consumer dies with a batch applied but its offsets not committed; the inbox saves it."""
    platform.start("intake")
    conn = await platform.connect()
    try:
        platform.start("timeline", TIMELINE_BATCH_SIZE="20")
        written = await append_registrations(conn, BACKLOG)
        await wait_for(conn, lambda n: n >= 200)
        platform.processes["timeline"].kill()
        at_kill = await count_entries(conn)
        assert at_kill < BACKLOG, "the timeline finished before it could be killed"
        platform.start("timeline", TIMELINE_BATCH_SIZE="20")
        await wait_for(conn, lambda n: n >= BACKLOG)
        await asyncio.sleep(0.5)
        inbox = await applied_count(conn, "timeline", "timeline")
        stored = {
            str(r["event_id"]) for r in await conn.fetch("SELECT event_id FROM timeline.entries")
        }
        assert (await count_entries(conn), inbox) == (BACKLOG, BACKLOG)
        assert stored == written
        # Applying an event twice would violate the entries' key and be dead-lettered.
        assert await dead_letters(platform) == 0
    finally:
        await conn.close()
