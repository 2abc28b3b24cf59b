"""The reports projection's part for time to outcome: starts and milestones, and their days.

Which event is which milestone is data (`MILESTONE_EVENTS`). The cohort is the month the young
person first started in that programme, as for the outcomes that last (outcomes.py); each
milestone counts the first time on or after that start. Drop-out belongs to the programme left
(an exit for not showing up or stopping oneself, with no destination, as coaching reads those
reasons: `uitgevallen`); the other milestones belong to the young person, in any programme.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from services.timeline.read_model.projection import occurred_at
from services.timeline.reports.model import UNKNOWN
from services.timeline.reports.time_to_outcome import DurationFact

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent

__all__ = ["DROP_OUT_REASONS", "MILESTONE_EVENTS", "Milestones", "durations"]

START = "start"
# Event type -> (milestone, the field holding its day).
MILESTONE_EVENTS: dict[str, tuple[str, str]] = {
    "nl.regie.intake.programme-enrolled": (START, "start_on"),
    "nl.regie.debts.first-conversation-held": ("eerste_gesprek", "held_on"),
    "nl.regie.intake.future-plan-agreed": ("toekomstplan", "agreed_on"),
    "nl.regie.housing.housed": ("gehuisvest", "from_on"),
    "nl.regie.debts.debts-settled": ("schuldenvrij", "settled_on"),
    "nl.regie.coaching.work-started": ("werk_of_opleiding", "started_on"),
    "nl.regie.coaching.education-started": ("werk_of_opleiding", "started_on"),
}
_EXITED = "nl.regie.intake.programme-exited"
# intake's exit reasons that coaching reads as `uitgevallen` (services/coaching/policies.py).
DROP_OUT_REASONS = frozenset({"niet_verschenen", "zelf_gestopt"})
_TO_WORK_OR_EDUCATION = frozenset({"werk", "onderwijs"})


def milestones_of(event: CloudEvent) -> list[tuple[str, str | None]]:
    """The milestones one event reaches, each with its programme where it has one."""
    name, data = event.name_and_version[0], event.data
    if name in MILESTONE_EVENTS:
        milestone, _ = MILESTONE_EVENTS[name]
        return [(milestone, str(data.get("programma") or UNKNOWN) if milestone == START else None)]
    if name != _EXITED:
        return []
    destination = data.get("destination")
    if destination in _TO_WORK_OR_EDUCATION:
        return [("werk_of_opleiding", None)]
    if data.get("reason") in DROP_OUT_REASONS and destination in (None, "geen"):
        return [("uitval", str(data.get("programma") or UNKNOWN))]
    return []


class Milestones:
    """One statement per batch for the starts and milestones its events reach.

    Nothing in the projection reads `report_milestones` (only the reports' queries do), and a
    row is only ever added once (ON CONFLICT DO NOTHING), so a batch's rows go in together
    after its other parts: the same rows as one statement per event, in one round trip.
    """

    def __init__(self, schema: str) -> None:
        """Write into `schema`.report_milestones."""
        self._insert = (
            f"INSERT INTO {schema}.report_milestones (event_id, milestone, youth_id,"
            " gemeentecode, programma, occurred_on)"
            " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],"
            " $6::date[]) ON CONFLICT DO NOTHING"
        )

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Keep the day of each milestone the batch's events reach; other events pass by."""
        rows = [row for event in events for row in rows_of(event)]
        if rows:
            await conn.execute(self._insert, *(list(c) for c in zip(*rows, strict=True)))


def rows_of(event: CloudEvent) -> list[tuple[object, ...]]:
    """The `report_milestones` rows of one event: one per milestone it reaches."""
    reached = milestones_of(event)
    if not reached:
        return []
    name = event.name_and_version[0]
    field = MILESTONE_EVENTS[name][1] if name in MILESTONE_EVENTS else "exit_on"
    on = occurred_at(event, field).date()
    return [
        (event.id, milestone, event.subject, event.gemeentecode, programma, on)
        for milestone, programma in reached
    ]


# Each young person's first start per programme, in a cohort month of the period.
_STARTS = """
WITH starts AS (
    SELECT youth_id, programma, min(occurred_on) AS started_on
      FROM {schema}.report_milestones
     WHERE milestone = 'start' AND gemeentecode = $1
     GROUP BY 1, 2
    HAVING min(occurred_on) BETWEEN date_trunc('month', $2::date) AND $3
), cohorts AS (
    SELECT s.*, date_trunc('month', s.started_on)::date AS cohort,
           coalesce(y.age_band, '{unknown}') AS age_band
      FROM starts s LEFT JOIN {schema}.youths y USING (youth_id)
)
"""
_STARTED = (
    _STARTS
    + """
SELECT cohort, programma, age_band, count(*)::integer AS started
  FROM cohorts GROUP BY 1, 2, 3
"""
)
# Per milestone the first time on or after the start; drop-out only from that programme.
_REACHED = (
    _STARTS
    + """
SELECT cohort, programma, age_band, milestone, array_agg(days ORDER BY days) AS days
  FROM (SELECT c.cohort, c.programma, c.age_band, m.milestone,
               min(m.occurred_on) - c.started_on AS days
          FROM cohorts c JOIN {schema}.report_milestones m
            ON m.youth_id = c.youth_id AND m.milestone <> 'start'
           AND m.occurred_on >= c.started_on
           AND (m.programma IS NULL OR m.programma = c.programma)
         GROUP BY c.youth_id, c.cohort, c.programma, c.age_band, c.started_on, m.milestone) r
 GROUP BY 1, 2, 3, 4
"""
)


async def durations(
    pool: Pool, schema: str, gemeentecode: str, *, start: date, end: date
) -> list[DurationFact]:
    """The cohorts that started from `start` to `end`, per programme and age band now."""
    sql = {"schema": schema, "unknown": UNKNOWN}
    started = await pool.fetch(_STARTED.format(**sql), gemeentecode, start, end)
    reached = await pool.fetch(_REACHED.format(**sql), gemeentecode, start, end)
    days: dict[tuple[date, str, str], dict[str, tuple[int, ...]]] = defaultdict(dict)
    for r in reached:
        days[r["cohort"], r["programma"], r["age_band"]][r["milestone"]] = tuple(r["days"])
    return [
        DurationFact(
            cohort=r["cohort"], programma=r["programma"], age_band=r["age_band"],
            started=r["started"], days=days[r["cohort"], r["programma"], r["age_band"]],
        )
        for r in started
    ]  # fmt: skip
