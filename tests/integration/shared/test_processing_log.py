"""The processing log: hash chains in PostgreSQL, one entry per request, the auditors' view."""

import asyncio
import itertools
import uuid
from typing import Annotated

import asyncpg
import httpx
import pytest
from fastapi import Depends, FastAPI, HTTPException, Request

from shared.auth import Authenticator, AuthSettings, Principal, ensure_tenant
from shared.eventstore import event_store_migration
from shared.http import CORRELATION_HEADER, install_request_context
from shared.migrations import migrate
from shared.processing_log import (
    ZERO_HASH,
    ProcessingLog,
    build_processing_log_router,
    entry_hash,
    note_processing,
    processing,
    processing_log_migration,
    verify,
)
from tests.support.apps import bearer, serve


@pytest.fixture
async def log(pool, schema) -> ProcessingLog:
    async with pool.acquire() as conn:
        await migrate(conn, schema, [processing_log_migration()])
    return ProcessingLog(pool, schema)


def new_youth() -> str:
    return str(uuid.uuid4())


def facts(youth_id: str, **overrides: str) -> dict[str, str]:
    values = {
        "actor": "medewerker-1",
        "actor_role": "intake",
        "tenant": "0518",
        "youth_id": youth_id,
        "action": "lezen",
        "activity": "intake.dossier",
        "activity_name": "Dossier inzien",
        "grondslag": "jw",
        "vertrouwelijkheid": "vertrouwelijk",
        "result": "gelukt",
        "correlation_id": str(uuid.uuid4()),
        "method": "GET",
        "path": "/youths/{youth_id}",
    }
    return values | overrides


async def count(pool, schema) -> int:
    return await pool.fetchval(f"SELECT count(*) FROM {schema}.processing_log")


# --- the store -------------------------------------------------------------------------------


async def test_migration_is_named_and_runs_once(pool, schema):
    """The DDL is one named migration, so services can list it with their own scripts."""
    async with pool.acquire() as conn:
        first = await migrate(conn, schema, [event_store_migration(), processing_log_migration()])
        second = await migrate(conn, schema, [processing_log_migration()])
    assert first == ["0000_event_store", "0002_processing_log"]
    assert second == []


async def test_recorded_entries_form_a_hash_chain(log, pool):
    """Each entry points at its predecessor's hash, and SQL and Python compute the same hash."""
    youth = new_youth()
    first = await log.record(**facts(youth))
    second = await log.record(
        **facts(
            youth, action="wijzigen", activity_name="Gegevens wijzigen — één ĳs", actor="mw:2\n"
        )
    )
    entries = await log.for_youth("0518", youth)
    assert entries == [first, second]
    assert first.prev_hash == ZERO_HASH
    assert second.prev_hash == first.hash
    assert [e.seq for e in entries] == [1, 2]
    assert [entry_hash(e) for e in entries] == [first.hash, second.hash]
    in_sql = await pool.fetch(
        f"SELECT p.hash, {log.schema}.processing_log_hash(p) AS recomputed"
        f" FROM {log.schema}.processing_log p"
    )
    assert all(row["hash"] == row["recomputed"] for row in in_sql)
    assert await log.verify() == []


async def test_record_refuses_values_outside_their_domain(log):
    """A malformed grondslag or an unknown action never reaches the table."""
    with pytest.raises(ValueError, match="grondslag"):
        await log.record(**facts(new_youth(), grondslag="Jeugdwet art. 7"))
    with pytest.raises(ValueError, match="action"):
        await log.record(**facts(new_youth(), action="kopieren"))


async def test_concurrent_records_for_one_youth_make_one_linear_chain(log):
    """Twenty writers at once still produce seq 1..20, each linked to the one before."""
    youth = new_youth()
    await asyncio.gather(*(log.record(**facts(youth)) for _ in range(20)))
    entries = await log.for_youth("0518", youth)
    assert [e.seq for e in entries] == list(range(1, 21))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert await log.verify() == []


