"""Who works with a young person, and what their domains did for the toekomstplan's goals.

Intake alone opens the plan's goal texts, so intake decides who reads the plan; a domain
worker may read it only while their domain has an open trajectory with the young person. Intake
learns that, as the domains learn registrations from intake's topic (shared/tenancy), from the
domains' own topics: no synchronous call, no domain table read.

- `youth_involvement`: per young person and domain, whether a trajectory is open (debts: help
  requested and the trajectory not ended; housing: homelessness or an eviction threat
  registered and housing not ended; coaching: a coach assigned, a phase or a goal started and
  coaching not ended; income: bijstand applied for, and neither refused nor ended), and since
  when (for income the grant's first paid day once granted). The destruction list counts care
  as ended only when every domain's trajectory is.
- `erasure_confirmations`: per young person and domain, when the domain confirmed an erasure
  (its `erasure-confirmed`), for the declaration of destruction.
- `plan_goal_progress`: per domain item that names a plan goal (`plan_goal_id` on coaching's
  `goal-set`, debts' `debt-help-requested`, housing's `housing-plan-agreed`), its status code.

Each event changes only its own subject's rows; rows carry the municipality of the event.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from shared.life_domains import life_domain_names
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

# Every life domain but intake, from shared/life_domains.py: intake reads each one's topic, and
# each names below what opens and closes its trajectory (the roster test fails until it does).
DOMAINS = tuple(name for name in life_domain_names() if name != "intake")

# type -> (open or close the domain's trajectory, the event's date field)
_TRAJECTORY: dict[str, tuple[bool, str]] = {
    "nl.regie.debts.debt-help-requested": (True, "requested_on"),
    "nl.regie.debts.debt-trajectory-ended": (False, "ended_on"),
    "nl.regie.housing.homelessness-registered": (True, "registered_on"),
    "nl.regie.housing.eviction-threatened": (True, "signalled_on"),
    "nl.regie.housing.housing-ended": (False, "ended_on"),
    "nl.regie.coaching.coach-assigned": (True, "from_on"),
    "nl.regie.coaching.coaching-phase-started": (True, "started_on"),
    "nl.regie.coaching.goal-set": (True, "set_on"),
    "nl.regie.coaching.coaching-ended": (False, "ended_on"),
    "nl.regie.income.benefit-applied": (True, "applied_on"),
    "nl.regie.income.benefit-refused": (False, "refused_on"),
    "nl.regie.income.benefit-ended": (False, "ended_on"),
}

# type -> the day an open trajectory really began, once known: bijstand is paid from the
# grant's first day, after the search period of an applicant under 27, not from the
# application (the toekomstgesprek's criterion counts from it: domain/toekomstgesprek.py).
_BEGAN: dict[str, str] = {"nl.regie.income.benefit-granted": "from_on"}

# A domain's confirmation that it destroyed its key (shared/subject_rights.py), any domain.
_ERASURE_CONFIRMED = ".erasure-confirmed"

# type -> (the item's id field, or a fixed item id; its status code; the date field). The
# event that names the plan goal starts the item; the others move an item already started.
_STARTS: dict[str, tuple[str, str, str]] = {
    "nl.regie.coaching.goal-set": ("goal_id", "gesteld", "set_on"),
    "nl.regie.debts.debt-help-requested": ("trajectory_id", "loopt", "requested_on"),
    "nl.regie.housing.housing-plan-agreed": ("=woonplan", "afgesproken", "agreed_on"),
}
_MOVES: dict[str, tuple[str, str, str]] = {
    "nl.regie.coaching.goal-achieved": ("goal_id", "bereikt", "achieved_on"),
    "nl.regie.coaching.goal-dropped": ("goal_id", "vervallen", "dropped_on"),
    "nl.regie.debts.debts-settled": ("trajectory_id", "schuldenvrij", "settled_on"),
    "nl.regie.debts.debt-trajectory-ended": ("trajectory_id", "beeindigd", "ended_on"),
    "nl.regie.housing.housed": ("=woonplan", "gehuisvest", "from_on"),
    "nl.regie.housing.housing-ended": ("=woonplan", "beeindigd", "ended_on"),
}


@dataclass(frozen=True)
class Progress:
    """What one domain did for a plan goal: its item and that item's latest status code."""

    plan_goal_id: str
    domain: str
    item_id: str
    status: str
    status_on: date | None


