"""The benefits read model: who is on bijstand since when, under which norm, and the flows.

`income_benefits`: one row per young person (their current or last benefit), which the
toekomstgesprek selection (on bijstand longer than a period) and the distribution per situation
and norm read. `income_flows` (one row per granted benefit, ended or not) and
`income_allowances` (one per granted allowance): what the bijstand report counts. No amounts
(they stay sealed in the events). One SQL statement per event type and table.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from shared.figures.suppression import Figure  # noqa: TC001 - pydantic needs it at runtime
from shared.migrations import checked_schema, directory_migrations
from shared.projection import ProjectionSpec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

# type -> (SET clause, data keys for $3..): $1 youth, $2 stream version
_UPDATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "search-period-started": ("search = 'loopt', search_ends_on = $3::date", ("ends_on",)),
    "search-period-ended": ("search = 'beeindigd'", ()),
    "search-period-waived": ("search = 'vrijgesteld', waiver_reason = $3::text", ("reason",)),
    "benefit-granted": (
        "status = 'lopend', norm = $3::text, cost_sharers = $4::integer, since = $5::date",
        ("norm", "cost_sharers", "from_on"),
    ),
    "benefit-refused": (
        "status = 'afgewezen', refusal_reason = $3::text, decided_on = $4::date",
        ("reason", "refused_on"),
    ),
    "benefit-suspended": ("status = 'opgeschort'", ()),
    "benefit-resumed": ("status = 'lopend'", ()),
    "benefit-ended": (
        "status = 'beeindigd', end_reason = $3::text, decided_on = $4::date",
        ("reason", "ended_on"),
    ),
}
_APPLIED = """
INSERT INTO {t} (youth_id, gemeentecode, benefit_id, status, applied_on, search, version)
VALUES ($1, $2, $3, 'aangevraagd', $4, 'geen', $5)
ON CONFLICT (youth_id) DO UPDATE SET benefit_id = $3, status = 'aangevraagd', applied_on = $4,
    search = 'geen', search_ends_on = NULL, waiver_reason = NULL, norm = NULL,
    cost_sharers = NULL, since = NULL, decided_on = NULL, refusal_reason = NULL,
    end_reason = NULL, version = $5
"""
# The flows the bijstand report counts (one row per granted benefit, per granted allowance).
_FLOW_IN = """
INSERT INTO {t}_flows (benefit_id, youth_id, gemeentecode, from_on) VALUES ($1, $2, $3, $4)
ON CONFLICT (benefit_id) DO UPDATE SET from_on = $4
"""
_FLOW_OUT = "UPDATE {t}_flows SET ended_on = $2, end_reason = $3 WHERE benefit_id = $1"
_ALLOWANCE = """
INSERT INTO {t}_allowances (allowance_id, youth_id, gemeentecode, kind, granted_on)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT (allowance_id) DO NOTHING
"""
ON_BENEFIT = ("lopend", "opgeschort")


class Benefit(BaseModel):
    """One young person's benefit in a list: since when, under which norm; no amounts."""

    youth_id: uuid.UUID
    status: str
    norm: str | None
    cost_sharers: int | None
    since: date | None
    months_on_benefit: int | None


class Share(BaseModel):
    """How many young people stand in one situation under one norm ("<5", "x": protected)."""

    status: str
    norm: str | None
    count: Figure