async def test_entries_cannot_be_updated_deleted_or_truncated(log, pool):
    """The table refuses every rewrite, so the history of processing stands."""
    await log.record(**facts(new_youth()))
    for sql in (
        f"UPDATE {log.schema}.processing_log SET action = 'wijzigen'",
        f"DELETE FROM {log.schema}.processing_log",
        f"TRUNCATE {log.schema}.processing_log",
    ):
        with pytest.raises(asyncpg.PostgresError, match="processing_log is append-only"):
            await pool.execute(sql)
    assert await count(pool, log.schema) == 1


async def test_verify_names_an_altered_and_a_removed_entry(log, pool):
    """With the triggers bypassed, a changed entry and a deleted one are both reported."""
    altered, shortened, intact = new_youth(), new_youth(), new_youth()
    for youth in (altered, shortened, intact):
        for _ in range(3):
            await log.record(**facts(youth))
    table = f"{log.schema}.processing_log"
    await pool.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    await pool.execute(
        f"UPDATE {table} SET action = 'vernietigen' WHERE youth_id = $1 AND seq = 2", altered
    )
    await pool.execute(f"DELETE FROM {table} WHERE youth_id = $1 AND seq = 2", shortened)
    await pool.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")

    problems = await verify(pool, log.schema)

    assert sorted(problems) == sorted(
        [
            f"youth {altered} (tenant 0518): entry 2 altered",
            (
                f"youth {shortened} (tenant 0518): chain broken before entry 3"
                " (entries removed or inserted)"
            ),
        ]
    )
    assert await log.verify(tenant="0268") == []


# --- one entry per request -------------------------------------------------------------------


def _log_of(request: Request) -> ProcessingLog:
    log: ProcessingLog = request.app.state.processing_log
    return log


def build_app(log: ProcessingLog) -> FastAPI:
    auth = Authenticator(AuthSettings())
    intake_worker = Annotated[Principal, Depends(auth.require("intake"))]
    read = processing(
        _log_of,
        action="lezen",
        activity="intake.dossier",
        activity_name="Dossier inzien",
        grondslag="jw",
    )
    create = processing(
        _log_of,
        action="aanmaken",
        activity="intake.registratie",
        activity_name="Aanmelding registreren",
        grondslag="jw",
    )
    app = FastAPI()
    install_request_context(app)
    app.state.processing_log = log

    @app.get("/youths/{youth_id}", dependencies=[Depends(read, scope="function")])
    async def read_youth(youth_id: uuid.UUID, principal: intake_worker) -> dict[str, str]:
        ensure_tenant(principal, "0518")
        return {"youth_id": str(youth_id), "programma": "jongerenregie"}

    @app.get("/missing/{youth_id}", dependencies=[Depends(read, scope="function")])
    async def read_missing(youth_id: str, principal: intake_worker) -> None:
        raise HTTPException(status_code=404, detail="Jongere niet gevonden")

    @app.post("/refused/{youth_id}/{status_code}", dependencies=[Depends(create, scope="function")])
    async def refuse(youth_id: str, status_code: int, principal: intake_worker) -> None:
        raise HTTPException(status_code=status_code, detail="Geweigerd / Refused")

    @app.post("/youths", dependencies=[Depends(create, scope="function")], status_code=201)
    async def register(request: Request, principal: intake_worker) -> dict[str, str]:
        youth_id = uuid.uuid4()
        note_processing(request, principal=principal, youth_id=youth_id, grondslag="wgs")
        return {"youth_id": str(youth_id)}

    app.include_router(build_processing_log_router(_log_of, auth))
    return app


async def only_entry(log, pool, tenant, youth):
    assert await count(pool, log.schema) == 1
    [entry] = await log.for_youth(tenant, youth)
    return entry


async def test_a_successful_read_is_logged_once_as_gelukt(log, pool):
    """The read leaves one entry with the caller, the action, the basis and the request."""
    youth = new_youth()
    correlation = str(uuid.uuid4())
    async with serve(build_app(log)) as client:
        response = await client.get(
            f"/youths/{youth}", headers=bearer("intake") | {CORRELATION_HEADER: correlation}
        )
    assert response.status_code == 200
    entry = await only_entry(log, pool, "0518", youth)
    assert (entry.result, entry.actor, entry.actor_role, entry.tenant) == (
        "gelukt",
        "medewerker-1",
        "intake",
        "0518",
    )
    assert (entry.action, entry.activity, entry.grondslag) == ("lezen", "intake.dossier", "jw")
    assert (entry.method, entry.path, entry.correlation_id) == (
        "GET",
        "/youths/{youth_id}",
        correlation,
    )