class Involvement:
    """The projection over the domains' topics; apply it only to their events."""

    def __init__(self, schema: str) -> None:
        """Write into `schema`'s involvement tables."""
        schema = checked_schema(schema)
        self.involvement = f"{schema}.youth_involvement"
        self.progress = f"{schema}.plan_goal_progress"
        self.confirmations = f"{schema}.erasure_confirmations"

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One or two statements per event, in order (each young person's arrive in order)."""
        for event in events:
            type_name = event.name_and_version[0]
            youth = _youth_id(event.subject)
            if youth is None:
                continue
            if type_name.endswith(_ERASURE_CONFIRMED):
                await self._confirmed(conn, youth, type_name, event)
            if type_name in _TRAJECTORY:
                await self._trajectory(conn, youth, type_name, event)
            elif type_name in _BEGAN:
                await self._began(conn, youth, type_name, event)
            if type_name in _STARTS:
                await self._start(conn, youth, type_name, event)
            elif type_name in _MOVES:
                await self._move(conn, youth, type_name, event)

    async def _trajectory(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, type_name: str, event: CloudEvent
    ) -> None:
        opens, day_field = _TRAJECTORY[type_name]
        await conn.execute(
            f"INSERT INTO {self.involvement} (youth_id, domain, gemeentecode, open, since)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (youth_id, domain) DO UPDATE SET"
            f" open = EXCLUDED.open, since = CASE WHEN {self.involvement}.open = EXCLUDED.open"
            f" THEN {self.involvement}.since ELSE EXCLUDED.since END",
            youth, _domain(type_name), event.gemeentecode, opens, _day(event.data.get(day_field)),
        )  # fmt: skip

    async def _began(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, type_name: str, event: CloudEvent
    ) -> None:
        """The open trajectory's `since` moves to the day it really began."""
        await conn.execute(
            f"UPDATE {self.involvement} SET since = $3"
            " WHERE youth_id = $1 AND domain = $2 AND open AND $3::date IS NOT NULL",
            youth, _domain(type_name), _day(event.data.get(_BEGAN[type_name])),
        )  # fmt: skip

    async def _confirmed(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, type_name: str, event: CloudEvent
    ) -> None:
        """A domain destroyed its key: for the declaration of destruction."""
        await conn.execute(
            f"INSERT INTO {self.confirmations} (youth_id, domain, gemeentecode, erased_on,"
            " confirmed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (youth_id, domain) DO NOTHING",
            youth, _domain(type_name), event.gemeentecode, _day(event.data.get("erased_on")),
            event.time,
        )  # fmt: skip

    async def _start(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, type_name: str, event: CloudEvent
    ) -> None:
        plan_goal = event.data.get("plan_goal_id")
        if not isinstance(plan_goal, str) or not plan_goal:
            return
        item_field, status, day_field = _STARTS[type_name]
        await conn.execute(
            f"INSERT INTO {self.progress} (youth_id, domain, item_id, gemeentecode, plan_goal_id,"
            " status, status_on) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            " ON CONFLICT (youth_id, domain, item_id) DO UPDATE SET"
            " plan_goal_id = EXCLUDED.plan_goal_id, status = EXCLUDED.status,"
            " status_on = EXCLUDED.status_on",
            youth, _domain(type_name), _item(item_field, event.data), event.gemeentecode,
            plan_goal, status, _day(event.data.get(day_field)),
        )  # fmt: skip

    async def _move(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, type_name: str, event: CloudEvent
    ) -> None:
        item_field, status, day_field = _MOVES[type_name]
        await conn.execute(
            f"UPDATE {self.progress} SET status = $4, status_on = $5"
            " WHERE youth_id = $1 AND domain = $2 AND item_id = $3",
            youth, _domain(type_name), _item(item_field, event.data), status,
            _day(event.data.get(day_field)),
        )  # fmt: skip


async def open_domains(pool: Pool, schema: str, youth_id: uuid.UUID, gemeentecode: str) -> set[str]:
    """The domains with an open trajectory for this young person of this municipality."""
    rows = await pool.fetch(
        f"SELECT domain FROM {checked_schema(schema)}.youth_involvement"
        " WHERE youth_id = $1 AND gemeentecode = $2 AND open",
        youth_id, gemeentecode,
    )  # fmt: skip
    return {row["domain"] for row in rows}


async def open_since(
    pool: Pool, schema: str, youth_id: uuid.UUID, gemeentecode: str
) -> dict[str, date | None]:
    """The domains with an open trajectory, each with since when, in the domains' order."""
    rows = await pool.fetch(
        f"SELECT domain, since FROM {checked_schema(schema)}.youth_involvement"
        " WHERE youth_id = $1 AND gemeentecode = $2 AND open",
        youth_id, gemeentecode,
    )  # fmt: skip
    found = {row["domain"]: row["since"] for row in rows}
    return {d: found[d] for d in DOMAINS if d in found}


async def bijstand_of(
    pool: Pool, schema: str, youth_id: uuid.UUID, gemeentecode: str
) -> tuple[bool | None, date | None]:
    """Whether income's trajectory is open and since when; (None, None): nothing heard."""
    row = await pool.fetchrow(
        f"SELECT open, since FROM {checked_schema(schema)}.youth_involvement"
        " WHERE youth_id = $1 AND gemeentecode = $2 AND domain = 'income'",
        youth_id, gemeentecode,
    )  # fmt: skip
    return (None, None) if row is None else (row["open"], row["since"])


async def progress_of(
    pool: Pool, schema: str, youth_id: uuid.UUID, gemeentecode: str
) -> list[Progress]:
    """What the domains did for this young person's plan goals, by domain and item."""
    rows = await pool.fetch(
        "SELECT plan_goal_id, domain, item_id, status, status_on FROM"
        f" {checked_schema(schema)}.plan_goal_progress WHERE youth_id = $1 AND gemeentecode = $2"
        " ORDER BY domain, status_on NULLS LAST, item_id",
        youth_id, gemeentecode,
    )  # fmt: skip
    return [Progress(**dict(row)) for row in rows]


def _domain(type_name: str) -> str:
    return type_name.split(".")[2]


def _item(field: str, data: dict[str, Any]) -> str:
    """The item's id from the event, or the fixed one (housing has one plan at a time)."""
    return field[1:] if field.startswith("=") else str(data.get(field))


def _day(value: Any) -> date | None:  # noqa: ANN401 - a JSON value
    return date.fromisoformat(value) if isinstance(value, str) else None


def _youth_id(subject: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(subject)
    except ValueError:
        return None
