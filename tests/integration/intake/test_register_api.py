"""The intake HTTP API: registration, its validation, its access rules, conflicts and retries."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import asyncpg
import pytest
import structlog.testing

from services.intake.bootstrap import create_app
from services.intake.domain.commands import GiveConsent, RegisterYouth
from services.intake.domain.events import CATALOGUE
from services.intake.domain.model import AlreadyDoneError
from services.intake.handlers import execute
from services.intake.settings import IntakeSettings
from shared.clock import SystemClock
from shared.command_http import event_id_for
from shared.command_pipeline import Dependencies
from shared.eventstore import ConcurrencyError, Metadata, PostgresEventStore, event_store_migration
from shared.migrations import migrate
from shared.privacy import KeyStore, MasterKey, Sealer, key_store_migration
from shared.timers.table import timer_migrations
from tests.support.apps import bearer, platform_settings, serve


async def sealer_for(pool, schema) -> Sealer:
    """A sealer on the key store intake uses for `schema`."""
    async with pool.acquire() as conn:
        await migrate(conn, f"{schema}_keys", [key_store_migration()])
    return Sealer(CATALOGUE, KeyStore(pool, f"{schema}_keys", MasterKey.from_environment()))


META = Metadata(tenant="0518", actor="medewerker-1", actor_role="intake", correlation_id="c")


def born_years_ago(years: int) -> str:
    today = date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)).isoformat()


def body(**overrides) -> dict:
    return {
        "gemeentecode": "0518",
        "programma": "jpf",
        "full_name": "Sam de Vries",
        "date_of_birth": born_years_ago(20),
    } | overrides


@pytest.fixture
async def intake(endpoints, schema):
    settings = IntakeSettings(schema_name=schema, embedded_relay=False)
    async with serve(create_app(platform_settings(endpoints), settings)) as client:
        yield client


async def test_registering_returns_the_new_youth_and_its_state(intake):
    """A valid registration is stored: 201, then GET shows the young person as registered."""
    created = await intake.post("/youths", json=body(), headers=bearer("intake"))
    assert created.status_code == 201, created.text
    youth_id = created.json()["youth_id"]
    shown = (await intake.get(f"/youths/{youth_id}", headers=bearer("intake"))).json()
    assert (shown["youth_id"], shown["gemeentecode"], shown["programma"]) == (
        youth_id,
        "0518",
        "jpf",
    )
    assert (shown["registered"], shown["erased"], shown["version"]) == (True, False, 1)
    assert shown["personal"] == {
        "full_name": "Sam de Vries",
        "date_of_birth": body()["date_of_birth"],
        "phone": None,
        "email": None,
    }


async def test_invalid_body_gives_422_with_the_field_errors(intake):
    """Every broken field is named, so a form can show them next to the inputs."""
    response = await intake.post(
        "/youths",
        json=body(gemeentecode="518", programma="onbekend", date_of_birth="gisteren"),
        headers=bearer("intake"),
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert fields == {
        ("body", "gemeentecode"),
        ("body", "programma"),
        ("body", "date_of_birth"),
    }


@pytest.mark.parametrize("age", [15, 28])
async def test_age_outside_16_to_27_gives_422_on_date_of_birth(intake, age):
    """The programmes serve 16 up to and including 27; others are refused with the reason."""
    response = await intake.post(
        "/youths", json=body(date_of_birth=born_years_ago(age)), headers=bearer("intake")
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "date_of_birth"]
    assert f"Leeftijd {age}" in error["msg"]


async def test_no_token_gives_401(intake):
    """Without a bearer token nothing is registered."""
    response = await intake.post("/youths", json=body())
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_wrong_role_gives_403(intake):
    """A coach may not register young people."""
    response = await intake.post("/youths", json=body(), headers=bearer("coach"))
    assert response.status_code == 403


async def test_other_municipality_gives_403(intake):
    """An employee of Nijmegen cannot register for Den Haag."""
    response = await intake.post(
        "/youths", json=body(gemeentecode="0518"), headers=bearer("intake", gemeente="0268")
    )
    assert response.status_code == 403


async def test_other_municipality_cannot_read_a_youth(intake):
    """Reading is bound to the municipality as well, and answers as for an unknown id."""
    created = await intake.post("/youths", json=body(), headers=bearer("intake"))
    youth_id = created.json()["youth_id"]
    response = await intake.get(f"/youths/{youth_id}", headers=bearer("intake", gemeente="0268"))
    unknown = await intake.get(f"/youths/{uuid.uuid4()}", headers=bearer("intake", gemeente="0268"))
    assert response.status_code == 404
    assert response.json() == unknown.json()


async def test_retried_request_with_same_idempotency_key_registers_once(intake, pool, schema):
    """A client that retries after a timeout gets the same youth back, and one event is stored."""
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await intake.post("/youths", json=body(), headers=bearer("intake") | key)
    second = await intake.post("/youths", json=body(), headers=bearer("intake") | key)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["youth_id"] == second.json()["youth_id"]
    stored = await pool.fetchval(f"SELECT count(*) FROM {schema}.events")
    assert stored == 1


async def test_concurrent_retries_store_one_event(intake, pool, schema):
    """Five simultaneous retries of one request race in the store; exactly one event remains."""
    key = {"Idempotency-Key": str(uuid.uuid4())}
    responses = await asyncio.gather(
        *(intake.post("/youths", json=body(), headers=bearer("intake") | key) for _ in range(5))
    )
    assert {r.status_code for r in responses} <= {201, 409}
    assert any(r.status_code == 201 for r in responses)
    assert await pool.fetchval(f"SELECT count(*) FROM {schema}.events") == 1


async def test_registering_an_already_registered_youth_is_a_conflict(
    intake, endpoints, pool, schema
):
    """The same young person cannot be registered twice: 409, and nothing more is stored."""
    key = str(uuid.uuid4())
    retry = event_id_for("intake", "0518", key)
    assert retry is not None
    youth_id = uuid.uuid5(retry, "youth")  # the id a registration with this key always gets
    earlier = RegisterYouth(youth_id=youth_id, **body())
    conn = await asyncpg.connect(endpoints.database_url)
    store = PostgresEventStore(conn, schema)
    await execute(deps_of(store, await sealer_for(pool, schema)), earlier, META)
    response = await intake.post(
        "/youths", json=body(), headers=bearer("intake") | {"Idempotency-Key": key}
    )
    assert response.status_code == 409
    assert response.json()["detail"]["nl"] == "Deze jongere is al ingeschreven"
    assert response.json()["detail"]["en"]
    assert len(await store.load(f"youth-{youth_id}")) == 1
    await conn.close()


async def test_two_concurrent_registrations_of_one_youth_store_one(pool, schema):
    """Racing registrations of one young person: exactly one is stored, the other is refused."""
    async with pool.acquire() as conn:
        # As intake's own schema: a registration schedules the birthday timers with it.
        await migrate(conn, schema, [event_store_migration(), *timer_migrations()])
    store = PostgresEventStore(pool, schema)
    sealer = await sealer_for(pool, schema)
    command = RegisterYouth(youth_id=uuid.uuid4(), **body())
    outcomes = await asyncio.gather(
        *(execute(deps_of(store, sealer), command, META) for _ in range(4)),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, (ConcurrencyError, AlreadyDoneError))]
    assert len(refused) == 3
    assert len(await store.load(f"youth-{command.youth_id}")) == 1


async def test_each_request_writes_one_log_line_with_its_correlation_and_event(intake):
    """The canonical line carries the caller's correlation id and the event it recorded."""
    with structlog.testing.capture_logs() as logs:
        response = await intake.post(
            "/youths", json=body(), headers=bearer("intake") | {"X-Correlation-ID": "corr-42"}
        )
    [line] = [entry for entry in logs if entry["event"] == "http_request"]
    assert response.headers["X-Correlation-ID"] == "corr-42"
    assert line["correlation_id"] == "corr-42"
    assert line["event_id"] == response.json()["event_id"]
    assert line["stream_id"] == f"youth-{response.json()['youth_id']}"
    assert line["status"] == 201


