"""Queries over the timeline read model: what the API returns."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel

if TYPE_CHECKING:
    from asyncpg.pool import Pool


class Entry(BaseModel):
    """One line of the consolidated timeline."""

    event_id: UUID
    occurred_at: datetime
    recorded_at: datetime
    domain: str
    event_type: str
    programma: str | None
    leefgebied: str | None
    phase: str | None
    headline: str
    grondslag: str | None
    vertrouwelijkheid: str | None
    stream_version: int


class Timeline(BaseModel):
    """A young person's timeline as one viewer may see it."""

    youth_id: str
    entries: list[Entry]


_COLUMNS = (
    "event_id, occurred_at, recorded_at, domain, event_type, programma, leefgebied, phase,"
    " headline, grondslag, vertrouwelijkheid, stream_version"
)


async def tenants_of(pool: Pool, schema: str, youth_id: str) -> set[str]:
    """The municipalities that hold entries for this young person (normally one)."""
    rows = await pool.fetch(
        f"SELECT DISTINCT gemeentecode FROM {schema}.entries WHERE youth_id = $1", youth_id
    )
    return {r["gemeentecode"] for r in rows}


async def timeline(
    pool: Pool, schema: str, youth_id: str, gemeentecode: str, domains: list[str] | None
) -> Timeline:
    """Entries in the order they happened; ties keep a stable order across reads."""
    rows = await pool.fetch(
        f"SELECT {_COLUMNS} FROM {schema}.entries"
        " WHERE youth_id = $1 AND gemeentecode = $2 AND ($3::text[] IS NULL OR domain = ANY($3))"
        " ORDER BY occurred_at, recorded_at, domain, stream_version, event_id",
        youth_id,
        gemeentecode,
        domains,
    )
    return Timeline(youth_id=youth_id, entries=[Entry(**dict(r)) for r in rows])
