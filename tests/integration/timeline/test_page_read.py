"""A timeline page read in one statement decides exactly as the read it replaced (issue 24, item 3).

`opened_page` reads the young person, their consents and the page in one round trip; before, the
route opened the young person (`open_youth`), loaded the consents (`sight_of`) and then read the
page (`timeline_page`): three. Over the real PostgreSQL, with rows written straight into a
migrated schema, every kind of viewer (auditor, the director and one not assigned, domain
workers, a director who also works in a domain, the young person and another young person,
another municipality) under both municipal policies gets the same answer or the same refusal
from both, page after page; the pages together are the unpaged timeline (its own SQL), newest
first. Through HTTP a paged read costs two statements (the read and its processing-log entry),
answers the model's JSON byte for byte and logs one entry per request, refused or not (the
young person reads their own through the web view, which pages with `timeline_page`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.timeline.api.timeline import build_router
from services.timeline.read_model.access import Viewer
from services.timeline.read_model.queries import (
    NotAssignedError,
    Period,
    UnknownYouthError,
    open_youth,
    opened_page,
    sight_of,
    timeline,
    timeline_page,
)
from services.timeline.registry import MIGRATIONS
from services.timeline.settings import TimelineSettings
from shared.auth import Authenticator, AuthSettings, mint_token
from shared.http import install_request_context
from shared.migrations import directory_migrations, migrate
from shared.processing_log import ProcessingLog, processing_log_migration

GEMEENTE, ELSEWHERE = "0518", "0363"
NOW = datetime.now(UTC)
A, B, C = (str(uuid.uuid4()) for _ in range(3))  # directed; entries only; other municipality
NOBODY = str(uuid.uuid4())

VIEWERS = {
    "auditor": Viewer("a-1", frozenset({"auditor"}), GEMEENTE),
    "auditor elsewhere": Viewer("a-2", frozenset({"auditor"}), ELSEWHERE),
    "director": Viewer("r-1", frozenset({"regisseur"}), GEMEENTE),
    "director not assigned": Viewer("r-2", frozenset({"regisseur"}), GEMEENTE),
    "debts worker": Viewer("s-1", frozenset({"schuldhulpverlener"}), GEMEENTE),
    "intake worker": Viewer("i-1", frozenset({"intake"}), GEMEENTE),
    "director, housing worker": Viewer("r-1", frozenset({"regisseur", "woonconsulent"}), GEMEENTE),
    "other director, housing": Viewer("r-2", frozenset({"regisseur", "woonconsulent"}), GEMEENTE),
    "the young person": Viewer(A, frozenset({"jongere"}), GEMEENTE, young_person=A),
    "another young person": Viewer(B, frozenset({"jongere"}), GEMEENTE, young_person=B),
}


def entry(youth: str, domain: str, days_ago: int, **extra: Any) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4(), "youth_id": youth, "gemeentecode": GEMEENTE, "domain": domain,
        "event_type": f"nl.regie.{domain}.iets-gebeurd", "schema_version": 1,
        "occurred_at": NOW - timedelta(days=days_ago), "recorded_at": NOW, "programma": "dtj",
        "leefgebied": None, "phase": None, "headline": f"{domain} {days_ago}", "grondslag": None,
        "vertrouwelijkheid": None, "stream_id": f"{domain}-{youth}", "stream_version": days_ago,
        "sequence": "0", "shared": True, "causation_id": None, **extra,
    }  # fmt: skip


def story() -> list[dict[str, Any]]:
    """Five domains, two entries a day (ties), causes, a withheld and a special-category one."""
    registered = entry(A, "intake", 30)
    debts = entry(A, "debts", 20, leefgebied="financien")
    rows = [registered, debts]
    for ago in range(19, 9, -1):
        cause = str(registered["event_id"])
        rows.append(entry(A, "housing", ago, leefgebied="wonen", causation_id=cause))
        rows.append(entry(A, "income", ago, causation_id=str(debts["event_id"])))
    rows += [
        entry(A, "housing", 9, leefgebied="wonen", shared=False),  # withheld by the domain
        entry(A, "coaching", 8, vertrouwelijkheid="confidentieel"),  # no consent covers it
        entry(A, "coaching", 7, leefgebied="werk", causation_id="command-17"),  # not an event id
        entry(A, "debts", 6, recorded_at=NOW - timedelta(seconds=1)),  # same day: ordered
        entry(A, "debts", 6),
        entry(B, "debts", 5, leefgebied="financien"),
        entry(B, "intake", 4),
        {**entry(C, "debts", 3), "gemeentecode": ELSEWHERE},
    ]
    return rows


@pytest.fixture
async def read_model(pool, schema):
    """A migrated timeline schema holding the story, A's consents and two known young people."""
    async with pool.acquire() as conn:
        await migrate(conn, schema, [processing_log_migration(), *directory_migrations(MIGRATIONS)])
        rows = story()
        columns = list(rows[0])
        records = [[r[c] for c in columns] for r in rows]
        await conn.copy_records_to_table(
            "entries", schema_name=schema, columns=columns, records=records
        )
        await conn.executemany(
            f"INSERT INTO {schema}.youths (youth_id, gemeentecode, director_id)"
            " VALUES ($1, $2, $3)",
            [(A, GEMEENTE, "r-1"), (C, ELSEWHERE, "r-1")],
        )
        await conn.executemany(
            f"INSERT INTO {schema}.consents VALUES ($1, 'tijdlijn_delen', $2, $3, NULL, $4, $5)",
            [(A, ["wonen"], NOW - timedelta(days=40), None, uuid.uuid4()),
             (A, ["financien"], NOW - timedelta(days=40), NOW - timedelta(days=1), uuid.uuid4())],
        )  # fmt: skip
    return schema