class IncomeBenefits:
    """The projection; `name` is its consumer group and inbox key."""

    def __init__(self, schema: str, name: str = "income-benefits") -> None:
        """Write into `schema`.income_benefits."""
        self.name = name
        self.table = f"{checked_schema(schema)}.income_benefits"
        self.prefix = f"{checked_schema(schema)}.income"

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One statement per event, in stream order; allowances and work income pass by."""
        for event in events:
            name = event.name_and_version[0].rsplit(".", 1)[-1]
            youth, data = uuid.UUID(event.subject), event.data
            if name == "benefit-applied":
                await conn.execute(
                    _APPLIED.format(t=self.table), youth, event.gemeentecode,
                    uuid.UUID(data["benefit_id"]), date.fromisoformat(data["applied_on"]),
                    event.streamversion,
                )  # fmt: skip
            elif name in _UPDATES:
                clause, keys = _UPDATES[name]
                values = [_value(k, data.get(k)) for k in keys]
                await conn.execute(
                    f"UPDATE {self.table} SET {clause}, version = $2 WHERE youth_id = $1",
                    youth, event.streamversion, *values,
                )  # fmt: skip
            await self._flows(conn, name, youth, event)

    async def _flows(
        self, conn: PoolConnectionProxy, name: str, youth: uuid.UUID, event: CloudEvent
    ) -> None:
        """Inflow at a grant, outflow at an end, and each allowance granted."""
        data = event.data
        if name == "benefit-granted":
            await conn.execute(
                _FLOW_IN.format(t=self.prefix), uuid.UUID(data["benefit_id"]), youth,
                event.gemeentecode, date.fromisoformat(data["from_on"]),
            )  # fmt: skip
        elif name == "benefit-ended":
            await conn.execute(
                _FLOW_OUT.format(t=self.prefix), uuid.UUID(data["benefit_id"]),
                date.fromisoformat(data["ended_on"]), data["reason"],
            )  # fmt: skip
        elif name == "allowance-granted":
            await conn.execute(
                _ALLOWANCE.format(t=self.prefix), uuid.UUID(data["allowance_id"]), youth,
                event.gemeentecode, data["kind"], date.fromisoformat(data["granted_on"]),
            )  # fmt: skip


def _value(key: str, value: Any) -> Any:  # noqa: ANN401 - a JSON value
    """Dates arrive as ISO text; the database wants them as dates."""
    return date.fromisoformat(value) if key.endswith("_on") and isinstance(value, str) else value


MIGRATIONS = Path(__file__).parents[1] / "migrations"


def benefits_spec(schema: str, group: str) -> ProjectionSpec:
    """The benefits, declared once: the app's runner and `rebuild benefits` read this.

    Every row is one young person's (`youth_id`, the events' subject), so a rebuild re-checks
    only the young people whose events arrived while it verified.
    """
    return ProjectionSpec(
        name="benefits",
        schema=schema,
        consumer=group,
        domains=("income",),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("income_benefits", "income_flows", "income_allowances"),
        build=lambda target: IncomeBenefits(target, group),
        subject_column="youth_id",
    )


def whole_months(since: date, today: date) -> int:
    """Whole months from `since` to `today` (0 within the first month)."""
    months = (today.year - since.year) * 12 + today.month - since.month
    return max(0, months - (today.day < since.day))


async def on_benefit(
    pool: Pool, schema: str, gemeentecode: str, today: date, since_before: date | None
) -> list[Benefit]:
    """The municipality's young people on bijstand now; only those since before a day, if given."""
    rows = await pool.fetch(
        f"SELECT youth_id, status, norm, cost_sharers, since"
        f" FROM {checked_schema(schema)}.income_benefits"
        " WHERE gemeentecode = $1 AND status = ANY($2::text[])"
        " AND ($3::date IS NULL OR since < $3) ORDER BY since, youth_id",
        gemeentecode, list(ON_BENEFIT), since_before,
    )  # fmt: skip
    return [Benefit(**dict(row), months_on_benefit=_months(row["since"], today)) for row in rows]


def _months(since: date | None, today: date) -> int | None:
    return None if since is None else whole_months(since, today)


async def distribution(pool: Pool, schema: str, gemeentecode: str) -> list[Share]:
    """How many young people per situation (the benefit's status) and norm."""
    rows = await pool.fetch(
        f"SELECT status, norm, count(*) AS count FROM {checked_schema(schema)}.income_benefits"
        " WHERE gemeentecode = $1 GROUP BY status, norm ORDER BY status, norm NULLS FIRST",
        gemeentecode,
    )
    return [Share(**dict(row)) for row in rows]
