"""A receiver that hangs holds only its subscription's share of the bridge's POSTs."""

import asyncio

from tests.integration.notifications.conftest import quick_settings, running
from tests.support.receiver import Receiver
from tests.support.waiting import eventually

DEBT = "nl.regie.debts.debt-recorded"
HOUSED = "nl.regie.housing.housed"


async def test_a_hanging_receiver_does_not_starve_the_other_subscriptions(endpoints, topic_prefix):
    """A's receiver never answers: A keeps its limit of POSTs open and no more.

    B's events, queued behind A's backlog, all arrive before any of A's POSTs has timed out.
    """
    limit, timeout_s = 2, 10.0
    settings = quick_settings(
        topic_prefix, concurrency=6, per_subscription_concurrency=limit,
        timeout_s=timeout_s, lease_s=2 * timeout_s,
    )  # fmt: skip
    at_a = {"open": 0, "peak": 0}

    async def hang(_request) -> int:
        at_a["open"] += 1
        at_a["peak"] = max(at_a["peak"], at_a["open"])
        try:
            await hanging.hold()  # released when the test ends
        finally:
            at_a["open"] -= 1
        return 204

    async with (
        running(endpoints, topic_prefix, settings) as bridge,
        Receiver(hang) as hanging,
        Receiver() as answering,
    ):
        a = await bridge.subscribe(hanging.url, type_prefixes=["nl.regie.debts."])
        await bridge.subscribe(answering.url, type_prefixes=["nl.regie.housing."])
        publisher = bridge.publisher
        # Different young people, so A's order does not serialise them: every one is due.
        await publisher.publish(*[publisher.event(DEBT, f"youth-a{n}", {}) for n in range(12)])
        await eventually(_value(at_a, "open"), lambda n: n >= limit)
        b = [publisher.event(HOUSED, f"youth-b{n}", {}) for n in range(6)]
        await publisher.publish(*b)

        # Were A holding every slot, B would wait for A's POSTs to time out.
        await eventually(_delivered(answering), lambda got: len(got) == len(b), within=5)
        await asyncio.sleep(0.5)  # more claims (each arrival wakes the worker); A still hangs
        a_rows = await bridge.deliveries(a["id"])
        arrived_at_a = len(hanging.received)

    assert at_a["peak"] == limit
    assert arrived_at_a == limit  # A's other ten wait for a free slot of A's
    assert [r["last_error"] for r in a_rows] == [None] * 12  # none of A's timed out yet


def _value(counts: dict[str, int], key: str):
    async def probe() -> int:
        return counts[key]

    return probe


def _delivered(receiver):
    async def probe() -> list[str]:
        return receiver.delivered_ids()

    return probe
