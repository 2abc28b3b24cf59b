"""The `housing_situations` read model: who is homeless now, checklists, days to housed.

No addresses or amounts (they stay sealed in the events). One SQL statement per event type.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from shared.migrations import checked_schema, directory_migrations
from shared.projection import ProjectionSpec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

# type -> (SET clause, data keys for $3..): $1 youth, $2 stream version
_UPDATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "postal-address-arranged": (
        "postal_address_on = coalesce(postal_address_on, $3::date)",
        ("arranged_on",),
    ),
    "shelter-admitted": (
        "status = 'in_opvang', shelter_type = $3::text, roof_on = coalesce(roof_on, $4::date)",
        ("shelter_type", "admitted_on"),
    ),
    "shelter-left": ("status = 'dakloos', shelter_type = NULL", ()),
    "housing-plan-agreed": ("plan_agreed_on = $3::date", ("agreed_on",)),
    "housed": (
        (
            "status = 'gehuisvest', shelter_type = NULL, housed_on = $3::date,"
            " housed_form = $4::text, days_homeless = $5::integer,"
            " roof_on = coalesce(roof_on, $3::date)"
        ),
        ("from_on", "form", "days_homeless"),
    ),
    "eviction-threatened": ("eviction_stage = 'dreigt'", ()),
    "eviction-prevented": ("eviction_stage = 'voorkomen'", ()),
    "evicted": ("status = 'beeindigd', eviction_stage = 'uitgezet'", ()),
    "housing-ended": ("status = 'beeindigd'", ()),
}
_OPEN_EPISODE = """
INSERT INTO {t} (youth_id, gemeentecode, status, situation, homeless_since, registered_on,
                 first_week_due, plan_due, version)
VALUES ($1, $2, 'dakloos', $3, $4, $5, $6, $7, $8)
ON CONFLICT (youth_id) DO UPDATE SET status = 'dakloos', situation = $3, homeless_since = $4,
    registered_on = $5, first_week_due = $6, plan_due = $7, roof_on = NULL,
    postal_address_on = NULL, plan_agreed_on = NULL, shelter_type = NULL, housed_on = NULL,
    housed_form = NULL, days_homeless = NULL, version = $8
"""


class Situation(BaseModel):
    """One young person's housing situation in a list."""

    youth_id: uuid.UUID
    status: str
    situation: str | None
    homeless_since: date | None
    days_homeless: int | None
    first_week_due: date | None
    plan_due: date | None
    roof_on: date | None
    postal_address_on: date | None
    plan_agreed_on: date | None
    shelter_type: str | None
    housed_on: date | None
    eviction_stage: str | None
    breaches: list[str]


class HousingSituations:
    """The projection; `name` is its consumer group and inbox key."""

    def __init__(self, schema: str, name: str = "housing-situations") -> None:
        """Write into `schema`.housing_situations."""
        self.name = name
        self.table = f"{checked_schema(schema)}.housing_situations"

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One statement per event, in stream order."""
        for event in events:
            name = event.name_and_version[0].rsplit(".", 1)[-1]
            youth = uuid.UUID(event.subject)
            if name == "homelessness-registered":
                d = event.data
                await conn.execute(
                    _OPEN_EPISODE.format(t=self.table), youth, event.gemeentecode,
                    d["situation"], *(_day(d[k]) for k in (
                        "since", "registered_on", "first_week_due", "plan_due")),
                    event.streamversion,
                )  # fmt: skip
            elif name in _UPDATES:
                clause, keys = _UPDATES[name]
                values: list[Any] = [_value(k, event.data.get(k)) for k in keys]
                await self._ensure_row(conn, youth, event)
                await conn.execute(
                    f"UPDATE {self.table} SET {clause}, version = $2 WHERE youth_id = $1",
                    youth, event.streamversion, *values,
                )  # fmt: skip

    async def _ensure_row(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, ev: CloudEvent
    ) -> None:
        """Housing facts may come before (or without) homelessness, e.g. an eviction threat."""
        await conn.execute(
            f"INSERT INTO {self.table} (youth_id, gemeentecode, status, version)"
            " VALUES ($1, $2, 'onbekend', $3) ON CONFLICT (youth_id) DO NOTHING",
            youth, ev.gemeentecode, ev.streamversion,
        )  # fmt: skip


MIGRATIONS = Path(__file__).parents[1] / "migrations"


def situations_spec(schema: str, group: str) -> ProjectionSpec:
    """The housing situations, declared once: the app's runner and `rebuild situations` read this.

    Every row is one young person's (`youth_id`, the events' subject), so a rebuild re-checks
    only the young people whose events arrived while it verified.
    """
    return ProjectionSpec(
        name="situations",
        schema=schema,
        consumer=group,
        domains=("housing",),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("housing_situations",),
        build=lambda target: HousingSituations(target, group),
        subject_column="youth_id",
    )


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _value(key: str, value: Any) -> Any:  # noqa: ANN401 - a JSON value
    """Dates arrive as ISO text; the database wants them as dates."""
    return _day(value) if key.endswith("_on") and isinstance(value, str) else value


_COLUMNS = (
    "youth_id, status, situation, homeless_since, days_homeless, first_week_due, plan_due,"
    " roof_on, postal_address_on, plan_agreed_on, shelter_type, housed_on, eviction_stage"
)


def breaches(row: dict[str, Any], today: date) -> list[str]:
    """The Actieprogramma's deadlines missed: roof and postal address in a week, plan in six."""
    found = []
    checks = (
        ("eerste_week_dak", "first_week_due", "roof_on"),
        ("eerste_week_briefadres", "first_week_due", "postal_address_on"),
        ("zes_weken_plan", "plan_due", "plan_agreed_on"),
    )
    for label, due_key, done_key in checks:
        due, done = row[due_key], row[done_key]
        if due is not None and ((done is None and due < today) or (done and done > due)):
            found.append(label)
    return found


async def situations(
    pool: Pool, schema: str, gemeentecode: str, today: date, *, homeless_only: bool
) -> list[Situation]:
    """The municipality's young people (or only the homeless ones, with days since)."""
    rows = await pool.fetch(
        f"SELECT {_COLUMNS} FROM {checked_schema(schema)}.housing_situations"
        " WHERE gemeentecode = $1 AND (NOT $2 OR status IN ('dakloos', 'in_opvang'))"
        " ORDER BY homeless_since NULLS LAST, youth_id",
        gemeentecode,
        homeless_only,
    )
    result = []
    for row in rows:
        data = dict(row)
        if data["status"] in {"dakloos", "in_opvang"} and data["homeless_since"]:
            data["days_homeless"] = (today - data["homeless_since"]).days
        result.append(Situation(**data, breaches=breaches(data, today)))
    return result
