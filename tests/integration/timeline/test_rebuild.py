"""Rebuild while the live timeline serves and consumes: verified, swapped, nothing lost."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import uuid
from dataclasses import dataclass

import pytest
from aiokafka import AIOKafkaProducer

import shared.projection.rebuild as rebuild_module
from services.timeline.read_model.projection import TimelineProjection
from services.timeline.registry import timeline_spec
from services.timeline.settings import TimelineSettings
from shared.envelope import CloudEvent
from shared.kafka import ensure_topics, events_topic
from shared.migrations import migrate
from shared.projection import Inbox, ProjectionRunner, inbox_migrations
from shared.projection.feed import apply_fresh
from shared.projection.rebuild import Handoff, RebuildError, rebuild
from tests.integration.timeline.conftest import cli, debt_help, registered
from tests.support.waiting import eventually


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


@dataclass
class Standalone:
    """A live schema and its runner, started and stopped by the test (no app around it)."""

    pool: object
    spec: object
    runner: ProjectionRunner
    producer: AIOKafkaProducer
    prefix: str

    async def publish(self, youth_id: str) -> bytes:
        """A registration on intake's topic, keyed as the relay keys it; the message."""
        message = registered(youth_id)
        topic = events_topic("intake", self.prefix)
        await self.producer.send_and_wait(topic, message, youth_id.encode())
        return message

    async def entries(self) -> list[uuid.UUID]:
        """The live entries' event ids, sorted."""
        rows = await self.pool.fetch(f"SELECT event_id FROM {self.spec.schema}.entries")
        return sorted(r["event_id"] for r in rows)

    async def leftover_schemas(self) -> list[str]:
        """Schemas a rebuild made beside the live one."""
        rows = await self.pool.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", f"{self.spec.schema}\\_%"
        )
        return [r["nspname"] for r in rows]


@pytest.fixture
async def standalone(pool, platform_for, topic_prefix):
    settings = TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix)
    spec = timeline_spec(settings)
    async with pool.acquire() as conn:
        await migrate(conn, spec.schema, [*inbox_migrations(), *spec.migrations])
    await ensure_topics(platform_for, spec.topics(topic_prefix))
    runner = ProjectionRunner(
        pool, platform_for, spec.build(spec.schema), schema=spec.schema,
        topics=spec.topics(topic_prefix),
    )  # fmt: skip
    producer = AIOKafkaProducer(bootstrap_servers=platform_for.kafka_bootstrap_servers)
    await producer.start()
    try:
        yield Standalone(pool, spec, runner, producer, topic_prefix)
    finally:
        await producer.stop()


def event_id(message: bytes) -> uuid.UUID:
    return uuid.UUID(json.loads(message)["id"])


async def test_rebuild_stops_at_what_a_stopped_live_runner_consumed_and_it_goes_on_from_there(
    standalone, platform_for
):
    """The target is the live group's committed offsets: nothing it has not consumed yet."""
    live = standalone
    consumed = event_id(await live.publish(str(uuid.uuid4())))
    async with running(live.runner):
        await eventually(live.entries, lambda ids: ids == [consumed])
    waiting = event_id(await live.publish(str(uuid.uuid4())))  # the runner is stopped

    result = await rebuild(live.pool, platform_for, live.spec)

    assert (result.applied, result.equal, result.swapped) == (1, True, True)
    assert await live.entries() == [consumed]
    async with running(live.runner):
        await eventually(live.entries, lambda ids: waiting in ids)
    assert await live.entries() == sorted([consumed, waiting])
    assert await live.leftover_schemas() == []


async def test_no_handover_while_live_holds_an_event_its_group_has_not_committed(
    standalone, platform_for
):
    """A runner that stopped between its apply and its offset commit: handed over once it has."""
    live = standalone
    first = event_id(await live.publish(str(uuid.uuid4())))
    async with running(live.runner):
        await eventually(live.entries, lambda ids: ids == [first])
    message = await live.publish(str(uuid.uuid4()))
    async with live.pool.acquire() as conn, conn.transaction():  # applied, offset not committed
        projection = live.spec.build(live.spec.schema)
        event = CloudEvent.model_validate_json(message)
        inbox = Inbox(live.spec.schema, live.spec.consumer)
        await apply_fresh(conn, inbox, projection, [event])
    both = sorted([first, event.id])

    with pytest.raises(RebuildError, match="applied 1 events beyond its committed offsets"):
        await rebuild(
            live.pool, platform_for, live.spec,
            handoff=Handoff(attempts=2, pause_s=0.05, commit_wait_s=0.2),
        )  # fmt: skip

    assert await live.entries() == both
    assert await live.leftover_schemas() == []

    async def duplicates() -> int:
        return live.runner.stats.duplicates

    async with running(live.runner):  # it reads the event again, skips it and commits
        await eventually(duplicates, lambda n: n == 1)
    result = await rebuild(live.pool, platform_for, live.spec)
    assert (result.applied, result.equal, result.swapped) == (2, True, True)
    assert await live.entries() == both


