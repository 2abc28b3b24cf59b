"""Outcomes that last: per enrolment cohort, how young people fare 6 and 12 months after exit.

Nazorg starts after the last programme exit (intake's `aftercare-started`, naming the last
programme left); its follow-ups are recorded with their outcome (`follow-up-recorded`) or
missed (`follow-up-missed`, a timer's). A recorded follow-up after a missed one replaces it.

The cohort is the month the young person first started in that programme. Per cohort and
programme, at 6 and at 12 months: followed up, missed, and of those followed up still housed,
in work or education, debt-free. Relapse within 12 months: a follow-up up to 12 months that
says so, or a relapse coaching signalled in the 12 months after the exit. By life domain it
is not counted here: the domains of a relapse are special-category data, sealed in intake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.timeline.reports.awaited import day_in
from services.timeline.reports.model import UNKNOWN
from services.timeline.reports.published import OutcomeFact, RelapseFact

if TYPE_CHECKING:
    from datetime import date

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

__all__ = ["LASTING_MONTHS", "LastingOutcomes", "lasting_outcomes"]

LASTING_MONTHS = (6, 12)
_STARTED = "nl.regie.intake.aftercare-started"
_RECORDED = "nl.regie.intake.follow-up-recorded"
_MISSED = "nl.regie.intake.follow-up-missed"


class LastingOutcomes:
    """The reports projection's part for nazorg: one statement per nazorg event."""

    def __init__(self, schema: str) -> None:
        """Write into `schema`.report_aftercare and report_follow_ups."""
        self._started = (
            f"INSERT INTO {schema}.report_aftercare (youth_id, started_on, gemeentecode,"
            " programma) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
        )
        self._recorded = (
            f"INSERT INTO {schema}.report_follow_ups (youth_id, started_on, month, recorded,"
            " still_housed, work_or_education, debt_free, relapsed)"
            " VALUES ($1, $2, $3, true, $4, $5, $6, $7)"
            " ON CONFLICT (youth_id, started_on, month) DO UPDATE SET recorded = true,"
            " still_housed = EXCLUDED.still_housed,"
            " work_or_education = EXCLUDED.work_or_education,"
            " debt_free = EXCLUDED.debt_free, relapsed = EXCLUDED.relapsed"
        )
        # The missed one belongs to the young person's latest nazorg; a record wins over it.
        self._missed = (
            f"INSERT INTO {schema}.report_follow_ups (youth_id, started_on, month, recorded)"
            f" SELECT $1, max(started_on), $2, false FROM {schema}.report_aftercare"
            "  WHERE youth_id = $1 HAVING max(started_on) IS NOT NULL"
            " ON CONFLICT (youth_id, started_on, month) DO NOTHING"
        )

    async def apply(self, conn: PoolConnectionProxy, event: CloudEvent) -> None:
        """Keep what a nazorg event says; other events pass by."""
        name, data, youth = event.name_and_version[0], event.data, event.subject
        month = data.get("month")
        if name == _STARTED:
            started = day_in(data, "started_on")
            if started is not None:
                programma = str(data.get("programma") or UNKNOWN)
                await conn.execute(self._started, youth, started, event.gemeentecode, programma)
        elif name == _RECORDED and isinstance(month, int):
            started = day_in(data, "aftercare_started_on")
            if started is not None:
                work = bool(data.get("in_work")) or bool(data.get("in_education"))
                await conn.execute(
                    self._recorded, youth, started, month, bool(data.get("still_housed")),
                    work, bool(data.get("debt_free")), bool(data.get("relapsed")),
                )  # fmt: skip
        elif name == _MISSED and isinstance(month, int):
            await conn.execute(self._missed, youth, month)


# Each nazorg with its cohort: the first start in the programme it left last.
_COHORTS = """
WITH cohorts AS (
    SELECT a.youth_id, a.started_on, a.programma, coalesce(y.age_band, 'onbekend') AS age_band,
           date_trunc('month', (SELECT min(f.occurred_on) FROM {schema}.report_facts f
                                 WHERE f.youth_id = a.youth_id AND f.metric = 'start_programma'
                                   AND f.dimension = a.programma))::date AS cohort
      FROM {schema}.report_aftercare a LEFT JOIN {schema}.youths y USING (youth_id)
     WHERE a.gemeentecode = $1
)
"""
_OUTCOMES = (
    _COHORTS
    + """
SELECT c.cohort, c.programma, c.age_band, u.month,
       count(*) FILTER (WHERE u.recorded)::integer AS followed_up,
       count(*) FILTER (WHERE NOT u.recorded)::integer AS missed,
       count(*) FILTER (WHERE u.recorded AND u.still_housed)::integer AS still_housed,
       count(*) FILTER (WHERE u.recorded AND u.work_or_education)::integer AS work_or_education,
       count(*) FILTER (WHERE u.recorded AND u.debt_free)::integer AS debt_free
  FROM cohorts c JOIN {schema}.report_follow_ups u USING (youth_id, started_on)
 WHERE c.cohort BETWEEN date_trunc('month', $2::date) AND $3 AND u.month = ANY($4::integer[])
 GROUP BY 1, 2, 3, 4
 ORDER BY 1, 2, 3, 4
"""
)
_RELAPSES = (
    _COHORTS
    + """
SELECT c.cohort, c.programma, c.age_band, count(*)::integer AS in_aftercare,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM {schema}.report_follow_ups u
            WHERE u.youth_id = c.youth_id AND u.started_on = c.started_on
              AND u.month <= 12 AND u.relapsed)
         OR EXISTS (
           SELECT 1 FROM {schema}.report_facts f
            WHERE f.youth_id = c.youth_id AND f.metric = 'terugval'
              AND f.occurred_on > c.started_on
              AND f.occurred_on <= c.started_on + interval '12 months'))::integer
           AS relapsed_within_12_months
  FROM cohorts c
 WHERE c.cohort BETWEEN date_trunc('month', $2::date) AND $3
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3
"""
)


async def lasting_outcomes(
    pool: Pool, schema: str, gemeentecode: str, *, start: date, end: date
) -> tuple[list[OutcomeFact], list[RelapseFact]]:
    """The cohorts enrolled from `start` to `end`: outcomes at 6 and 12 months, and relapse.

    Per programme and age band now (unknown: "onbekend"): the report takes its cut.
    """
    args = (gemeentecode, start, end)
    outcomes = await pool.fetch(_OUTCOMES.format(schema=schema), *args, list(LASTING_MONTHS))
    relapses = await pool.fetch(_RELAPSES.format(schema=schema), *args)
    return (
        [OutcomeFact(**dict(r)) for r in outcomes if r["cohort"] is not None],
        [RelapseFact(**dict(r)) for r in relapses if r["cohort"] is not None],
    )
