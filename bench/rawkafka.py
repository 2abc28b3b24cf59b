"""The raw aiokafka reference: produce and consume with nothing of ours in between.

Configured as ARCHITECTURE.md section 7 measured it: acks=all, linger 5 ms, 64 KiB batches.
"""

from __future__ import annotations

import asyncio
import struct
import time
import uuid
from typing import TYPE_CHECKING

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from bench.pacing import at_rate
from bench.tasks import running, wait_until

if TYPE_CHECKING:
    from collections.abc import Sequence

CONSUME_TIMEOUT_S = 120.0
DRAIN_S = 15.0
WARMUP_MESSAGES = 20
_STAMP = struct.Struct(">d")


def raw_producer(bootstrap: str) -> AIOKafkaProducer:
    """A plain producer with the reference settings (not idempotent: the broker refuses it)."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        linger_ms=5,
        max_batch_size=64 * 1024,
        enable_idempotence=False,
    )


async def produce_all(bootstrap: str, topic: str, messages: Sequence[tuple[bytes, bytes]]) -> float:
    """Send every (key, value) and await every acknowledgement; the seconds that took.

    The producer connects before the clock starts: the figure is sending, not connecting.
    """
    producer = raw_producer(bootstrap)
    await producer.start()
    try:
        started = time.perf_counter()
        sent = [await producer.send(topic, value=value, key=key) for key, value in messages]
        await asyncio.gather(*sent)
        return time.perf_counter() - started
    finally:
        await producer.stop()


def assigned_consumer(bootstrap: str, *, fetch_max_wait_ms: int = 500) -> AIOKafkaConsumer:
    """A consumer outside any group: it is assigned partitions, so no group join is timed."""
    return AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=fetch_max_wait_ms,
    )


async def consume_all(bootstrap: str, topic: str, count: int, partitions: int) -> float:
    """Read `count` messages of `topic` from the start with `getmany`; the seconds that took."""
    consumer = assigned_consumer(bootstrap)
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, p) for p in range(partitions)])
        await consumer.seek_to_beginning()
        received = 0
        started = time.perf_counter()
        while received < count:
            if time.perf_counter() - started > CONSUME_TIMEOUT_S:
                raise TimeoutError(f"only {received} of {count} messages on {topic}")
            batches = await consumer.getmany(timeout_ms=200)
            received += sum(len(records) for records in batches.values())
        return time.perf_counter() - started
    finally:
        await consumer.stop()


async def end_to_end_latencies(
    bootstrap: str, topic: str, partitions: int, rate: float, count: int
) -> list[float]:
    """Produce perf_counter stamps at `rate` and consume them (fetch_max_wait 20 ms); seconds.

    Producer and consumer share this process, so the clocks agree. A few messages go first,
    unmeasured: the first fetches also resolve offsets.
    """
    producer = raw_producer(bootstrap)
    consumer = assigned_consumer(bootstrap, fetch_max_wait_ms=20)
    await producer.start()
    await consumer.start()
    latencies: list[float] = []

    async def consume(stop: asyncio.Event) -> None:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=100)
            now = time.perf_counter()
            for records in batches.values():
                latencies.extend(now - _STAMP.unpack(r.value)[0] for r in records)

    async def send() -> None:
        stamp = _STAMP.pack(time.perf_counter())
        await (await producer.send(topic, value=stamp, key=uuid.uuid4().bytes))

    try:
        consumer.assign([TopicPartition(topic, p) for p in range(partitions)])
        await consumer.seek_to_beginning()
        async with running(consume, "raw-latency-consumer") as task:
            await at_rate(rate, WARMUP_MESSAGES, send)
            await wait_until(lambda: len(latencies) >= WARMUP_MESSAGES, task, DRAIN_S, "warm-up")
            latencies.clear()
            await at_rate(rate, count, send)
            await wait_until(lambda: len(latencies) >= count, task, DRAIN_S, "raw latency")
    finally:
        await consumer.stop()
        await producer.stop()
    return latencies
