"""Intake -> relay -> broker -> timeline, in-process against the real servers."""

from __future__ import annotations

import uuid
from datetime import date

from aiokafka import AIOKafkaProducer

from tests.support.apps import bearer
from tests.support.kafka import read_records
from tests.support.waiting import eventually


async def register(intake, **overrides) -> str:
    body = {
        "gemeentecode": "0518",
        "programma": "dtj",
        "full_name": "Noor",
        "date_of_birth": date(2005, 6, 1).isoformat(),
    } | overrides
    response = await intake.post("/youths", json=body, headers=bearer("intake"))
    assert response.status_code == 201, response.text
    return response.json()["youth_id"]


async def timeline_of(client, youth_id, *roles, gemeente="0518"):
    return await client.get(
        f"/youths/{youth_id}/timeline", headers=bearer(*roles, gemeente=gemeente)
    )


async def test_registration_appears_on_the_timeline_with_a_dutch_headline(platform):
    """The director sees the registration, in Dutch, with its programme and stream version."""
    intake, timeline, _ = platform
    youth_id = await register(intake)
    response = await eventually(
        lambda: timeline_of(timeline, youth_id, "auditor"),
        lambda r: r.status_code == 200 and r.json()["entries"],
    )
    [entry] = response.json()["entries"]
    assert entry["headline"] == "Ingeschreven voor dak- en thuisloze jongeren (leeftijd 18-22)"
    assert (entry["domain"], entry["programma"], entry["stream_version"]) == ("intake", "dtj", 1)
    assert entry["event_type"] == "nl.regie.intake.youth-registered"


async def test_timeline_access_follows_role_and_municipality(platform):
    """Another municipality's young person answers as an unknown one (404); no token 401."""
    intake, timeline, _ = platform
    youth_id = await register(intake)
    await eventually(
        lambda: timeline_of(timeline, youth_id, "auditor"), lambda r: r.status_code == 200
    )
    other = await timeline_of(timeline, youth_id, "regisseur", gemeente="0268")
    unknown = await timeline_of(timeline, uuid.uuid4(), "regisseur")
    anonymous = await timeline.get(f"/youths/{youth_id}/timeline")
    assert (other.status_code, unknown.status_code, anonymous.status_code) == (404, 404, 401)
    assert other.json() == unknown.json()


async def test_malformed_message_goes_to_dead_letter_and_the_next_good_one_is_applied(
    platform, endpoints, topic_prefix
):
    """A broken message is parked with its reason; the consumer goes on with the next event."""
    intake, timeline, timeline_app = platform
    topic = f"{topic_prefix}.intake.events"
    await eventually(
        lambda: _ready(timeline), lambda ready: ready
    )  # the consumer has joined its group
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b'{"specversion": "1.0", "id": "not-a-uuid"}', b"k")
    finally:
        await producer.stop()
    youth_id = await register(intake)
    await eventually(
        lambda: timeline_of(timeline, youth_id, "auditor"),
        lambda r: r.status_code == 200 and r.json()["entries"],
    )

    # Intake's read model and the timeline's other runners consume the topic too and park
    # their own copies, each in its own time: wait for the timeline runner's copy itself (the
    # registration may be applied from another partition before the runner reaches it).
    async def parked_by_the_timeline() -> list:
        dead = await read_records(endpoints.kafka_bootstrap, f"{topic}.dlq", at_least=1)
        return [r for r in dead if dict(r.headers)["dlq-consumer"] == topic_prefix.encode()]

    [parked] = await eventually(parked_by_the_timeline, lambda found: len(found) == 1)
    assert (parked.key, parked.value) == (b"k", b'{"specversion": "1.0", "id": "not-a-uuid"}')
    headers = {name: value.decode() for name, value in parked.headers}
    assert headers["dlq-reason"].startswith("not a valid CloudEvent: id:")
    assert (headers["dlq-topic"], headers["dlq-consumer"]) == (topic, topic_prefix)

    async def dead_lettered() -> int:  # counted just after the send the DLQ read saw
        return timeline_app.state.runner.stats.dead_lettered

    assert await eventually(dead_lettered, lambda n: n >= 1) == 1


async def _ready(client) -> bool:
    response = await client.get("/ready")
    return response.status_code == 200