async def test_a_wrong_role_is_logged_once_as_geweigerd(log, pool):
    """The auth dependency's 403 is seen by the log, and no data leaves."""
    youth = new_youth()
    async with serve(build_app(log)) as client:
        response = await client.get(f"/youths/{youth}", headers=bearer("coach"))
    assert response.status_code == 403
    assert "programma" not in response.text
    entry = await only_entry(log, pool, "0518", youth)
    assert (entry.result, entry.actor, entry.actor_role) == ("geweigerd", "medewerker-1", "coach")


async def test_another_municipality_is_logged_once_as_geweigerd(log, pool):
    """The route's ensure_tenant refusal is logged under the caller's own municipality."""
    youth = new_youth()
    async with serve(build_app(log)) as client:
        response = await client.get(f"/youths/{youth}", headers=bearer("intake", gemeente="0268"))
    assert response.status_code == 403
    entry = await only_entry(log, pool, "0268", youth)
    assert (entry.result, entry.actor_role) == ("geweigerd", "intake")


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-token"}], ids=["no-token", "bad-token"]
)
async def test_an_unauthenticated_call_is_logged_once_as_geweigerd_by_onbekend(log, pool, headers):
    """Without a verifiable token the caller is unknown, but the attempt is still on record."""
    youth = new_youth()
    async with serve(build_app(log)) as client:
        response = await client.get(f"/youths/{youth}", headers=headers)
    assert response.status_code == 401
    entry = await only_entry(log, pool, "onbekend", youth)
    assert (entry.result, entry.actor, entry.actor_role) == ("geweigerd", "onbekend", "onbekend")


async def test_a_not_found_is_logged_once_as_geweigerd(log, pool):
    """Not there and not yours answer alike (404), so both are refusals, also in the log."""
    youth = new_youth()
    async with serve(build_app(log)) as client:
        response = await client.get(f"/missing/{youth}", headers=bearer("intake"))
    assert response.status_code == 404
    entry = await only_entry(log, pool, "0518", youth)
    assert entry.result == "geweigerd"


async def test_a_malformed_id_is_logged_once_as_geweigerd_with_the_id_as_given(log, pool):
    """Request validation (422) happens inside the log's scope: a refusal of bad input."""
    async with serve(build_app(log)) as client:
        response = await client.get("/youths/geen-uuid", headers=bearer("intake"))
    assert response.status_code == 422
    entry = await only_entry(log, pool, "0518", "geen-uuid")
    assert entry.result == "geweigerd"


@pytest.mark.parametrize(
    ("status_code", "result"),
    [(409, "geweigerd"), (413, "geweigerd"), (422, "geweigerd"), (503, "mislukt")],
)
async def test_a_refused_write_is_geweigerd_and_a_failing_one_mislukt(
    log, pool, status_code, result
):
    """A write the rules refuse (409, 422) or too large (413) is refused, not failed."""
    youth = new_youth()
    async with serve(build_app(log)) as client:
        response = await client.post(f"/refused/{youth}/{status_code}", headers=bearer("intake"))
    assert response.status_code == status_code
    entry = await only_entry(log, pool, "0518", youth)
    assert (entry.action, entry.result) == ("aanmaken", result)


async def test_a_creating_route_names_the_new_youth_and_its_basis(log, pool):
    """The id made inside the route, and its overriding grondslag, end up in the entry."""
    async with serve(build_app(log)) as client:
        response = await client.post("/youths", headers=bearer("intake"))
    assert response.status_code == 201
    youth = response.json()["youth_id"]
    entry = await only_entry(log, pool, "0518", youth)
    assert (entry.action, entry.grondslag, entry.result) == ("aanmaken", "wgs", "gelukt")


async def test_a_log_that_cannot_be_written_fails_the_request(pool, schema):
    """No entry, no data: a write failure after a successful route answers 500."""
    app = build_app(ProcessingLog(pool, schema))  # never migrated: the table does not exist
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            response = await client.get(f"/youths/{new_youth()}", headers=bearer("intake"))
    assert response.status_code == 500
    assert "programma" not in response.text


