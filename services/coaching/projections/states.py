"""The `coaching_states` read model: phase, goals, outcomes and relapse per young person.

Plus `coaching_assignments`, the active coach of each kind, for caseloads. Codes, dates and
counts only: goal texts, scan notes and the kind of care stay sealed in the events.

What holds now stands beside what was reached: `in_work` and `education_standing` follow the
starts and ends in event order (an end and a new start may fall on one day), while the start
dates stay as the outcomes reached.

It also reads income's topic for one fact: a bijstand ended for work (`benefit-ended`, reason
`werk`) is work on coaching's outcomes (issue 21), also for a young person coaching never
coached (a row with status `geen`, which no caseload, phase or active count includes).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.migrations import checked_schema, directory_migrations
from shared.projection import ProjectionSpec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

# A coach assigned while no coaching runs opens a new period: the phase starts afresh.
_ASSIGNED = """
INSERT INTO {t} (youth_id, gemeentecode, status, started_on, version)
VALUES ($1, $2, 'actief', $3, $4)
ON CONFLICT (youth_id) DO UPDATE SET
    started_on = CASE WHEN {t}.status = 'actief' THEN {t}.started_on ELSE $3 END,
    phase = CASE WHEN {t}.status = 'actief' THEN {t}.phase END,
    phase_since = CASE WHEN {t}.status = 'actief' THEN {t}.phase_since END,
    match_kind = CASE WHEN {t}.status = 'actief' THEN {t}.match_kind END,
    ended_on = NULL, end_reason = NULL, destination = NULL,
    status = 'actief', version = $4
"""
_ASSIGNMENT = """
INSERT INTO {t} (youth_id, kind, coach_id, from_on) VALUES ($1, $2, $3, $4)
ON CONFLICT (youth_id, kind) DO UPDATE SET coach_id = $3, from_on = $4
"""
# A phase started while no coaching runs opens a period too (Rode loper before its coach).
_PHASE_STARTED = """
INSERT INTO {t} (youth_id, gemeentecode, status, started_on, phase, phase_since, version)
VALUES ($1, $2, 'actief', $4, $3, $4, $5)
ON CONFLICT (youth_id) DO UPDATE SET
    started_on = CASE WHEN {t}.status = 'actief' THEN {t}.started_on ELSE $4 END,
    match_kind = CASE WHEN {t}.status = 'actief' THEN {t}.match_kind END,
    ended_on = NULL, end_reason = NULL, destination = NULL,
    phase = $3, phase_since = $4, status = 'actief', version = $5
