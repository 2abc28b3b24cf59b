"""One contract, two stores: the in-memory store must behave as the Postgres store does."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shared.eventstore import (
    START,
    ConcurrencyError,
    EventStore,
    InMemoryEventStore,
    Metadata,
    NewEvent,
    PostgresEventStore,
    event_store_migration,
)
from shared.migrations import migrate

META = Metadata(tenant="0518", actor="w-1", actor_role="intake", correlation_id="c-1")


def new_event(subject: str, n: int = 0) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        event_type="nl.regie.test.thing-happened",
        schema_version=1,
        subject=subject,
        data=f'{{"n": {n}}}',
        metadata=META,
    )


@pytest.fixture(params=["memory", "postgres"])
async def store(request, pool, schema) -> EventStore:
    if request.param == "memory":
        return InMemoryEventStore()
    async with pool.acquire() as conn:
        await migrate(conn, schema, [event_store_migration()])
    return PostgresEventStore(pool, schema)


async def test_append_then_load_returns_events_in_version_order(store: EventStore):
    """What was appended comes back, numbered from 1, with payload and metadata intact."""
    events = [new_event("y1", n) for n in range(3)]
    result = await store.append("s-1", events, 0)
    loaded = await store.load("s-1")
    assert result.stream_version == 3
    assert result.appended
    assert [e.event_id for e in loaded] == [e.event_id for e in events]
    assert [e.stream_version for e in loaded] == [1, 2, 3]
    assert loaded[1].data.replace(" ", "") == '{"n":1}'
    assert loaded[0].metadata == META


async def test_wrong_expected_version_raises_concurrency_error(store: EventStore):
    """A stale writer is refused and nothing of its events is stored."""
    await store.append("s-1", [new_event("y1")], 0)
    stale = new_event("y1")
    with pytest.raises(ConcurrencyError) as raised:
        await store.append("s-1", [stale], 0)
    assert raised.value.actual == 1
    assert [e.stream_version for e in await store.load("s-1")] == [1]


async def test_retried_append_with_same_ids_appends_nothing_twice(store: EventStore):
    """A retry after an unknown outcome is a success, not a duplicate and not a conflict."""
    events = [new_event("y1", n) for n in range(2)]
    first = await store.append("s-1", events, 0)
    again = await store.append("s-1", events, 0)
    assert (first.appended, again.appended) == (True, False)
    assert again.stream_version == 2
    assert len(await store.load("s-1")) == 2


async def test_reused_event_id_in_another_stream_is_refused(store: EventStore):
    """An event id names one event: using it for a second one is a conflict, never a silent skip."""
    event = new_event("y1")
    await store.append("s-1", [event], 0)
    with pytest.raises(ConcurrencyError):
        await store.append("s-2", [event], 0)
    assert await store.load("s-2") == []


async def test_partial_retry_is_a_conflict(store: EventStore):
    """Only a complete retry counts as one: a batch mixing old and new ids is refused."""
    old = new_event("y1")
    await store.append("s-1", [old], 0)
    with pytest.raises(ConcurrencyError):
        await store.append("s-1", [old, new_event("y1")], 0)
    assert len(await store.load("s-1")) == 1


async def test_read_all_follows_commit_order_and_resumes_after_checkpoint(store: EventStore):
    """The log lists every event once, and reading on from a checkpoint continues exactly there."""
    for stream in ("a", "b", "c"):
        await store.append(stream, [new_event(stream), new_event(stream)], 0)
    everything = await store.read_all(START)
    first_half = await store.read_all(START, limit=3)
    rest = await store.read_all(first_half[-1].checkpoint)
    assert [e.event_id for e in first_half + rest] == [e.event_id for e in everything]
    assert len(everything) == 6
    assert [e.stream_id for e in everything] == ["a", "a", "b", "b", "c", "c"]


async def test_concurrent_appends_to_one_stream_let_exactly_one_win(store: EventStore):
    """Ten writers race for version 1: one wins, nine get ConcurrencyError, nothing is doubled."""

    async def attempt():
        try:
            await store.append("race", [new_event("y1")], 0)
        except ConcurrencyError:
            return False
        return True

    outcomes = await asyncio.gather(*(attempt() for _ in range(10)))
    assert outcomes.count(True) == 1
    assert len(await store.load("race")) == 1


async def test_load_after_version_returns_only_the_tail(store: EventStore):
    """Loading from a known version skips what the caller already folded."""
    await store.append("s-1", [new_event("y1", n) for n in range(4)], 0)
    assert [e.stream_version for e in await store.load("s-1", after_version=2)] == [3, 4]


async def test_each_event_carries_its_predecessors_hash(store: EventStore):
    """The chain starts at the genesis hash and links every event to the one before it."""
    await store.append("s-1", [new_event("y1"), new_event("y1")], 0)
    await store.append("s-1", [new_event("y1")], 2)
    first, second, third = await store.load("s-1")
    assert first.prev_hash == "0" * 64
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    assert len({first.hash, second.hash, third.hash}) == 3