async def before_paging(pool, schema, youth, viewer, *, policy, limit, after, period=None):  # noqa: PLR0913
    """The read as the route made it before: open, load the consents, read the page."""
    found = await open_youth(pool, schema, youth, viewer)
    sight = await sight_of(pool, schema, found, viewer, moment=NOW, policy=policy)
    return await timeline_page(
        pool, schema, sight, period=period or Period(), limit=limit, before=after
    )


async def outcome(read):
    try:
        return await read
    except (UnknownYouthError, NotAssignedError) as refused:
        return type(refused)


@pytest.mark.parametrize("policy", ["afschermen", "verbergen"])
async def test_one_statement_decides_as_the_three_did(pool, read_model, policy):
    """Same refusal or same page, cursor and counts, for every viewer and young person."""
    schema, shown = read_model, set()
    for name, viewer in VIEWERS.items():
        for youth in (A, B, C, NOBODY):
            for limit in (1, 7, 50):
                after, pages = None, []
                while True:
                    new = await outcome(opened_page(pool, schema, youth, viewer, moment=NOW,
                                                    policy=policy, period=Period(), limit=limit,
                                                    before=after))  # fmt: skip
                    old = await outcome(before_paging(pool, schema, youth, viewer, policy=policy,
                                                      limit=limit, after=after))  # fmt: skip
                    if isinstance(old, type):
                        assert new is old, (name, youth)
                        break
                    assert new.timeline() == old.timeline, (name, youth, limit)
                    assert new.after == old.after, (name, youth, limit)
                    pages.append(new.timeline())
                    after = new.after
                    if after is None:
                        break
                if pages:
                    await same_as_unpaged(pool, schema, youth, (viewer, policy), pages)
                    shown.add((name, youth))
    # The refusals and answers the table above walked through, so none passed by accident.
    assert {("auditor", A), ("auditor", B), ("director", A), ("the young person", A)} <= shown
    assert {("auditor elsewhere", C), ("debts worker", B)} <= shown
    refused = {("auditor", C), ("director not assigned", A), ("another young person", A),
               ("auditor elsewhere", A), ("the young person", B), ("auditor", NOBODY)}  # fmt: skip
    assert not refused & shown


async def same_as_unpaged(pool, schema, youth, reader, pages):
    """The pages together are the unpaged timeline (its own SQL) newest first."""
    viewer, policy = reader
    found = await open_youth(pool, schema, youth, viewer)
    sight = await sight_of(pool, schema, found, viewer, moment=NOW, policy=policy)
    whole = await timeline(pool, schema, sight)
    assert [e for page in pages for e in page.entries] == whole.entries[::-1]
    assert sum(page.redacted for page in pages) == whole.redacted


