"""No young person twice: the keyed blind index warns of a likely duplicate, over the real servers.

Intake and the timeline run on the real PostgreSQL and broker (the `platform` fixture). The
index is an HMAC per municipality: never the plain value, never an unkeyed hash, in no event
and on no topic, gone with the key on erasure.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date

from services.intake.domain.duplicates import bsn_value, name_and_birth_date
from tests.support.apps import bearer
from tests.support.kafka import read_records
from tests.support.waiting import eventually

BORN = "2004-03-14"
BSN = "999993653"
DUPLICATE = "nl.regie.intake.possible-duplicate-found"


def a_name() -> str:
    """A name of its own per test (the platform's schemas are the test's own anyway)."""
    return f"Sam de Vries {uuid.uuid4().hex[:6]}"


async def register(intake, name: str, *, gemeente: str = "0518", born: str = BORN):
    response = await intake.post(
        "/youths",
        json={
            "gemeentecode": gemeente,
            "programma": "jpf",
            "full_name": name,
            "date_of_birth": born,
        },
        headers=bearer("intake", gemeente=gemeente),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def verify(intake, youth_id: str, bsn: str = BSN, *, gemeente: str = "0518"):
    response = await intake.post(
        f"/youths/{youth_id}/identity-verification",
        json={"method": "brp", "bsn": bsn, "verified_on": date.today().isoformat()},
        headers=bearer("intake", gemeente=gemeente),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def stream(pool, schema: str, youth_id: str) -> list[tuple[str, dict]]:
    rows = await pool.fetch(
        f"SELECT event_type, data FROM {schema}.events WHERE subject = $1 ORDER BY stream_version",
        youth_id,
    )
    return [(row["event_type"], json.loads(row["data"])) for row in rows]


async def index_rows(pool, schema: str) -> list:
    return await pool.fetch(f"SELECT * FROM {schema}.identity_index ORDER BY youth_id, kind")


async def test_a_second_registration_with_the_same_name_and_birth_date_is_warned_of(
    platform, pool, topic_prefix
):
    """Other spacing, case and accents: still a match; recorded, with a warning and an event."""
    intake, timeline, _ = platform
    name = a_name()
    first = await register(intake, name)
    assert (first["possible_duplicates"], first["duplicate_warning"]) == ([], None)
    assert first["stream_version"] == 1
    written = "  " + name.upper().replace("VRIES", "VRIËS").replace(" ", "  ") + " "
    second = await register(intake, written)
    assert second["possible_duplicates"] == [
        {"youth_id": first["youth_id"], "matched_on": "naam_geboortedatum"}
    ]
    assert "dubbele inschrijving" in second["duplicate_warning"]["nl"]
    assert "duplicate registration" in second["duplicate_warning"]["en"]
    # The registration stands; the event follows it, and the answer's version counts both.
    assert second["stream_version"] == 2
    events = await stream(pool, f"{topic_prefix}_intake", second["youth_id"])
    assert [t for t, _ in events] == ["nl.regie.intake.youth-registered", DUPLICATE]
    assert events[1][1] == {
        "youth_id": second["youth_id"],
        "other_youth_id": first["youth_id"],
        "matched_on": "naam_geboortedatum",
        "found_on": date.today().isoformat(),
    }
    # The first registration is not changed; a third person with another birth date matches none.
    assert [t for t, _ in await stream(pool, f"{topic_prefix}_intake", first["youth_id"])] == [
        "nl.regie.intake.youth-registered"
    ]
    other = await register(intake, name, born="2004-03-15")
    assert other["possible_duplicates"] == []
    # The timeline shows it with its Dutch headline.
    shown = await eventually(
        lambda: timeline.get(f"/youths/{second['youth_id']}/timeline", headers=bearer("auditor")),
        lambda r: r.status_code == 200 and len(r.json()["entries"]) >= 2,
    )
    headlines = [e["headline"] for e in shown.json()["entries"]]
    assert "Mogelijk dubbel ingeschreven (zelfde naam en geboortedatum)" in headlines


async def test_another_municipality_does_not_match_and_learns_nothing(platform, pool, topic_prefix):
    """The same person in Nijmegen: no warning, no event, and an unrelated digest."""
    intake, _, _ = platform
    name = a_name()
    in_the_hague = await register(intake, name)
    in_nijmegen = await register(intake, name, gemeente="0268")
    assert (in_nijmegen["possible_duplicates"], in_nijmegen["duplicate_warning"]) == ([], None)
    assert in_the_hague["youth_id"] not in json.dumps(in_nijmegen)
    events = await stream(pool, f"{topic_prefix}_intake", in_nijmegen["youth_id"])
    assert [t for t, _ in events] == ["nl.regie.intake.youth-registered"]
    digests = {row["gemeentecode"]: row["digest"] for row in await index_rows(
        pool, f"{topic_prefix}_intake"
    )}  # fmt: skip
    assert digests["0518"] != digests["0268"]


async def test_the_same_bsn_after_identity_verification_is_warned_of(platform, pool, topic_prefix):
    """Two different names verified with one BSN: the second verification names the first."""
    intake, _, _ = platform
    first = await register(intake, a_name())
    second = await register(intake, a_name(), born="2003-01-02")
    assert second["possible_duplicates"] == []
    assert (await verify(intake, first["youth_id"]))["possible_duplicates"] == []
    verified = await verify(intake, second["youth_id"])
    assert verified["possible_duplicates"] == [{"youth_id": first["youth_id"], "matched_on": "bsn"}]
    assert verified["duplicate_warning"] is not None
    events = await stream(pool, f"{topic_prefix}_intake", second["youth_id"])
    assert events[-1][0] == DUPLICATE
    assert (events[-1][1]["other_youth_id"], events[-1][1]["matched_on"]) == (
        first["youth_id"],
        "bsn",
    )
    # Another BSN matches nothing; a retry of the same verification notes nothing twice.
    third = await register(intake, a_name(), born="2002-02-02")
    assert (await verify(intake, third["youth_id"], "111222333"))["possible_duplicates"] == []
    again = await verify(intake, second["youth_id"])
    assert [t for t, _ in await stream(pool, f"{topic_prefix}_intake", second["youth_id"])].count(
        DUPLICATE
    ) == 1
    assert again["possible_duplicates"] == [{"youth_id": first["youth_id"], "matched_on": "bsn"}]


async def test_no_plaintext_or_unkeyed_hash_in_the_index_or_on_the_topic(
    platform, pool, topic_prefix, endpoints
):
    """The index holds an HMAC only; neither it nor the plain value reaches the topic."""
    intake, _, _ = platform
    name = a_name()
    first = await register(intake, name)
    await verify(intake, first["youth_id"])
    second = await register(intake, name)
    await verify(intake, second["youth_id"])
    schema = f"{topic_prefix}_intake"
    rows = await index_rows(pool, schema)
    assert len(rows) == 4
    name_value = name_and_birth_date(name, date.fromisoformat(BORN))
    unkeyed = {
        hashlib.sha256(text.encode()).digest()
        for text in (name_value, name, BSN, bsn_value(BSN), f"naam_geboortedatum\x00{name_value}")
    }
    table = await pool.fetchval(f"SELECT string_agg(t::text, ' ') FROM {schema}.identity_index t")
    for row in rows:
        assert len(row["digest"]) == 32
        assert row["digest"] not in unkeyed
    for plain in (name, name.casefold(), BSN, BORN, name_value):
        assert plain not in table
    assert not any(h.hex() in table for h in unkeyed)
    # The index key is stored wrapped only; nothing of the index is in the events or the topic.
    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.intake.events", at_least=6
    )
    published = " ".join(r.value.decode() for r in records)
    events = await pool.fetchval(f"SELECT string_agg(t::text, ' ') FROM {schema}.events t")
    assert DUPLICATE in published
    for text in (published, events):
        assert name not in text
        assert BSN not in text
        assert not any(row["digest"].hex() in text for row in rows)


async def test_erasure_removes_the_index_so_the_erased_are_never_matched(
    platform, pool, topic_prefix
):
    """After erasure the person's rows are gone: registering them again warns of nobody."""
    intake, _, _ = platform
    name = a_name()
    erased = await register(intake, name)
    await verify(intake, erased["youth_id"])
    kept = await register(intake, a_name())
    response = await intake.post(
        f"/youths/{erased['youth_id']}/erasure",
        json={"reason": "verzoek_art17"},
        headers=bearer("privacy_officer"),
    )
    assert response.status_code == 200, response.text
    remaining = {str(row["youth_id"]) for row in await index_rows(pool, f"{topic_prefix}_intake")}
    assert remaining == {kept["youth_id"]}
    again = await register(intake, name)
    assert again["possible_duplicates"] == []
    assert (await verify(intake, again["youth_id"]))["possible_duplicates"] == []


async def test_the_processing_log_records_the_registration_as_before(platform):
    """One entry for the registration that found a duplicate, as for any registration."""
    intake, _, _ = platform
    name = a_name()
    await register(intake, name)
    second = await register(intake, name)
    assert second["possible_duplicates"]
    logged = await intake.get(
        "/processing-log", params={"youth_id": second["youth_id"]}, headers=bearer("auditor")
    )
    assert logged.status_code == 200, logged.text
    entries = logged.json()
    assert [(e["action"], e["result"], e["activity"]) for e in entries] == [
        ("aanmaken", "gelukt", "intake.inschrijving")
    ]
    assert name not in logged.text
