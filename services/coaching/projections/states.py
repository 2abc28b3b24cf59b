"""The `coaching_states` read model: phase, goals, outcomes and relapse per young person.

Plus `coaching_assignments`, the active coach of each kind, for caseloads. Codes, dates and
counts only: goal texts, scan notes and the kind of care stay sealed in the events.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from shared.migrations import checked_schema

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
# type -> (SET clause, data keys for $3..): $1 youth, $2 stream version
_UPDATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "coaching-phase-started": ("phase = $3, phase_since = $4::date", ("phase", "started_on")),
    "goal-set": ("open_goals = open_goals + 1", ()),
    "goal-achieved": ("open_goals = open_goals - 1, goals_achieved = goals_achieved + 1", ()),
    "goal-dropped": ("open_goals = open_goals - 1", ()),
    "future-conversation-held": (
        "conversations = conversations + 1, perspective = $3",
        ("perspective",),
    ),
    "match-made": ("match_kind = $3", ("kind",)),
    "education-started": ("education_started_on = $3::date", ("started_on",)),
    "work-started": ("work_started_on = $3::date", ("started_on",)),
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
        """One or two statements per event, in stream order."""
        for event in events:
            name = event.name_and_version[0].rsplit(".", 1)[-1]
            youth, data = uuid.UUID(event.subject), event.data
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
                continue
            if name not in _UPDATES:
                continue
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


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _value(key: str, value: Any) -> Any:  # noqa: ANN401 - a JSON value
    """Dates arrive as ISO text; the database wants them as dates."""
    return _day(value) if key.endswith("_on") and isinstance(value, str) else value
