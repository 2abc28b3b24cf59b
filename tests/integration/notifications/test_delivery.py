"""Events from the topics to a real HTTP receiver: content, signature, retries, dead letters."""

import json
import secrets
import time
import uuid

import structlog
from prometheus_client.parser import text_string_to_metric_families

from services.notifications.signature import verify
from shared.devstack.servers import free_port
from shared.privacy import MasterKey
from tests.integration.notifications.conftest import MANAGER
from tests.support.receiver import Receiver
from tests.support.waiting import eventually

DEBT = "nl.regie.debts.debt-recorded"
HOUSED = "nl.regie.housing.housed"


def value_of(message: tuple[str, bytes, bytes]) -> dict:
    return json.loads(message[2])


async def test_matching_events_arrive_signed_with_their_content_type_and_auth(bridge):
    """Only the municipality's debts events arrive: as published, signed, authorised."""
    async with Receiver() as receiver:
        created = await bridge.subscribe(
            receiver.url, auth="Bearer integrator-token", type_prefixes=["nl.regie.debts."]
        )
        publisher = bridge.publisher
        wanted = publisher.event(DEBT, "youth-1", {"enc": {"kid": "k", "ct": "AAAA"}},
                                 programma="jpf")  # fmt: skip
        other_type = publisher.event(HOUSED, "youth-1", {"housed_on": "2026-01-02"})
        publisher.tenant = "0363"
        other_gemeente = publisher.event(DEBT, "youth-2", {})
        publisher.tenant = "0518"
        later = publisher.event(DEBT, "youth-1", {})
        await publisher.publish(wanted, other_type, other_gemeente, later)

        await eventually(bridge.taken_in, lambda n: n == 4)
        arrived = await eventually(lambda: _async(receiver.delivered()), lambda r: len(r) == 2)
        rows = await bridge.deliveries(created["id"])

    assert [r.event for r in arrived] == [value_of(wanted), value_of(later)]
    assert arrived[0].event["programma"] == "jpf"  # extensions travel along
    for request in arrived:
        assert request.method == "POST"
        assert request.headers["content-type"].startswith("application/cloudevents+json")
        assert request.headers["authorization"] == "Bearer integrator-token"
        assert request.headers["x-regie-event-id"] == request.event_id
        assert request.headers["x-regie-delivery-attempt"] == "1"
        signature = request.headers["x-regie-signature"]
        assert verify(created["secret"], signature, request.body, now=int(time.time()))
        assert not verify("another-secret", signature, request.body, now=int(time.time()))
    assert [(r["event_id"], r["state"], r["attempts"]) for r in rows] == [
        (value_of(wanted)["id"], "delivered", 1), (value_of(later)["id"], "delivered", 1),
    ]  # fmt: skip
    assert len(receiver.received) == 2


async def test_a_failing_receiver_is_retried_until_it_answers_2xx(bridge):
    """Two 500s, then 204: three attempts, the last one counted as delivered; failures logged."""
    answers = iter([500, 500, 204])

    async def flaky(_request) -> int:
        return next(answers, 204)

    async with Receiver(flaky) as receiver:
        created = await bridge.subscribe(receiver.url)
        message = bridge.publisher.event(DEBT, "youth-r", {"enc": {"ct": "geheim"}})
        with structlog.testing.capture_logs() as logs:
            await bridge.publisher.publish(message)
            await eventually(lambda: _async(receiver.delivered()), lambda r: len(r) == 1)
            [row] = await eventually(
                lambda: bridge.deliveries(created["id"], "delivered"), lambda r: len(r) == 1
            )

    event_id = value_of(message)["id"]
    assert [r.headers["x-regie-delivery-attempt"] for r in receiver.received] == ["1", "2", "3"]
    assert [r.status for r in receiver.received] == [500, 500, 204]
    assert {r.event_id for r in receiver.received} == {event_id}
    assert (row["attempts"], row["last_status"], row["last_error"]) == (3, 204, None)
    failures = [line for line in logs if line["event"] == "webhook_failed"]
    assert len(failures) == 2
    for line in failures:
        assert line["event_id"] == event_id
        assert line["event_type"] == DEBT
        assert line["subject"] == "youth-r"
        assert line["subscription_id"] == created["id"]
        assert line["error"] == "HTTP 500"
        assert "geheim" not in repr(line)  # never the event's data


