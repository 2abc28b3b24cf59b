"""The destruction list's query over intake's read models, on the real PostgreSQL (no servers).

Rows as the projections write them: who left every programme (youth_summaries) and which
domains still have a trajectory open or when theirs ended (youth_involvement).
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.intake.bootstrap import MIGRATIONS
from services.intake.destruction_list import declarations, destruction_list
from services.intake.domain.retention import RetentionPeriods
from shared.migrations import directory_migrations, migrate

TODAY = date(2026, 12, 2)
GEMEENTE = "0599"
LEFT = uuid.UUID("00000000-0000-4000-8000-0000000000d1")
IN_DEBTS = uuid.UUID("00000000-0000-4000-8000-0000000000d2")
HOUSED_LATER = uuid.UUID("00000000-0000-4000-8000-0000000000d3")
STILL_ENROLLED = uuid.UUID("00000000-0000-4000-8000-0000000000d4")
ERASED = uuid.UUID("00000000-0000-4000-8000-0000000000d5")
ELSEWHERE = uuid.UUID("00000000-0000-4000-8000-0000000000d6")


@pytest.fixture
async def read_models(pool, schema):
    async with pool.acquire() as conn:
        await migrate(conn, schema, directory_migrations(MIGRATIONS))
    summaries = (
        f"INSERT INTO {schema}.youth_summaries (youth_id, gemeentecode, status, programma,"
        " active_programmes, exited_on, destination, version) VALUES ($1, $2, $3, 'jpf', $4,"
        " $5, 'werk', 3)"
    )
    left = date(2019, 3, 15)
    for youth, gemeente, status, active in [
        (LEFT, GEMEENTE, "ingeschreven", []),
        (IN_DEBTS, GEMEENTE, "ingeschreven", []),
        (HOUSED_LATER, GEMEENTE, "ingeschreven", []),
        (STILL_ENROLLED, GEMEENTE, "ingeschreven", ["dtj"]),
        (ERASED, GEMEENTE, "vernietigd", []),
        (ELSEWHERE, "0518", "ingeschreven", []),
    ]:
        await pool.execute(summaries, youth, gemeente, status, active, left)
    involvement = (
        f"INSERT INTO {schema}.youth_involvement (youth_id, domain, gemeentecode, open, since)"
        " VALUES ($1, $2, $3, $4, $5)"
    )
    for youth, domain, still_open, since in [
        (LEFT, "coaching", False, date(2018, 1, 1)),
        (IN_DEBTS, "debts", True, date(2018, 1, 1)),
        (HOUSED_LATER, "housing", False, date(2020, 6, 1)),
    ]:
        await pool.execute(involvement, youth, domain, GEMEENTE, still_open, since)
    return schema


async def test_only_those_past_retention_with_nothing_open_are_listed(pool, read_models):
    """7 years: the one who left in 2019 is due, and no one else.

    Open debts, a later end of housing, a programme still running, an erasure and another
    municipality keep the others off the list (the later housing end only until its day).
    """
    periods = RetentionPeriods({GEMEENTE: 7, "0518": 1})
    due = await destruction_list(pool, read_models, GEMEENTE, periods, TODAY)
    assert [(d.youth_id, d.care_ended_on, d.destroy_from) for d in due] == [
        (LEFT, date(2019, 3, 15), date(2026, 3, 15))
    ]
    later = await destruction_list(pool, read_models, GEMEENTE, periods, date(2027, 6, 1))
    assert [d.youth_id for d in later] == [LEFT, HOUSED_LATER]


async def test_a_hold_shows_and_a_declaration_names_who_confirmed(pool, read_models):
    """Held: on the list with its day. Approved and erased: declared, with the domains' word."""
    schema = read_models
    await pool.execute(
        f"UPDATE {schema}.youth_summaries SET destruction_held_on = $2 WHERE youth_id = $1",
        LEFT, date(2026, 4, 1),
    )  # fmt: skip
    [due] = await destruction_list(pool, schema, GEMEENTE, RetentionPeriods({GEMEENTE: 7}), TODAY)
    assert (due.youth_id, due.held_on) == (LEFT, date(2026, 4, 1))

    await pool.execute(
        f"UPDATE {schema}.youth_summaries SET status = 'vernietigd', destruction_held_on = NULL,"
        " destruction_approved_on = $2, destruction_approved_by = 'archivaris-1', erased_on = $2"
        " WHERE youth_id = $1",
        LEFT, date(2026, 5, 1),
    )  # fmt: skip
    for domain, minutes in (("housing", 5), ("debts", 2)):
        await pool.execute(
            f"INSERT INTO {schema}.erasure_confirmations VALUES ($1, $2, $3, $4,"
            " timestamptz '2026-05-01 10:00+02' + make_interval(mins => $5))",
            LEFT, domain, GEMEENTE, date(2026, 5, 1), minutes,
        )  # fmt: skip
    [declared] = await declarations(pool, schema, GEMEENTE)
    assert (declared.youth_id, declared.approved_by, declared.erased_on) == (
        LEFT, "archivaris-1", date(2026, 5, 1),
    )  # fmt: skip
    assert declared.confirmed_by == ["debts", "housing"]
    assert {d: at.isoformat() for d, at in declared.confirmed_at.items()} == {
        "debts": "2026-05-01T08:02:00+00:00", "housing": "2026-05-01T08:05:00+00:00",
    }  # fmt: skip
    assert declared.last_confirmed_at == declared.confirmed_at["housing"]
    assert (
        await destruction_list(pool, schema, GEMEENTE, RetentionPeriods({GEMEENTE: 7}), TODAY) == []
    )
    assert await declarations(pool, schema, "0518") == []
