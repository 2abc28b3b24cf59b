"""SIGTERM in the middle of a batch: the batch is finished and committed, then the process stops.

Unlike kill -9 (test_crashes.py), nothing is left for the inbox to catch: at exit the
consumer group's committed offsets equal what the projection applied.
"""

from __future__ import annotations

import asyncio
import signal
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

from tests.e2e.platform import append_registrations, count_entries, wait_for
from tests.support.inbox import applied_count
from tests.support.kafka import read_records

BACKLOG = 3000


async def committed(bootstrap: str, group: str, topic: str) -> int:
    """The group's committed offsets over the topic's partitions (no group join: no subscribe)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        assert partitions, f"no partitions for {topic}"
        offsets = [await consumer.committed(TopicPartition(topic, p)) for p in partitions]
        return sum(o or 0 for o in offsets)
    finally:
        await consumer.stop()


async def test_sigterm_mid_batch_commits_what_it_applied_and_loses_nothing(platform):
    platform.start("intake")
    conn = await platform.connect()
    bootstrap = platform.env["KAFKA_BOOTSTRAP_SERVERS"]
    try:
        platform.start("timeline", TIMELINE_BATCH_SIZE="20")
        written = await append_registrations(conn, BACKLOG)
        await wait_for(conn, lambda n: n >= 200)
        timeline = platform.processes["timeline"].process
        started = time.monotonic()
        timeline.terminate()  # SIGTERM, as Kubernetes and compose send it
        code = await asyncio.to_thread(timeline.wait, 20)
        # uvicorn re-raises the signal once it has shut down, so the exit reads "by SIGTERM".
        assert code == -signal.SIGTERM
        log = platform.processes["timeline"].log_path.read_text()
        assert "Application shutdown complete" in log
        assert time.monotonic() - started < 15, "shutdown took longer than the grace period"
        at_stop = await count_entries(conn)
        assert at_stop < BACKLOG, "the timeline finished before it could be stopped"
        inbox = await applied_count(conn, "timeline", "timeline")
        # Finished and committed: nothing applied past the committed offsets, nothing half-done.
        assert await committed(bootstrap, "timeline", "intake.events") == inbox == at_stop

        platform.start("timeline", TIMELINE_BATCH_SIZE="20")
        await wait_for(conn, lambda n: n >= BACKLOG)
        await asyncio.sleep(0.5)  # let any late duplicate arrive, to be counted below
        stored = {
            str(r["event_id"]) for r in await conn.fetch("SELECT event_id FROM timeline.entries")
        }
        assert await count_entries(conn) == BACKLOG
        assert stored == written
        dead = await read_records(bootstrap, "intake.events.dlq", at_least=0, within=1)
        assert dead == []
    finally:
        await conn.close()
