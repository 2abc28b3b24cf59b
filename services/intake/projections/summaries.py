"""The `youth_summaries` read model: lists per municipality and per jongerenregisseur.

Fed by the projection runner from `intake.events` (exactly once, via its inbox). Each event
type maps to one SQL statement; the row's `version` is the stream version last applied.
"""

from __future__ import annotations

import uuid
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from services.intake.domain.toekomstgesprek import (
    PROGRAMME,
    Criterion,
    criterion,
    two_years_before,
)
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

_UPSERT = """
INSERT INTO {t} (youth_id, gemeentecode, status, programma, version{cols})
VALUES ($1, $2, $3, $4, $5{vals})
ON CONFLICT (youth_id) DO UPDATE SET status = EXCLUDED.status,
    programma = coalesce(EXCLUDED.programma, {t}.programma), version = EXCLUDED.version{sets}
"""

# type -> (status or None to keep, extra columns from data: column -> data key)
_CHANGES: dict[str, tuple[str | None, dict[str, str]]] = {
    "youth-referred": ("aangemeld", {"referred_on": "received_on"}),
    "youth-registered": (
        "ingeschreven",
        {"registered_on": "registered_on", "age_band": "age_band"},
    ),
    "self-reliance-assessed": (None, {"last_assessed_on": "assessed_on"}),
    "director-assigned": (None, {"director_id": "director_id"}),
    "future-plan-agreed": (None, {"plan_id": "plan_id"}),
    "age-band-changed": (None, {"age_band": "age_band"}),  # a birthday: the current band
    "personal-data-erased": ("vernietigd", {"erased_on": "erased_on"}),
    # The destruction list's decisions: a hold (until released) and the approval.
    "destruction-held": (None, {"destruction_held_on": "held_on"}),
    "destruction-approved": (
        None,
        {"destruction_approved_on": "approved_on", "destruction_approved_by": "approved_by"},
    ),
}


class Summary(BaseModel):
    """One young person in a list."""

    youth_id: uuid.UUID
    status: str
    programma: str | None
    age_band: str | None
    active_programmes: list[str]
    director_id: str | None
    plan_id: str | None
    registered_on: date | None
    last_assessed_on: date | None
    exited_on: date | None
    destination: str | None
    version: int
    toekomstgesprek: Criterion | None = Field(
        default=None,
        description="In the toekomstgesprek: whether its criterion (on bijstand for more than"
        " two years) is met, by what income told intake; absent for other programmes.",
    )


class SummaryPage(BaseModel):
    """A page of young people; pass `next_after` as `after` for the next page."""

    items: list[Summary]
    next_after: uuid.UUID | None