@contextlib.asynccontextmanager
async def running(runner: ProjectionRunner):
    """The runner consuming in the background until the block ends."""
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


@pytest.fixture
def bug(monkeypatch):
    """A projection bug: applying a debts event of these young people raises, until cleared."""
    victims: set[str] = set()
    apply = TimelineProjection.apply

    async def buggy(self, conn, events):
        if any(e.subject in victims and e.type.startswith("nl.regie.debts.") for e in events):
            raise RuntimeError("projection bug")
        await apply(self, conn, events)

    monkeypatch.setattr(TimelineProjection, "apply", buggy)
    return victims


async def parked_by_the_bug(live, bug) -> uuid.UUID:
    """Five young people with debt help; the live runner dead-letters one of them; then fixed."""
    victim = str(uuid.uuid4())
    bug.add(victim)
    for youth_id in [str(uuid.uuid4()) for _ in range(4)] + [victim]:
        await live.publish(registered(youth_id))
        parked = await live.publish(debt_help(youth_id))
    runner = live.app.state.runner

    async def handled() -> tuple[int, int]:
        return await live.applied(), runner.stats.dead_lettered

    await eventually(handled, lambda found: found == (len(live.published) - 1, 1))
    assert "projection bug" in runner.stats.dead_letter_reasons[0]
    bug.clear()  # the fix is deployed: the live runner applies such events from now on
    return parked


async def test_an_event_parked_before_a_fix_exits_3_and_live_stays_as_it_was(
    live, endpoints, topic_prefix, bug
):
    """The rebuilt tables hold the parked event, live does not: a difference, not swapped."""
    parked = await parked_by_the_bug(live, bug)
    before_oids, before_content = await live.oids(), await live.fingerprints()

    code, out, err = await cli(endpoints, topic_prefix, live, "rebuild", "timeline")

    assert code == 3, out + err
    [line] = err.strip().splitlines()
    assert "entries: 9 rows live, 10 rebuilt; 0 only live, 1 only rebuilt" in line
    assert "domain_states: 9 rows live, 10 rebuilt; 0 only live, 1 only rebuilt" in line
    assert (await live.oids(), await live.fingerprints()) == (before_oids, before_content)
    assert parked not in await entry_ids(live)
    assert await live.leftover_schemas() == []


async def test_an_event_parked_before_a_fix_is_swapped_in_with_accept_changes_while_consuming(
    live, platform_for, bug
):
    """The handover completes; after it the runner applies each later event once, none lost."""
    parked = await parked_by_the_bug(live, bug)
    rebuilding = asyncio.create_task(
        rebuild(live.pool, platform_for, live.spec, accept_changes=True, batch_size=2)
    )
    during = 0
    while not rebuilding.done():  # the live runner keeps consuming until the lock, and after
        await live.publish(registered(str(uuid.uuid4())))
        during += 1
        await asyncio.sleep(0.02)
    result = rebuilding.result()
    after_swap = await live.publish(registered(str(uuid.uuid4())))
    await live.caught_up()  # the live inbox now names the parked event too

    assert during > 0
    assert (result.equal, result.swapped) == (False, True), result
    [entries] = [c for c in result.comparisons if c.table == "entries"]
    assert (entries.only_live, entries.only_rebuilt) == (0, 1)
    ids = await entry_ids(live)
    assert parked in ids
    assert after_swap in ids
    assert sorted(ids) == sorted(live.published)  # every event once: none lost, none doubled
    assert live.app.state.runner.stats.dead_lettered == 1  # nothing parked (or doubled) since
    assert await live.leftover_schemas() == []


@pytest.fixture
def during_verification(monkeypatch):
    """Runs the coroutine function put in it once, as the full verification begins."""
    hooks: list = []
    compare = rebuild_module.compare

    async def hooked(*args, only=None):
        if only is None and hooks:
            await hooks.pop()()
        return await compare(*args, only=only)

    monkeypatch.setattr(rebuild_module, "compare", hooked)
    return hooks


