"""Privacy by construction: ciphertext everywhere, erasure that reaches every read path."""

from __future__ import annotations

import io
import json
import logging
import uuid

import structlog

from services.intake.domain.events import CATALOGUE
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from shared.envelope import CloudEvent
from shared.eventstore import PostgresEventStore
from shared.eventstore.verify import verify_events
from shared.logging import configure_logging
from shared.personal_data import ERASED
from shared.privacy import KeyStore, MasterKey, Sealer
from tests.support.apps import bearer, platform_settings, serve
from tests.support.kafka import read_records
from tests.support.waiting import eventually

NAME = f"Zoë Privacytest {uuid.uuid4().hex[:6]}"
BORN = "2003-07-19"


async def register(intake) -> str:
    response = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "jpf", "full_name": NAME, "date_of_birth": BORN},
        headers=bearer("intake"),
    )
    assert response.status_code == 201, response.text
    return response.json()["youth_id"]


async def on_timeline(timeline, youth_id, count):
    response = await eventually(
        lambda: timeline.get(f"/youths/{youth_id}/timeline", headers=bearer("auditor")),
        lambda r: r.status_code == 200 and len(r.json()["entries"]) >= count,
    )
    return response.json()["entries"]


def sealer(pool, topic_prefix) -> Sealer:
    keys = KeyStore(pool, f"{topic_prefix}_intake_keys", MasterKey.from_environment())
    return Sealer(CATALOGUE, keys)


async def test_store_topic_and_projection_hold_ciphertext_only(
    platform, pool, topic_prefix, endpoints
):
    """No plaintext name or birth date in the event table, on Kafka, or in the timeline's tables."""
    intake, timeline, _ = platform
    youth_id = await register(intake)
    await on_timeline(timeline, youth_id, 1)
    table = await pool.fetchval(
        f"SELECT string_agg(t::text, ' ') FROM {topic_prefix}_intake.events t WHERE subject = $1",
        youth_id,
    )
    topic = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.intake.events", at_least=1
    )
    projected = await pool.fetchval(
        f"SELECT string_agg(t::text, ' ') FROM {topic_prefix}_timeline.entries t"
    )
    raw = table + " ".join(r.value.decode() for r in topic) + projected
    assert youth_id in table
    assert NAME not in raw
    assert BORN not in raw
    sealed = await pool.fetchval(
        f"SELECT data->>'full_name' FROM {topic_prefix}_intake.events WHERE subject = $1", youth_id
    )
    assert sealed.startswith("enc:v1:")
    # The intake worker, allowed to see it, gets it decrypted.
    shown = await intake.get(f"/youths/{youth_id}", headers=bearer("intake"))
    personal = shown.json()["personal"]
    assert (personal["full_name"], personal["date_of_birth"]) == (NAME, BORN)


async def test_erasure_reaches_every_read_path_and_keeps_the_chain(
    platform, pool, topic_prefix, endpoints
):
    """After erasure: HTTP, load, Kafka and a rebuilt timeline show it erased; verify passes."""
    intake, timeline, _ = platform
    youth_id = await register(intake)
    erased = await intake.post(
        f"/youths/{youth_id}/erasure",
        json={"reason": "verzoek_art17"},
        headers=bearer("privacy_officer"),
    )
    assert erased.status_code == 200, erased.text

    shown = (await intake.get(f"/youths/{youth_id}", headers=bearer("intake"))).json()
    personal = shown["personal"]
    assert (personal["full_name"], personal["date_of_birth"], shown["erased"]) == (
        ERASED,
        ERASED,
        True,
    )

    store = PostgresEventStore(pool, f"{topic_prefix}_intake")
    opened = [
        await sealer(pool, topic_prefix).open(r) for r in await store.load(f"youth-{youth_id}")
    ]
    assert (opened[0].full_name, opened[0].date_of_birth) == (ERASED, ERASED)
    assert type(opened[1]).__name__ == "PersonalDataErased"

    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.intake.events", at_least=2
    )
    [registration] = [
        CloudEvent.model_validate_json(r.value)
        for r in records
        if r.key.decode() == youth_id and b"youth-registered" in r.value
    ]
    data = await sealer(pool, topic_prefix).open_data(
        *registration.name_and_version, registration.subject, registration.id, registration.data
    )
    assert (data["full_name"], data["date_of_birth"]) == (ERASED, ERASED)

    live = await on_timeline(timeline, youth_id, 2)
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    rebuilt_app = create_timeline(
        settings,
        TimelineSettings(
            schema_name=f"{topic_prefix}_rebuilt", consumer_group=f"{topic_prefix}-rebuild"
        ),
    )
    async with serve(rebuilt_app) as rebuilt:
        replayed = await on_timeline(rebuilt, youth_id, 2)
    for entries in (live, replayed):
        assert [e["headline"] for e in entries] == [
            "gegevens vernietigd",
            "Persoonsgegevens vernietigd (verzoek AVG art. 17)",
        ]

    async with pool.acquire() as conn:
        assert await verify_events(conn, f"{topic_prefix}_intake") == []


async def test_erasure_is_for_the_privacy_officer_of_the_same_municipality(platform):
    """Intake workers and auditors cannot erase; another municipality's officer finds no one."""
    intake, _, _ = platform
    youth_id = await register(intake)
    attempts = [
        bearer("intake"),
        bearer("auditor"),
        bearer("privacy_officer", gemeente="0268"),
    ]
    statuses = [
        (
            await intake.post(
                f"/youths/{youth_id}/erasure", json={"reason": "verzoek_art17"}, headers=h
            )
        ).status_code
        for h in attempts
    ]
    assert statuses == [403, 403, 404]
    shown = await intake.get(f"/youths/{youth_id}", headers=bearer("intake"))
    assert shown.json()["personal"]["full_name"] == NAME


async def test_erasing_twice_records_one_erasure(platform, pool, topic_prefix):
    """A repeated erasure succeeds without a second event; a bad reason is a 422."""
    intake, _, _ = platform
    youth_id = await register(intake)
    url = f"/youths/{youth_id}/erasure"
    officer = bearer("privacy_officer")
    first = await intake.post(url, json={"reason": "bewaartermijn_verlopen"}, headers=officer)
    again = await intake.post(url, json={"reason": "bewaartermijn_verlopen"}, headers=officer)
    wrong = await intake.post(url, json={"reason": "zomaar"}, headers=officer)
    assert (first.status_code, again.status_code, wrong.status_code) == (200, 200, 422)
    count = await pool.fetchval(
        f"SELECT count(*) FROM {topic_prefix}_intake.events WHERE subject = $1", youth_id
    )
    assert count == 2


async def test_log_lines_written_while_registering_hold_no_personal_data(platform):
    """The handler logs the whole command; the name and birth date never reach the output."""
    intake, _, _ = platform
    output = io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("intake", json=True, stream=output, cache=False)
    try:
        youth_id = await register(intake)
    finally:
        structlog.reset_defaults()
        root.handlers[:], root.level = handlers, level
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    [decided] = [line for line in lines if line["event"] == "command_decided"]
    assert decided["command"]["full_name"] == "[persoonsgegeven verwijderd]"
    assert decided["command"]["youth_id"] == youth_id
    assert NAME not in output.getvalue()
    assert BORN not in output.getvalue()