class YouthSummaries:
    """The projection; `name` is its consumer group and inbox key."""

    def __init__(self, schema: str, name: str = "intake-summaries") -> None:
        """Write into `schema`.youth_summaries."""
        self.name = name
        self.table = f"{checked_schema(schema)}.youth_summaries"

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One statement per event, in order: a young person's events arrive in stream order.

        A run of events with the same statement (a batch of registrations) goes as one
        `executemany`, which asyncpg sends in one round trip and applies in order.
        """
        statements = [self._statement(event) for event in events]
        for sql, run in groupby(statements, key=itemgetter(0)):
            rows = [args for _, args in run]
            if len(rows) == 1:
                await conn.execute(sql, *rows[0])
            else:
                await conn.executemany(sql, rows)

    def _statement(self, event: CloudEvent) -> tuple[str, tuple[Any, ...]]:
        """The event's SQL and its arguments."""
        name = event.name_and_version[0].rsplit(".", 1)[-1]
        youth = uuid.UUID(event.subject)
        data = event.data
        if name == "programme-enrolled":
            sql = (
                f"UPDATE {self.table} SET active_programmes = array_append(array_remove("
                "active_programmes, $2), $2), version = $3 WHERE youth_id = $1"
            )
            return sql, (youth, data["programma"], event.streamversion)
        if name == "programme-exited":
            sql = (
                f"UPDATE {self.table} SET active_programmes = array_remove(active_programmes, $2),"
                " exited_on = $3::date, destination = $4, version = $5 WHERE youth_id = $1"
            )
            exit_on = _day(data["exit_on"])
            return sql, (
                youth,
                data["programma"],
                exit_on,
                data["destination"],
                event.streamversion,
            )
        if name == "destruction-released":
            sql = (
                f"UPDATE {self.table} SET destruction_held_on = NULL, version = $2"
                " WHERE youth_id = $1"
            )
            return sql, (youth, event.streamversion)
        if name in _CHANGES:
            return self._upsert(youth, name, event)
        return (
            f"UPDATE {self.table} SET version = $2 WHERE youth_id = $1",
            (youth, event.streamversion),
        )

    def _upsert(
        self, youth: uuid.UUID, name: str, event: CloudEvent
    ) -> tuple[str, tuple[Any, ...]]:
        status, columns = _CHANGES[name]
        values: list[Any] = [_cast(col, event.data.get(key)) for col, key in columns.items()]
        cols = "".join(f", {col}" for col in columns)
        vals = "".join(f", ${n}" for n in range(6, 6 + len(columns)))
        sets = "".join(f", {col} = EXCLUDED.{col}" for col in columns)
        sql = _UPSERT.format(t=self.table, cols=cols, vals=vals, sets=sets)
        if not status:  # keep the status the row has
            sql = sql.replace("status = EXCLUDED.status", f"status = {self.table}.status")
        return sql, (
            youth, event.gemeentecode, status or "onbekend", event.programma,
            event.streamversion, *values,
        )  # fmt: skip


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _cast(column: str, value: Any) -> Any:  # noqa: ANN401 - a JSON value
    return _day(value) if column.endswith("_on") and isinstance(value, str) else value


async def summaries(  # noqa: PLR0913 - a query's parameters
    pool: Pool,
    schema: str,
    gemeentecode: str,
    *,
    limit: int,
    after: uuid.UUID | None,
    today: date,
    director_id: str | None = None,
    criterion_not_met: bool = False,
) -> SummaryPage:
    """A page of a municipality's young people (or one director's), ordered by id.

    `criterion_not_met`: only those in the toekomstgesprek whose criterion is not known to be
    met (not met, or unknown), as domain/toekomstgesprek.py decides it.
    """
    schema = checked_schema(schema)
    rows = await pool.fetch(
        "SELECT s.youth_id, s.status, s.programma, s.age_band, s.active_programmes,"
        " s.director_id, s.plan_id, s.registered_on, s.last_assessed_on, s.exited_on,"
        " s.destination, s.version, i.open AS income_open, i.since AS income_since"
        f" FROM {schema}.youth_summaries s LEFT JOIN {schema}.youth_involvement i"
        "   ON i.youth_id = s.youth_id AND i.domain = 'income' AND i.gemeentecode = s.gemeentecode"
        " WHERE s.gemeentecode = $1 AND ($2::uuid IS NULL OR s.youth_id > $2)"
        " AND ($3::text IS NULL OR s.director_id = $3)"
        " AND (NOT $5 OR ($6 = ANY(s.active_programmes)"
        "   AND NOT coalesce(i.open AND i.since < $7, false)))"
        " ORDER BY s.youth_id LIMIT $4",
        gemeentecode, after, director_id, limit, criterion_not_met, PROGRAMME,
        two_years_before(today),
    )  # fmt: skip
    items = [_summary(dict(r), today) for r in rows]
    return SummaryPage(items=items, next_after=items[-1].youth_id if len(items) == limit else None)


def _summary(row: dict[str, Any], today: date) -> Summary:
    """The row, with the toekomstgesprek's criterion for a young person in it."""
    income_open, since = row.pop("income_open"), row.pop("income_since")
    if PROGRAMME in row["active_programmes"]:
        row["toekomstgesprek"] = criterion(today, income_open=income_open, since=since)
    return Summary(**row)
