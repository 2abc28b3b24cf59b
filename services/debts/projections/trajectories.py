"""The `debt_trajectories` read model: open trajectories per municipality, Wgs deadlines.

It holds no amounts or creditors (those stay sealed in the events), so it needs no key and
reveals nothing after an erasure. One SQL statement per event type.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from shared.migrations import checked_schema, directory_migrations
from shared.projection import ProjectionSpec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

# type -> (SET clause, data keys for its $3.. parameters); $1 youth, $2 stream version
_UPDATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "first-conversation-held": ("first_conversation_on = $3::date", ("held_on",)),
    "debt-recorded": ("debt_count = debt_count + 1, phase = 'inventarisatie'", ()),
    "debt-inventory-completed": ("phase = 'schuldregeling'", ()),
    "counterpart-agreed": ("hours_agreed = $3::integer", ("hours",)),
    "counterpart-hours-logged": ("hours_done = hours_done + $3::integer", ("hours",)),
    "debt-taken-over-by-fund": ("phase = 'fonds'", ()),
    "write-off-revoked": ("status = 'open', phase = 'fonds'", ()),
    "debts-settled": ("status = 'schuldenvrij', phase = 'schuldenvrij'", ()),
    "debt-trajectory-ended": (
        "status = 'beeindigd', phase = 'beeindigd', ended_reason = $3::text",
        ("reason",),
    ),
    # A crisis flag moves the deadline forward: the deadline lists follow it.
    "trajectory-marked-crisis": (
        "crisis = true, first_conversation_due = $3::date",
        ("first_conversation_due",),
    ),
    # Recorded by the durable timer when the deadline passed: the fact, not a re-derivation.
    "first-conversation-deadline-missed": (
        "first_conversation_missed = true, first_conversation_missed_due = $3::date",
        ("first_conversation_due",),
    ),
}


class TrajectorySummary(BaseModel):
    """One trajectory in a list."""

    youth_id: uuid.UUID
    trajectory_id: uuid.UUID
    status: str
    phase: str
    crisis: bool
    requested_on: date
    first_conversation_due: date
    first_conversation_on: date | None
    # The timer recorded the deadline as missed, and the day it was due then.
    first_conversation_missed: bool = False
    first_conversation_missed_due: date | None = None
    debt_count: int
    hours_agreed: int
    hours_done: int
    ended_reason: str | None
    version: int


class DebtTrajectories:
    """The projection; `name` is its consumer group and inbox key."""

    def __init__(self, schema: str, name: str = "debts-trajectories") -> None:
        """Write into `schema`.debt_trajectories."""
        self.name = name
        self.table = f"{checked_schema(schema)}.debt_trajectories"

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One statement per event, in stream order."""
        for event in events:
            name = event.name_and_version[0].rsplit(".", 1)[-1]
            if name == "debt-help-requested":
                await self._opened(conn, event)
            elif name in _UPDATES:
                clause, keys = _UPDATES[name]
                values: list[Any] = [_value(k, event.data[k]) for k in keys]
                await conn.execute(
                    f"UPDATE {self.table} SET {clause}, version = $2 WHERE youth_id = $1",
                    uuid.UUID(event.subject),
                    event.streamversion,
                    *values,
                )

    async def _opened(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        data = event.data
        await conn.execute(
            f"INSERT INTO {self.table} (youth_id, gemeentecode, trajectory_id, status, phase,"
            " crisis, requested_on, first_conversation_due, version)"
            " VALUES ($1, $2, $3, 'open', 'aangemeld', $4, $5, $6, $7)"
            " ON CONFLICT (youth_id) DO UPDATE SET trajectory_id = $3, status = 'open',"
            " phase = 'aangemeld', crisis = $4, requested_on = $5, first_conversation_due = $6,"
            " first_conversation_on = NULL, debt_count = 0, hours_agreed = 0, hours_done = 0,"
            " ended_reason = NULL, first_conversation_missed = false,"
            " first_conversation_missed_due = NULL, version = $7",
            uuid.UUID(event.subject),
            event.gemeentecode,
            uuid.UUID(data["trajectory_id"]),
            data["crisis"],
            date.fromisoformat(data["requested_on"]),
            date.fromisoformat(data["first_conversation_due"]),
            event.streamversion,
        )


MIGRATIONS = Path(__file__).parents[1] / "migrations"


def trajectories_spec(schema: str, group: str) -> ProjectionSpec:
    """The debt trajectories, declared once: the app's runner and `rebuild trajectories` read this.

    Every row is one young person's (`youth_id`, the events' subject), so a rebuild re-checks
    only the young people whose events arrived while it verified.
    """
    return ProjectionSpec(
        name="trajectories",
        schema=schema,
        consumer=group,
        domains=("debts",),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("debt_trajectories",),
        build=lambda target: DebtTrajectories(target, group),
        subject_column="youth_id",
    )


def _value(key: str, value: Any) -> Any:  # noqa: ANN401 - a JSON value
    """Dates arrive as ISO text; the database wants them as dates."""
    return date.fromisoformat(value) if key.endswith(("_on", "_due")) else value


_COLUMNS = (
    "youth_id, trajectory_id, status, phase, crisis, requested_on, first_conversation_due,"
    " first_conversation_on, first_conversation_missed, first_conversation_missed_due,"
    " debt_count, hours_agreed, hours_done, ended_reason, version"
)


async def trajectories(
    pool: Pool, schema: str, gemeentecode: str, status: str | None, limit: int
) -> list[TrajectorySummary]:
    """The municipality's trajectories, optionally of one status, oldest request first."""
    rows = await pool.fetch(
        f"SELECT {_COLUMNS} FROM {checked_schema(schema)}.debt_trajectories"
        " WHERE gemeentecode = $1 AND ($2::text IS NULL OR status = $2)"
        " ORDER BY requested_on, youth_id LIMIT $3",
        gemeentecode,
        status,
        limit,
    )
    return [TrajectorySummary(**dict(r)) for r in rows]


async def deadlines_at_risk(
    pool: Pool, schema: str, gemeentecode: str, today: date
) -> list[TrajectorySummary]:
    """Open trajectories without a first conversation, due by tomorrow or already late.

    One recorded as missed is listed whatever its dates say now (the timer's fact), first.
    """
    rows = await pool.fetch(
        f"SELECT {_COLUMNS} FROM {checked_schema(schema)}.debt_trajectories"
        " WHERE gemeentecode = $1 AND status = 'open' AND first_conversation_on IS NULL"
        " AND (first_conversation_due <= $2 OR first_conversation_missed)"
        " ORDER BY first_conversation_missed DESC, first_conversation_due, youth_id",
        gemeentecode,
        today + timedelta(days=1),
    )
    return [TrajectorySummary(**dict(r)) for r in rows]