async def test_asyncapi_document_describes_the_events_topic(intake):
    """Integrators find intake's topic and a CloudEvents schema per type, generated from code."""
    document = (await intake.get("/asyncapi.json")).json()
    assert document["asyncapi"] == "3.0.0"
    assert "intake.events" in document["channels"]
    registered = document["components"]["schemas"]["YouthRegisteredCloudEvent"]
    assert {"specversion", "subject", "sequence", "gemeentecode", "data"} <= set(
        registered["properties"]
    )
    assert registered["properties"]["type"]["const"] == "nl.regie.intake.youth-registered"


def deps_of(store, sealer) -> Dependencies:
    return Dependencies(store, sealer, SystemClock())


async def test_an_idempotency_key_reused_for_another_young_person_is_named_as_such(
    intake, pool, schema
):
    """A key already spent on one request is not a 'concurrent change' on another."""
    first = (await intake.post("/youths", json=body(), headers=bearer("intake"))).json()
    second = (
        await intake.post("/youths", json=body(full_name="Noor Bakker"), headers=bearer("intake"))
    ).json()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    today = SystemClock().today().isoformat()
    consent = {"purpose": "tijdlijn_delen", "leefgebieden": ["wonen"], "given_on": today}
    given = await intake.post(
        f"/youths/{first['youth_id']}/consents", json=consent, headers=bearer("intake") | key
    )
    retried = await intake.post(
        f"/youths/{first['youth_id']}/consents", json=consent, headers=bearer("intake") | key
    )
    reused = await intake.post(
        f"/youths/{second['youth_id']}/consents", json=consent, headers=bearer("intake") | key
    )
    assert (given.status_code, retried.status_code) == (201, 201)
    assert reused.status_code == 409
    assert "Idempotency-Key" in reused.json()["detail"]["nl"]
    assert "another request" in reused.json()["detail"]["en"]
    stored = await pool.fetch(
        f"SELECT event_type FROM {schema}.events WHERE subject = $1", second["youth_id"]
    )
    assert [row["event_type"] for row in stored] == ["nl.regie.intake.youth-registered"]