async def test_the_live_runner_applies_while_the_rebuild_verifies_and_the_swap_stays_exact(
    live, platform_for, during_verification
):
    """The lock is not held while comparing; what arrived meanwhile is caught up and re-checked."""
    youths = await seed(live, youths=10)
    grown: list[int] = []

    async def live_runner_goes_on() -> None:
        before = await live.applied()
        for youth_id in youths[:3]:
            await live.publish(debt_help(youth_id, version=2))
        grown.extend([before, await eventually(live.applied, lambda n: n == before + 3, 20)])

    during_verification.append(live_runner_goes_on)

    result = await rebuild(live.pool, platform_for, live.spec)
    after_swap = await live.publish(registered(str(uuid.uuid4())))
    await live.caught_up()

    assert grown[1] == grown[0] + 3  # applied while the verification ran
    assert (result.equal, result.swapped, result.rechecked) == (True, True, 3), result
    ids = await entry_ids(live)
    assert sorted(ids) == sorted(live.published)  # every event once, the three included
    assert after_swap in ids
    assert live.app.state.runner.stats.dead_lettered == 0


async def test_a_difference_arising_during_verification_is_caught_by_the_recheck(
    live, platform_for, during_verification
):
    """A young person whose live rows went their own way meanwhile: verified again, not swapped."""
    [youth_id, *_] = await seed(live, youths=5)

    async def live_goes_its_own_way() -> None:
        event_id = await live.publish(debt_help(youth_id, version=2))
        await live.caught_up()
        await live.pool.execute(
            f"UPDATE {live.schema}.entries SET headline = 'vervalst' WHERE event_id = $1",
            event_id,
        )

    during_verification.append(live_goes_its_own_way)
    before = await live.oids()

    result = await rebuild(live.pool, platform_for, live.spec)

    assert not result.swapped
    [entries] = [c for c in result.comparisons if c.table == "entries"]
    assert (entries.live.rows, entries.only_live, entries.only_rebuilt) == (11, 1, 1)
    assert result.attempts == 2  # the re-check sent it back to a full verification
    assert await live.oids() == before
    assert (
        await live.pool.fetchval(
            f"SELECT count(*) FROM {live.schema}.entries WHERE headline = 'vervalst'"
        )
        == 1
    )
    assert await live.leftover_schemas() == []


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


async def test_a_read_model_without_topics_rebuilds_empty_and_so_does_all(
    live, endpoints, topic_prefix
):
    """No TIMELINE_PROGRAMMES: the comparison reads no topic, and its rebuild is empty, not a crash.

    Found by `make soak`: `rebuild all` stopped at the comparison with aiokafka's "No
    partitions are currently assigned" (exit 1, a traceback), leaving the rest unrebuilt.
    """
    await seed(live, youths=3)
    code, out, err = await cli(endpoints, topic_prefix, live, "rebuild", "comparison")
    assert code == 0, err[-2000:]
    assert "comparison: 0 events" in " ".join(out.split())
    code, out, err = await cli(endpoints, topic_prefix, live, "rebuild", "all")
    assert code == 0, err[-2000:]
    assert "Traceback" not in err


class Overlap:
    """The timeline projection, counting how many batches are being applied at once."""

    def __init__(self, inner: TimelineProjection, seen: list[int]) -> None:
        """Apply with `inner`; append to `seen` how many are in flight at each start."""
        self.inner, self.seen, self.name = inner, seen, inner.name
        self.now = 0

    async def apply(self, conn, events) -> None:
        """The inner apply, a moment late, counted while it lasts."""
        self.now += 1
        self.seen.append(self.now)
        try:
            await asyncio.sleep(0.05)  # long enough for another worker's batch to start
            await self.inner.apply(conn, events)
        finally:
            self.now -= 1


@pytest.mark.parametrize("workers", [1, 2])
async def test_the_bulk_is_applied_by_partition_side_by_side_and_still_equals_live(
    standalone, platform_for, workers
):
    """Each worker applies its partitions in its own transactions; the result is the same."""
    live = standalone
    for _ in range(40):  # keyed by young person: spread over the topic's partitions
        await live.publish(str(uuid.uuid4()))
    async with running(live.runner):
        await eventually(live.entries, lambda ids: len(ids) == 40)
    seen: list[int] = []
    consumer = live.spec.consumer
    spec = dataclasses.replace(
        live.spec, build=lambda schema: Overlap(TimelineProjection(schema, consumer), seen)
    )

    result = await rebuild(live.pool, platform_for, spec, batch_size=4, workers=workers)

    assert (result.applied, result.equal, result.swapped) == (40, True, True)
    assert result.workers == workers
    assert max(seen) == workers  # two batches in flight at once only with two workers
    assert len(await live.entries()) == 40
    assert await live.leftover_schemas() == []