"""
# Awaiting a coach: Rode loper runs (a phase) and no Rode loper coach is assigned.
_AWAITING = """
UPDATE {t} SET awaiting_coach = (status = 'actief' AND phase IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM {a} WHERE youth_id = $1 AND kind = 'rodeloper_coach'))
WHERE youth_id = $1
"""
# Income's one fact here; a young person without coaching gets a row that is not `actief`.
BIJSTAND_ENDED = "nl.regie.income.benefit-ended"
_ENDED_FOR_WORK = """
INSERT INTO {t} (youth_id, gemeentecode, status, version, bijstand_ended_for_work_on)
VALUES ($1, $2, 'geen', 0, $3)
ON CONFLICT (youth_id) DO UPDATE SET bijstand_ended_for_work_on = $3
"""
_AFFECTS_AWAITING = frozenset({"coach-assigned", "coaching-phase-started", "coaching-ended"})
# type -> (SET clause, data keys for $3..): $1 youth, $2 stream version
_UPDATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "goal-set": ("open_goals = open_goals + 1", ()),
    "goal-achieved": ("open_goals = open_goals - 1, goals_achieved = goals_achieved + 1", ()),
    "goal-dropped": ("open_goals = open_goals - 1", ()),
    "future-conversation-held": (
        "conversations = conversations + 1, perspective = $3",
        ("perspective",),
    ),
    "match-made": ("match_kind = $3", ("kind",)),
    "education-started": (
        "education_started_on = $3::date, education_standing = 'bezig'",
        ("started_on",),
    ),
    "education-completed": (
        "education_standing = 'afgerond', education_ended_on = $3::date",
        ("graduated_on",),
    ),
    "education-dropped": (
        "education_standing = 'verlaten', education_ended_on = $3::date",
        ("left_on",),
    ),
    "work-started": ("work_started_on = $3::date, in_work = true", ("started_on",)),
    "work-ended": ("in_work = false, work_ended_on = $3::date", ("ended_on",)),
    "daytime-activity-started": ("daytime_activity_started_on = $3::date", ("started_on",)),
    "care-referred": ("care_referred_on = $3::date", ("referred_on",)),
    "relapse-signalled": (
        "relapses = relapses + 1, last_relapse_on = $3::date",
        ("signalled_on",),
    ),
    "coaching-ended": (
        (
            "status = 'afgesloten', phase = NULL, phase_since = NULL, ended_on = $3::date,"
            " end_reason = $4, destination = $5"
        ),
        ("ended_on", "reason", "destination"),
    ),
}


class CoachingStates:
    """The projection; `name` is its consumer group and inbox key."""

    def __init__(self, schema: str, name: str = "coaching-states") -> None:
        """Write into `schema`.coaching_states and `schema`.coaching_assignments."""
        self.name = name
        schema = checked_schema(schema)
        self.table = f"{schema}.coaching_states"
        self.assignments = f"{schema}.coaching_assignments"

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """A few statements per event, in stream order."""
        for event in events:
            if event.name_and_version[0].startswith("nl.regie.income."):
                await self._income(conn, event)
                continue
            name = event.name_and_version[0].rsplit(".", 1)[-1]
            await self._apply_one(conn, name, event)
            if name in _AFFECTS_AWAITING:
                await conn.execute(
                    _AWAITING.format(t=self.table, a=self.assignments), uuid.UUID(event.subject)
                )

    async def _income(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        """A bijstand ended for work; every other income event passes by."""
        if event.name_and_version[0] != BIJSTAND_ENDED or event.data.get("reason") != "werk":
            return
        await conn.execute(
            _ENDED_FOR_WORK.format(t=self.table),
            uuid.UUID(event.subject), event.gemeentecode, _day(event.data["ended_on"]),
        )  # fmt: skip

    async def _apply_one(self, conn: PoolConnectionProxy, name: str, event: CloudEvent) -> None:
        """The event's own statements; `awaiting_coach` follows in `apply`."""
        youth, data = uuid.UUID(event.subject), event.data
        if name == "coaching-phase-started":
            await conn.execute(
                _PHASE_STARTED.format(t=self.table),
                youth, event.gemeentecode, data["phase"], _day(data["started_on"]),
                event.streamversion,
            )  # fmt: skip
            return
        if name == "coach-assigned":
            from_on = _day(data["from_on"])
            await conn.execute(
                _ASSIGNED.format(t=self.table),
                youth, event.gemeentecode, from_on, event.streamversion,
            )  # fmt: skip
            await conn.execute(
                _ASSIGNMENT.format(t=self.assignments),
                youth, data["kind"], data["coach_id"], from_on,
            )  # fmt: skip
            return
        if name not in _UPDATES:
            return
        clause, keys = _UPDATES[name]
        values: list[Any] = [_value(k, data.get(k)) for k in keys]
        await self._ensure_row(conn, youth, event)
        await conn.execute(
            f"UPDATE {self.table} SET {clause}, version = $2 WHERE youth_id = $1",
            youth, event.streamversion, *values,
        )  # fmt: skip
        if name == "coaching-ended":
            await conn.execute(f"DELETE FROM {self.assignments} WHERE youth_id = $1", youth)

    async def _ensure_row(
        self, conn: PoolConnectionProxy, youth: uuid.UUID, ev: CloudEvent
    ) -> None:
        """The rules put a coach first; a row anyway, so no fact is lost if history says else."""
        await conn.execute(
            f"INSERT INTO {self.table} (youth_id, gemeentecode, status, version)"
            " VALUES ($1, $2, 'actief', $3) ON CONFLICT (youth_id) DO NOTHING",
            youth, ev.gemeentecode, ev.streamversion,
        )  # fmt: skip


MIGRATIONS = Path(__file__).parents[1] / "migrations"


def states_spec(schema: str, group: str) -> ProjectionSpec:
    """Coaching states and coaches, declared once: the app's runner and `rebuild states` read this.

    Every row is one young person's (`youth_id`, the events' subject), so a rebuild re-checks
    only the young people whose events arrived while it verified.
    """
    return ProjectionSpec(
        name="states",
        schema=schema,
        consumer=group,
        domains=("coaching", "income"),
        migrations=tuple(directory_migrations(MIGRATIONS)),
        tables=("coaching_states", "coaching_assignments"),
        build=lambda target: CoachingStates(target, group),
        subject_column="youth_id",
    )


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _value(key: str, value: Any) -> Any:  # noqa: ANN401 - a JSON value
    """Dates arrive as ISO text; the database wants them as dates."""
    return _day(value) if key.endswith("_on") and isinstance(value, str) else value
