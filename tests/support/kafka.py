"""Read what really arrived on a topic of the real broker."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from shared.envelope import CloudEvent


async def read_records(
    bootstrap: str, topic: str, *, at_least: int, within: float = 30.0
) -> list[ConsumerRecord]:
    """Every record of `topic` from the start, once `at_least` have arrived (or time is up)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, fetch_max_wait_ms=20)
    await consumer.start()
    try:
        deadline = time.monotonic() + within
        partitions: set[int] = set()
        while not partitions and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic) or set()
            if not partitions:
                await consumer._client.force_metadata_update()
                await asyncio.sleep(0.05)
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        await consumer.seek_to_beginning()
        messages: list[ConsumerRecord] = []
        while len(messages) < at_least and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                messages.extend(records)
        # Anything beyond the expected count (duplicates) must be seen too.
        for records in (await consumer.getmany(timeout_ms=300)).values():
            messages.extend(records)
        return messages
    finally:
        await consumer.stop()


async def read_events(bootstrap: str, topic: str, *, at_least: int, within: float = 30.0):
    """The topic's messages parsed as CloudEvents, in per-partition order."""
    records = await read_records(bootstrap, topic, at_least=at_least, within=within)
    return [CloudEvent.model_validate_json(r.value) for r in records]


def json_values(value):
    """Every scalar inside a decoded JSON document, so a test can look for a clear value.

    Searching the raw text for short numbers would also match digits inside hashes, UUIDs and
    base64 ciphertext by chance; comparing decoded values cannot.
    """
    if isinstance(value, dict):
        for item in value.values():
            yield from json_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_values(item)
    else:
        yield value