class RacedOnce:
    """The app's store, with someone else's command appended just before the first append."""

    def __init__(self, deps: Dependencies, other) -> None:
        """Race with `other`, executed with the real `deps`."""
        self.deps, self.other, self.raced = deps, other, False

    async def append(self, stream_id, events, expected_version, timers=()):
        """The first time, `other` goes first."""
        if not self.raced:
            self.raced = True
            await execute(self.deps, self.other, META)  # takes the version this one expects
        return await self.deps.store.append(stream_id, events, expected_version, timers)

    async def load(self, stream_id, after_version=0):
        """As the store does."""
        return await self.deps.store.load(stream_id, after_version)

    async def read_all(self, *args, **kwargs):
        """As the store does."""
        return await self.deps.store.read_all(*args, **kwargs)


@pytest.mark.parametrize(("if_match", "expected"), [(None, 201), ("1", 409)])
async def test_a_command_that_lost_a_race_is_decided_again_unless_it_named_a_version(
    endpoints, schema, if_match, expected
):
    """A timer or a policy appending first does not refuse a command sent without If-Match."""
    settings = IntakeSettings(schema_name=schema, embedded_relay=False)
    app = create_app(platform_settings(endpoints), settings)
    async with serve(app) as client:
        youth = (await client.post("/youths", json=body(), headers=bearer("intake"))).json()
        youth_id = uuid.UUID(youth["youth_id"])
        today = SystemClock().today()
        other = GiveConsent(youth_id=youth_id, purpose="netwerk_betrekken",
                            leefgebieden=["werk"], given_on=today)  # fmt: skip
        real = app.state.deps
        app.state.deps = Dependencies(RacedOnce(real, other), real.sealer, real.clock)
        headers = bearer("intake") | ({"If-Match": if_match} if if_match else {})
        answer = await client.post(
            f"/youths/{youth_id}/consents",
            json={"purpose": "tijdlijn_delen", "leefgebieden": ["wonen"],
                  "given_on": today.isoformat()},
            headers=headers,
        )  # fmt: skip
        app.state.deps = real
        stored = await real.store.load(f"youth-{youth_id}")
    assert answer.status_code == expected, answer.text
    consents = [e.event_type for e in stored if e.event_type.endswith("consent-given")]
    assert len(consents) == (2 if expected == 201 else 1)