# --- the auditors' view ----------------------------------------------------------------------


async def test_an_auditor_sees_only_their_own_municipality(log):
    """Entries of another municipality never show, with or without a youth filter."""
    ours, theirs = new_youth(), new_youth()
    await log.record(**facts(ours))
    await log.record(**facts(theirs, tenant="0268"))
    await log.record(**facts(ours, tenant="0268"))
    async with serve(build_app(log)) as client:
        everything = await client.get("/processing-log", headers=bearer("auditor"))
        one = await client.get(
            "/processing-log", params={"youth_id": ours}, headers=bearer("auditor")
        )
        other = await client.get(
            "/processing-log", params={"youth_id": theirs}, headers=bearer("auditor")
        )
    assert everything.status_code == 200
    assert [(e["tenant"], e["youth_id"]) for e in everything.json()] == [("0518", ours)]
    assert [(e["tenant"], e["youth_id"]) for e in one.json()] == [("0518", ours)]
    assert other.json() == []


async def test_the_log_is_not_for_intake_workers(log):
    """Reading the log needs the auditor role."""
    async with serve(build_app(log)) as client:
        response = await client.get("/processing-log", headers=bearer("intake"))
    assert response.status_code == 403


async def test_the_vng_format_uses_the_verwerkingenlogging_field_names(log):
    """`format=vng` answers as the VNG Verwerkingenlogging API v0.9 names its fields."""
    youth = new_youth()
    entry = await log.record(**facts(youth, correlation_id="geen-uuid"))
    async with serve(build_app(log)) as client:
        response = await client.get(
            "/processing-log", params={"format": "vng"}, headers=bearer("auditor")
        )
    assert response.status_code == 200
    [actie] = response.json()["verwerkingsacties"]
    assert actie["actieId"] == str(entry.entry_id)
    assert actie["actieNaam"] == "Lezen"
    assert actie["handelingNaam"] == "Dossier inzien"
    assert actie["verwerkingsactiviteitId"] == "intake.dossier"
    assert actie["vertrouwelijkheid"] == "vertrouwelijk"
    assert actie["bewaartermijn"] == "P20Y"
    assert actie["gebruiker"] == "medewerker-1"
    assert actie["systeem"] == f"regie-{log.schema}"
    assert len(actie["uitvoerder"]) == 20
    assert uuid.UUID(actie["verwerkingId"]) == uuid.uuid5(
        uuid.UUID("3b8f5d2e-7c41-4a96-b0e3-9d1f6a2c8e57"), "geen-uuid"
    )
    assert {"tijdstip", "tijdstipRegistratie", "verwerkingNaam", "gegevensbron"} <= set(actie)
    assert (actie["resultaat"], actie["grondslag"]) == ("gelukt", "jw")
    assert actie["verwerkteObjecten"] == [
        {
            "objecttype": "persoon",
            "soortObjectId": "regie-jongere-id",
            "objectId": youth,
            "betrokkenheid": "Jongere",
            "verwerkteSoortenGegevens": [],
        }
    ]


async def test_each_read_of_the_log_is_itself_in_the_log(log, pool):
    """An auditor's read lands on the young person's chain; a refused one too, as geweigerd."""
    youth = new_youth()
    await log.record(**facts(youth))
    async with serve(build_app(log)) as client:
        first = await client.get(
            "/processing-log", params={"youth_id": youth}, headers=bearer("auditor")
        )
        refused = await client.get(
            "/processing-log", params={"youth_id": youth}, headers=bearer("intake")
        )
        second = await client.get(
            "/processing-log", params={"youth_id": youth}, headers=bearer("auditor")
        )
    assert (first.status_code, refused.status_code, second.status_code) == (200, 403, 200)
    assert len(first.json()) == 1
    reads = [
        (e["activity"], e["actor_role"], e["result"], e["grondslag"]) for e in second.json()[1:]
    ]
    assert reads == [
        ("verwerkingslog.inzien", "auditor", "gelukt", "avg_6_1_c"),
        ("verwerkingslog.inzien", "intake", "geweigerd", "avg_6_1_c"),
    ]
    assert await verify(pool, log.schema) == []
