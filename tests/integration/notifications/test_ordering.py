"""Per subscription and young person, strictly in order; others are not held up."""

import asyncio
import contextlib
import json

from tests.integration.notifications.conftest import quick_settings, running
from tests.support.receiver import Receiver
from tests.support.waiting import eventually

DEBT = "nl.regie.debts.debt-recorded"
GOAL = "nl.regie.coaching.goal-set"


def ids(messages) -> list[str]:
    return [json.loads(value)["id"] for _topic, _key, value in messages]


async def test_a_failing_event_holds_back_its_young_person_but_not_the_others(
    endpoints, topic_prefix
):
    """A's first event fails again and again: A's later ones wait, B's are delivered meanwhile.

    Once the receiver takes A's first, A's events follow in the order they were enqueued.
    """
    settings = quick_settings(topic_prefix, max_attempts=1000)
    refusing = asyncio.Event()
    refusing.set()

    async def refuse_a_first(request) -> int:
        first_of_a = request.event["subject"] == "youth-a" and request.event["streamversion"] == 1
        return 503 if first_of_a and refusing.is_set() else 204

    async with (
        running(endpoints, topic_prefix, settings) as bridge,
        Receiver(refuse_a_first) as receiver,
    ):
        await bridge.subscribe(receiver.url)
        publisher = bridge.publisher
        a = [publisher.event(DEBT, "youth-a", {}) for _ in range(3)]
        b = [publisher.event(DEBT, "youth-b", {}) for _ in range(3)]
        await publisher.publish(a[0], b[0], a[1], b[1], a[2], b[2])

        def b_done(received: list[str]) -> bool:
            return set(ids(b)) <= set(received)

        await eventually(_arrived(receiver), b_done)
        # Give A's held events every chance to overtake: several more failed attempts of a[0].
        tries = len(receiver.received)
        await eventually(_count(receiver), lambda n: n >= tries + 3)
        held_back = [r.event_id for r in receiver.received if r.event["subject"] == "youth-a"]
        refusing.clear()
        await eventually(_delivered(receiver), lambda got: set(ids(a)) <= set(got))

    assert set(held_back) == {ids(a)[0]}, "a later event of A was tried while the first failed"
    delivered_a = [i for i in receiver.delivered_ids() if i in ids(a)]
    assert delivered_a == ids(a)
    delivered_b = [i for i in receiver.delivered_ids() if i in ids(b)]
    assert delivered_b == ids(b)
    # Every arrival of A's later events came after A's first was taken.
    first_taken = receiver.received.index(receiver.delivered()[receiver.delivered_ids().index(
        ids(a)[0])])  # fmt: skip
    later = [n for n, r in enumerate(receiver.received) if r.event_id in ids(a)[1:]]
    assert min(later) > first_taken


async def test_two_bridges_share_the_work_without_sending_anything_twice(endpoints, topic_prefix):
    """Two bridges on one queue: both claim, each event is sent once, in order per youth."""
    settings = quick_settings(topic_prefix, concurrency=2, per_subscription_concurrency=2)

    async def slowly(_request) -> int:
        await asyncio.sleep(0.01)  # overlap the two workers' claims (timing, not an assertion)
        return 204

    async with contextlib.AsyncExitStack() as stack:
        receiver = await stack.enter_async_context(Receiver(slowly))
        first = await stack.enter_async_context(running(endpoints, topic_prefix, settings))
        second = await stack.enter_async_context(running(endpoints, topic_prefix, settings))
        claims = {"first": _count_claims(first), "second": _count_claims(second)}
        created = await first.subscribe(receiver.url)
        publisher = first.publisher
        youths = [f"youth-{n}" for n in range(6)]
        messages = [
            publisher.event(DEBT if n % 2 else GOAL, youth, {})
            for n in range(5)
            for youth in youths
        ]
        await publisher.publish(*messages)
        await eventually(_delivered(receiver), lambda got: len(got) >= len(messages))
        enqueued = await first.deliveries(created["id"])

    assert sorted(r.event_id for r in receiver.received) == sorted(ids(messages))
    assert sum(claims["first"]) + sum(claims["second"]) == len(messages)
    # Both workers claim from the one queue. How many deliveries each gets is timing: the
    # per-subscription limit counts every process's leases, so on a loaded machine one bridge
    # may take them all while the other finds the subscription at its limit.
    assert len(claims["first"]) > 0
    assert len(claims["second"]) > 0
    # Across two topics the enqueue order is the order the bridge took them in; per topic it
    # is the publishing order (the key keeps a youth's events in one partition).
    for youth in youths:
        in_queue = [d["event_id"] for d in sorted(enqueued, key=lambda d: d["id"])
                    if d["subject"] == youth]  # fmt: skip
        got = [r.event_id for r in receiver.received if r.event["subject"] == youth]
        assert got == in_queue, youth
        for domain in ("debts", "coaching"):
            published = ids(m for m in messages if m[0].endswith(f"{domain}.events")
                            and json.loads(m[2])["subject"] == youth)  # fmt: skip
            assert [i for i in got if i in published] == published


def _count_claims(bridge) -> list[int]:
    """Wrap the bridge's claim to count what it claimed (its worker calls this very object)."""
    counted: list[int] = []
    queue = bridge.app.state.queue
    claim = queue.claim

    async def counting(*args, **kwargs):
        claimed = await claim(*args, **kwargs)
        counted.append(len(claimed))
        return claimed

    queue.claim = counting
    return counted


def _arrived(receiver):
    async def probe() -> list[str]:
        return [r.event_id for r in receiver.received]

    return probe


def _count(receiver):
    async def probe() -> int:
        return len(receiver.received)

    return probe


def _delivered(receiver):
    async def probe() -> list[str]:
        return receiver.delivered_ids()

    return probe
