"""What the coaching lists show: a coach's caseload, the phases, outcomes and relapse."""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from services.coaching.domain.vocabulary import PHASES
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from asyncpg.pool import Pool

NO_PHASE = "geen_fase"


class CaseloadItem(BaseModel):
    """One young person a coach works with."""

    youth_id: uuid.UUID
    kind: str
    from_on: date
    phase: str | None
    phase_since: date | None
    open_goals: int
    relapses: int
    last_relapse_on: date | None


class Outcomes(BaseModel):
    """Where coaching led, for the municipality: counts of young people.

    `work` to `care` count what was reached, once reached always; the `*_now` fields and the two
    education ends count what holds now, so work that ended no longer reads as work that runs.
    """

    active: int
    ended: int
    work: int
    work_after_bijstand: int
    education: int
    dagbesteding: int
    care: int
    relapsed: int
    relapses: int
    destinations: dict[str, int]
    in_work_now: int = Field(
        description="In work coaching recorded, and whose end coaching has not recorded."
    )
    in_education_now: int = Field(description="In an education that has not ended.")
    education_completed: int = Field(
        description="Whose last education was completed (a diploma or not); none runs now."
    )
    education_dropped_out: int = Field(
        description="Whose last education was left without finishing it; none runs now."
    )


async def caseload(pool: Pool, schema: str, gemeentecode: str, coach_id: str) -> list[CaseloadItem]:
    """The young people `coach_id` is the active coach of, longest in their phase first."""
    s = checked_schema(schema)
    rows = await pool.fetch(
        f"SELECT a.youth_id, a.kind, a.from_on, c.phase, c.phase_since, c.open_goals,"
        f" c.relapses, c.last_relapse_on FROM {s}.coaching_assignments a"
        f" JOIN {s}.coaching_states c USING (youth_id)"
        " WHERE a.coach_id = $1 AND c.gemeentecode = $2"
        " ORDER BY c.phase_since NULLS LAST, a.from_on, a.youth_id",
        coach_id,
        gemeentecode,
    )
    return [CaseloadItem(**dict(r)) for r in rows]


async def phase_distribution(pool: Pool, schema: str, gemeentecode: str) -> dict[str, int]:
    """Active young people per Rode loper phase; `geen_fase` for coaching without phases."""
    rows = await pool.fetch(
        f"SELECT coalesce(phase, '{NO_PHASE}') AS phase, count(*) AS n"
        f" FROM {checked_schema(schema)}.coaching_states"
        " WHERE gemeentecode = $1 AND status = 'actief' GROUP BY 1",
        gemeentecode,
    )
    counts = dict.fromkeys((*PHASES, NO_PHASE), 0)
    counts.update({r["phase"]: r["n"] for r in rows})
    return counts


async def outcomes(pool: Pool, schema: str, gemeentecode: str) -> Outcomes:
    """How many reached work, education, dagbesteding or care; how many relapsed.

    Work counts a job coaching recorded and a bijstand income ended for work alike (once per
    young person); `work_after_bijstand` counts the latter apart. In work now counts only work
    coaching recorded: of a bijstand ended for work coaching learns no end.
    """
    s = checked_schema(schema)
    row = await pool.fetchrow(
        "SELECT count(*) FILTER (WHERE status = 'actief') AS active,"
        " count(*) FILTER (WHERE status = 'afgesloten') AS ended,"
        " count(*) FILTER (WHERE work_started_on IS NOT NULL"
        "   OR bijstand_ended_for_work_on IS NOT NULL) AS work,"
        " count(bijstand_ended_for_work_on) AS work_after_bijstand,"
        " count(education_started_on) AS education,"
        " count(daytime_activity_started_on) AS dagbesteding, count(care_referred_on) AS care,"
        " count(*) FILTER (WHERE relapses > 0) AS relapsed,"
        " coalesce(sum(relapses), 0)::integer AS relapses,"
        " count(*) FILTER (WHERE in_work) AS in_work_now,"
        " count(*) FILTER (WHERE education_standing = 'bezig') AS in_education_now,"
        " count(*) FILTER (WHERE education_standing = 'afgerond') AS education_completed,"
        " count(*) FILTER (WHERE education_standing = 'verlaten') AS education_dropped_out"
        f" FROM {s}.coaching_states WHERE gemeentecode = $1",
        gemeentecode,
    )
    destinations = await pool.fetch(
        f"SELECT destination, count(*) AS n FROM {s}.coaching_states"
        " WHERE gemeentecode = $1 AND destination IS NOT NULL GROUP BY 1 ORDER BY 1",
        gemeentecode,
    )
    assert row is not None  # noqa: S101 - an aggregate always yields a row
    return Outcomes(**dict(row), destinations={r["destination"]: r["n"] for r in destinations})