async def test_a_period_and_domains_page_alike(pool, read_model):
    """The filters of a read are the same conditions in both."""
    period = Period(("housing", "coaching"), date.today() - timedelta(days=15), date.today())
    for viewer in (VIEWERS["director"], VIEWERS["other director, housing"]):
        new = await opened_page(pool, read_model, A, viewer, moment=NOW, policy="afschermen",
                                period=period, limit=4, before=None)  # fmt: skip
        old = await before_paging(pool, read_model, A, viewer, policy="afschermen", limit=4,
                                  after=None, period=period)  # fmt: skip
        assert new.timeline() == old.timeline
        assert new.after == old.after
        assert {e["domain"] for e in new.lines} <= {"housing", "coaching"}


class CountingPool:
    """The pool, counting the statements sent through it (each one round trip)."""

    def __init__(self, pool) -> None:  # noqa: D107
        self.pool, self.statements = pool, []

    def __getattr__(self, name: str) -> Any:  # noqa: D105
        method = getattr(self.pool, name)
        if name not in {"fetch", "fetchrow", "fetchval", "execute", "executemany"}:
            return method

        async def counted(sql: str, *args: Any, **kwargs: Any) -> Any:
            self.statements.append(sql)
            return await method(sql, *args, **kwargs)

        return counted


async def test_through_http_two_statements_the_models_json_and_one_log_entry(pool, read_model):
    """A page: one read and one log write; the model's bytes; refusals logged as refused."""
    counting = CountingPool(pool)
    app = FastAPI()
    install_request_context(app)
    app.state.pool = counting
    app.state.processing_log = ProcessingLog(counting, read_model)
    settings = TimelineSettings(schema_name=read_model)
    app.include_router(build_router(Authenticator(AuthSettings()), settings))

    def bearer(subject: str, *roles: str) -> dict[str, str]:
        token = mint_token(AuthSettings(), subject=subject, roles=roles, gemeentecode=GEMEENTE)
        return {"Authorization": f"Bearer {token}"}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for viewer, headers in (
            (VIEWERS["director"], bearer("r-1", "regisseur")),
            (VIEWERS["debts worker"], bearer("s-1", "schuldhulpverlener")),
            (VIEWERS["intake worker"], bearer("i-1", "intake")),
        ):
            counting.statements.clear()
            response = await client.get(
                f"/youths/{A}/timeline", params={"limit": 5}, headers=headers
            )
            assert response.status_code == 200
            assert len(counting.statements) == 2, counting.statements
            assert "record_processing" in counting.statements[1]
            old = await before_paging(pool, read_model, A, viewer, policy="afschermen", limit=5,
                                      after=None)  # fmt: skip
            if old.after is not None:
                link = f"http://t/youths/{A}/timeline?limit=5&before={old.after.encode()}"
                old.timeline.next = link
            assert response.content == old.timeline.model_dump_json().encode()
            assert response.headers["content-type"] == "application/json"
            assert response.json()["next"] == old.timeline.next
        for youth, headers, status in (
            (A, bearer("r-2", "regisseur"), 403),
            (C, bearer("a-1", "auditor"), 404),
            (NOBODY, bearer("s-1", "schuldhulpverlener"), 404),
        ):
            counting.statements.clear()
            response = await client.get(
                f"/youths/{youth}/timeline", params={"limit": 5}, headers=headers
            )
            assert response.status_code == status
            assert len(counting.statements) <= 2
    log = ProcessingLog(pool, read_model)
    logged = [
        (e.youth_id, e.actor, e.result)
        for youth in (A, C, NOBODY) for e in await log.for_youth(GEMEENTE, youth)
    ]  # fmt: skip
    assert logged == [
        (A, "r-1", "gelukt"), (A, "s-1", "gelukt"), (A, "i-1", "gelukt"), (A, "r-2", "geweigerd"),
        (C, "a-1", "geweigerd"), (NOBODY, "s-1", "geweigerd"),
    ]  # fmt: skip
    assert await log.verify() == []