async def test_after_the_last_attempt_a_delivery_is_dead_until_retried(bridge):
    """Three 500s: dead, visible by state and in the metrics; the youth's next event goes on.

    The retry endpoint sends the dead one again once the receiver is back.
    """
    down = {"youth-d"}

    async def down_for_first_event(request) -> int:
        return 500 if request.event["streamversion"] == 1 and down else 204

    before = (await bridge.client.get("/metrics")).text
    async with Receiver(down_for_first_event) as receiver:
        created = await bridge.subscribe(receiver.url)
        first = bridge.publisher.event(DEBT, "youth-d", {})
        second = bridge.publisher.event(DEBT, "youth-d", {})
        await bridge.publisher.publish(first, second)
        [dead] = await eventually(
            lambda: bridge.deliveries(created["id"], "dead"), lambda r: len(r) == 1
        )
        # Dead releases the young person's queue: the next event is delivered after it.
        await eventually(lambda: _async(receiver.delivered_ids()), lambda ids: len(ids) == 1)
        assert receiver.delivered_ids() == [value_of(second)["id"]]
        metrics = await bridge.client.get("/metrics")

        down.clear()
        path = f"/subscriptions/{created['id']}/deliveries/{dead['id']}/retry"
        retried = await bridge.client.post(path, headers=MANAGER)
        await eventually(lambda: _async(receiver.delivered_ids()), lambda ids: len(ids) == 2)
        again = await bridge.client.post(path, headers=MANAGER)

    assert (dead["event_id"], dead["attempts"], dead["last_status"]) == (
        value_of(first)["id"], 3, 500,
    )  # fmt: skip
    assert dead["last_error"] == "HTTP 500"
    assert dead["next_attempt_at"] is None
    counted = {
        name: _sample(metrics.text, *name) - _sample(before, *name)
        for name in [("regie_webhook_deliveries_total", "dead"),
                     ("regie_webhook_deliveries_total", "failed"),
                     ("regie_webhook_deliveries_total", "delivered")]
    }  # fmt: skip
    assert list(counted.values()) == [1, 2, 1]
    seconds = "regie_webhook_delivery_seconds_count"
    assert _sample(metrics.text, seconds) - _sample(before, seconds) == 4
    assert (retried.status_code, retried.json()) == (202, {"id": dead["id"], "state": "pending"})
    assert receiver.delivered_ids() == [value_of(second)["id"], value_of(first)["id"]]
    assert again.status_code == 409  # delivered now: nothing to retry
    assert await bridge.deliveries(created["id"], "dead") == []


async def test_the_same_event_twice_on_the_topic_is_delivered_once(bridge):
    """A redelivered Kafka message finds its id in the inbox and enqueues nothing again."""
    async with Receiver() as receiver:
        created = await bridge.subscribe(receiver.url)
        message = bridge.publisher.event(DEBT, "youth-dup", {})
        after = bridge.publisher.event(DEBT, "youth-dup", {})
        await bridge.publisher.publish(message, message, after)
        await eventually(lambda: _async(receiver.delivered_ids()), lambda ids: len(ids) >= 2)

    # `after` was enqueued behind the duplicate's place: had the duplicate been enqueued, it
    # would have been delivered before `after`.
    assert [r.event_id for r in receiver.received] == [
        value_of(message)["id"], value_of(after)["id"],
    ]  # fmt: skip
    assert len(await bridge.deliveries(created["id"])) == 2


async def _async(value):
    return value


def _sample(text: str, name: str, outcome: str | None = None) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels.get("outcome") == outcome:
                return sample.value
    return 0.0


async def test_an_unreachable_receiver_or_unreadable_credentials_end_as_dead(bridge):
    """Both are failures of the delivery, counted until it is dead; never a crash loop.

    Nothing listening gives connection errors; a secret sealed under another master key (a
    key rotated without resealing) does not open.
    """
    unreachable = await bridge.subscribe(f"http://127.0.0.1:{free_port(0)}/nobody-home")
    async with Receiver() as receiver:
        garbled = await bridge.subscribe(receiver.url)
        other_key = MasterKey(secrets.token_bytes(32))
        context = f"notifications:subscription:{garbled['id']}:secret"
        await bridge.app.state.pool.execute(
            f"UPDATE {bridge.settings.schema_name}.subscriptions SET secret_sealed = $2"
            " WHERE id = $1",
            uuid.UUID(garbled["id"]),
            await other_key.wrap(b"a secret", context),
        )
        await bridge.publisher.publish(bridge.publisher.event(DEBT, "youth-u", {}))
        [refused] = await eventually(
            lambda: bridge.deliveries(unreachable["id"], "dead"), lambda r: len(r) == 1
        )
        [unopened] = await eventually(
            lambda: bridge.deliveries(garbled["id"], "dead"), lambda r: len(r) == 1
        )

    assert refused["attempts"] == 3
    assert refused["last_status"] is None
    assert refused["last_error"].startswith("ConnectError")
    assert (unopened["attempts"], unopened["last_error"]) == (
        3,
        "credentials unreadable: InvalidTag",
    )
    assert receiver.received == []


async def test_a_stored_auth_that_cannot_be_a_header_fails_the_delivery_not_the_worker(
    bridge,
):
    """Stored before the API refused non-ASCII `auth`: counted as failures until dead, logged.

    The worker used to crash on encoding the header, leaving the delivery pending for ever.
    """
    async with Receiver() as receiver:
        subscribed = await bridge.subscribe(receiver.url)
        context = f"notifications:subscription:{subscribed['id']}:auth"
        await bridge.app.state.pool.execute(
            f"UPDATE {bridge.settings.schema_name}.subscriptions SET auth_sealed = $2"
            " WHERE id = $1",
            uuid.UUID(subscribed["id"]),
            await MasterKey.from_environment().wrap("Bearer café".encode(), context),
        )
        await bridge.publisher.publish(bridge.publisher.event(DEBT, "youth-a", {}))
        [dead] = await eventually(
            lambda: bridge.deliveries(subscribed["id"], "dead"), lambda r: len(r) == 1
        )
    assert dead["attempts"] == 3
    assert dead["last_error"].startswith("auth value not ASCII")
    assert receiver.received == []
