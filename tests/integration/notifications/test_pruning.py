"""Delivered deliveries are deleted after the retention; dead ones and redeliveries are not."""

import json
import uuid

from prometheus_client.parser import text_string_to_metric_families

from services.notifications.pruning import DeliveryPruner
from tests.integration.notifications.conftest import quick_settings, running
from tests.support.receiver import Receiver
from tests.support.waiting import eventually

DEBT = "nl.regie.debts.debt-recorded"
PRUNED = "regie_webhook_deliveries_pruned_total"


async def test_old_delivered_rows_go_and_a_redelivery_of_one_is_not_sent_again(
    endpoints, topic_prefix
):
    """Delivered over 30 days ago: deleted. Recent or dead: kept, however old.

    The same message on the topic again afterwards is still turned away (by the inbox).
    """
    settings = quick_settings(topic_prefix, delivered_retention_days=30, prune_interval_s=0.1)

    async def refuse_youth_dead(request) -> int:
        return 500 if request.event["subject"] == "youth-dead" else 204

    async with (
        running(endpoints, topic_prefix, settings) as bridge,
        Receiver(refuse_youth_dead) as receiver,
    ):
        created = await bridge.subscribe(receiver.url)
        publisher = bridge.publisher
        old = publisher.event(DEBT, "youth-old", {})
        recent = publisher.event(DEBT, "youth-new", {})
        dead = publisher.event(DEBT, "youth-dead", {})
        await publisher.publish(old, recent, dead)
        await eventually(
            _states(bridge, created),
            lambda s: s == {ids(old): "delivered", ids(recent): "delivered", ids(dead): "dead"},
        )
        before = _sample((await bridge.client.get("/metrics")).text)

        await _age(bridge, [ids(old), ids(dead)], days=31)
        await eventually(
            _states(bridge, created), lambda s: s == {ids(recent): "delivered", ids(dead): "dead"}
        )
        after = _sample((await bridge.client.get("/metrics")).text)

        taken_in = await bridge.taken_in()
        later = publisher.event(DEBT, "youth-old", {})
        await publisher.publish(old, later)  # same key: the duplicate is read before `later`
        await eventually(lambda: _async(receiver.delivered_ids()), lambda got: ids(later) in got)
        states = await _states(bridge, created)()
        taken_in_after = await bridge.taken_in()

    assert states == {ids(recent): "delivered", ids(dead): "dead", ids(later): "delivered"}
    assert after - before == 1
    assert [r.event_id for r in receiver.received].count(ids(old)) == 1
    assert taken_in_after == taken_in + 1  # the duplicate added nothing to the inbox


async def test_pruning_deletes_in_bounded_batches(bridge):
    """Five old rows with batches of two: three statements, and all five gone."""
    created = await bridge.subscribe("http://127.0.0.1:9/unused")
    pool = bridge.app.state.pool
    table = f"{bridge.settings.schema_name}.deliveries"
    await pool.execute(
        f"INSERT INTO {table} (subscription_id, event_id, event_type, subject, payload, state,"
        " delivered_at) SELECT $1, gen_random_uuid(), $2, 'youth-' || n, '{}', 'delivered',"
        " now() - interval '40 days' FROM generate_series(1, 5) n",
        uuid.UUID(created["id"]),
        DEBT,
    )
    statements = _Counting(pool)
    pruner = DeliveryPruner(
        statements, bridge.settings.schema_name, retention_days=30, interval_s=60, batch=2
    )

    assert await pruner.prune() == 5
    assert statements.results == [2, 2, 1]
    assert await bridge.deliveries(created["id"]) == []


class _Counting:
    """The pool, recording what each fetchval returned."""

    def __init__(self, pool) -> None:
        self._pool = pool
        self.results: list[int] = []

    async def fetchval(self, *args):
        result = await self._pool.fetchval(*args)
        self.results.append(result)
        return result


def ids(message) -> str:
    return json.loads(message[2])["id"]


async def _age(bridge, event_ids: list[str], *, days: int) -> None:
    """Move a delivery's times back, as if it had been enqueued and sent `days` ago."""
    await bridge.app.state.pool.execute(
        f"UPDATE {bridge.settings.schema_name}.deliveries SET"
        " enqueued_at = enqueued_at - make_interval(days => $2),"
        " delivered_at = delivered_at - make_interval(days => $2)"
        " WHERE event_id = ANY($1::uuid[])",
        [uuid.UUID(i) for i in event_ids],
        days,
    )


def _states(bridge, created):
    async def probe() -> dict[str, str]:
        return {r["event_id"]: r["state"] for r in await bridge.deliveries(created["id"])}

    return probe


async def _async(value):
    return value


def _sample(text: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == PRUNED:
                return sample.value
    return 0.0
