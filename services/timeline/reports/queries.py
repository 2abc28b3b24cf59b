"""A municipality's report: flows summed in SQL, and the stocks per phase as they stand now.

Flows are summed per month, programme, age band, metric and dimension.

Flows are read from the cells the reports' projection keeps (cells.py): per whole month of
the period, not per fact. The programme is the young person's current one (unknown:
"onbekend"), so it follows a late registration. A flow counts in the age band of its own
day (`youth_age_bands`: at registration, then each birthday band intake recorded); a fact
before the registration counts in the band at registration. The stocks, as they stand now,
count in the current band.
"""

from __future__ import annotations

import asyncio
import functools
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from services.timeline.reports.cells import CONVERSATION, classified, first_follow_up
from services.timeline.reports.milestones import durations
from services.timeline.reports.model import (
    NOTHING_YET,
    SPLIT,
    UNKNOWN,
    Flow,
    Report,
)
from services.timeline.reports.outcomes import lasting_outcomes
from services.timeline.reports.published import (
    Cut,
    EscalationFact,
    Facts,
    FundFact,
    StockFact,
    publish,
)

if TYPE_CHECKING:
    from asyncpg import Record
    from asyncpg.pool import Pool


@dataclass(frozen=True)
class Stock:
    """A track's phases: the domain whose `domain_states` code holds them, in phase order.

    The report names a phase by its code without `prefix` (`fase_scout` -> `scout`).
    """

    domain: str
    codes: tuple[str, ...]
    prefix: str = ""


# Only these codes are "active in a phase"; an ended trajectory or housing situation is not.
STOCKS = {
    "rodeloper": Stock("coaching", ("fase_scout", "fase_scan", "fase_match", "fase_borg"), "fase_"),
    "schulden": Stock(
        "debts",
        (
            "aangevraagd",
            "eerste_gesprek",
            "schuldenoverzicht",
            "regeling_voorgesteld",
            "fonds",
            "kwijtschelding_ingetrokken",
            "schuldenvrij",
        ),
    ),
    "wonen": Stock(
        "housing", ("dakloos", "in_opvang", "huisuitzetting_dreigt", "gehuisvest", "uitgezet")
    ),
}


def _classified(alias: str, day: str) -> str:
    """Programme now, and the band on the fact's day, from the timeline's tables."""
    return classified(alias, day, "youth_age_bands")


# The first follow-up on or after the conversation's day, up to the report's day ($4)
# (cells.first_follow_up: on one day in the order of the metrics' names, then the follow-up's).
_FOLLOWED = f"""
CASE WHEN f.metric = '{CONVERSATION}' THEN coalesce(f.dimension, '{UNKNOWN}') || '{SPLIT}'
  || coalesce(({first_follow_up("f", "$4")}), '{NOTHING_YET}')
ELSE f.dimension END"""

# The flows as they were summed before the cells (migration 0144): every fact of the period,
# classified from the timeline's tables. The reference the cells are held to in the tests.
FLOWS_OF_FACTS = f"""
WITH counted AS (
    SELECT f.occurred_on, {_classified("f", "f.occurred_on")}, f.metric,
           {_FOLLOWED} AS dimension, f.value
      FROM {{schema}}.report_facts f LEFT JOIN {{schema}}.youths y USING (youth_id)
     WHERE f.gemeentecode = $1 AND f.occurred_on BETWEEN $2 AND $3
)
SELECT date_trunc('month', occurred_on)::date AS month, programma, age_band, metric, dimension,
       count(*)::integer AS count, sum(value)::bigint AS total
  FROM counted
 GROUP BY 1, 2, 3, 4, 5
 ORDER BY 1, 2, 3, 4, 5 NULLS FIRST
"""
# The same rows from the cells (cells.py) of the whole months from $5 to $6, the conversations'
# from theirs with what followed up to the day $4 (a first follow-up after $4 is none yet);
# the facts themselves only for the days of the period outside those months. Same grouping
# and order, so the protection's ties (the order of the cells) fall alike. A whole month's
# cells are one row each already (their key is the row's) and share no row with the
# conversations (another metric) or the facts (other months): only those two are summed.
_OWN = classified("f", "f.occurred_on", "report_age_bands")


def _facts_of(dimension: str, only: str) -> str:
    """The period's facts of the metrics `only` names, as rows of `counted` (one fact each)."""
    return f"""
    SELECT f.occurred_on, {_OWN}, f.metric, {dimension} AS dimension, 1 AS count,
           f.value::bigint AS total, (f.value IS NOT NULL)::integer AS valued
      FROM {{schema}}.report_facts f LEFT JOIN {{schema}}.report_youths y USING (youth_id)
     WHERE f.gemeentecode = $1 AND f.occurred_on BETWEEN $2 AND $3 AND {only}"""


_FLOWS = f"""
WITH counted AS (
    SELECT k.month AS occurred_on, k.programma, k.age_band, '{CONVERSATION}' AS metric,
           coalesce(k.perspective, '{UNKNOWN}') || '{SPLIT}'
           || CASE WHEN k.followed_on <= $4 THEN k.followed_by ELSE '{NOTHING_YET}' END
           AS dimension, k.count, NULL::bigint AS total, 0 AS valued
      FROM {{schema}}.report_conversation_cells k
     WHERE k.gemeentecode = $1 AND k.month BETWEEN $5 AND $6
    UNION ALL{_facts_of(_FOLLOWED, "f.occurred_on < $5")}
    UNION ALL{_facts_of(_FOLLOWED, "f.occurred_on > $6")}
)
SELECT c.month, c.programma, c.age_band, c.metric, c.dimension, c.count, c.total
  FROM {{schema}}.report_cells c
 WHERE c.gemeentecode = $1 AND c.month BETWEEN $5 AND $6 AND c.count > 0
UNION ALL
SELECT date_trunc('month', occurred_on)::date AS month, programma, age_band, metric, dimension,
       sum(count)::integer AS count,
       (CASE WHEN sum(valued) > 0 THEN sum(total) END)::bigint AS total
  FROM counted
 GROUP BY 1, 2, 3, 4, 5
HAVING sum(count) > 0
 ORDER BY 1, 2, 3, 4, 5 NULLS FIRST
"""


def whole_months(start: date, end: date) -> tuple[date, date]:
    """The first day of the first whole month in `start`..`end`, and the last of the last.

    Where the period holds no whole month, a pair with the first after the last (the cells
    then serve none of it and the facts all of it), never beyond the calendar's ends.
    """
    first = start if start.day == 1 else _next_month(start)
    last = end if end.day == monthrange(end.year, end.month)[1] else _month_before(end)
    if first is None or last is None or first > last:
        return (end + _DAY, end) if end < date.max else (start, start - _DAY)
    return first, last


_DAY = timedelta(days=1)


def _next_month(day: date) -> date | None:
    """The first day of the month after `day`'s; None after the calendar's last."""
    if (day.year, day.month) == (date.max.year, 12):
        return None
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month_before(day: date) -> date | None:
    """The last day of the month before `day`'s; None before the calendar's first."""
    first = day.replace(day=1)
    return None if first == date.min else first - _DAY


_STOCKS = f"""
SELECT s.domain, s.code, coalesce(y.programma, '{UNKNOWN}') AS programma,
       coalesce(y.age_band, '{UNKNOWN}') AS age_band, count(*)::integer AS count
  FROM {{schema}}.domain_states s LEFT JOIN {{schema}}.youths y USING (youth_id)
 WHERE s.gemeentecode = $1 AND y.exited_on IS NULL
 GROUP BY 1, 2, 3, 4
"""

_ESCALATIONS = f"""
SELECT b.obstruction, coalesce(y.programma, '{UNKNOWN}') AS programma,
       coalesce(y.age_band, '{UNKNOWN}') AS age_band, count(*)::integer AS requested,
       count(*) FILTER (WHERE b.resolved_on <= $3 AND b.outcome LIKE 'opgelost%')::integer
           AS resolved,
       count(*) FILTER (WHERE b.resolved_on <= $3 AND b.outcome = 'niet_opgelost')::integer
           AS not_resolved
  FROM {{schema}}.report_breakthroughs b LEFT JOIN {{schema}}.youths y USING (youth_id)
 WHERE b.gemeentecode = $1 AND b.requested_on BETWEEN $2 AND $3
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3
"""


# The Jongeren Perspectief Fonds per cohort: each young person's first start in the fund (a
# jpf trajectory asked for or joined), classified on that day, and what followed it up to $4.
FUND_MEASURES = {
    "counterpart_agreed": "jpf_tegenprestatie_afgesproken",
    "counterpart_completed": "jpf_tegenprestatie_afgerond",
    "write_off_revoked": "jpf_kwijtschelding_ingetrokken",
    "debt_free": "schulden_geregeld",
}
_SINCE = ",".join(
    f"""
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM {{schema}}.report_facts n
            WHERE n.youth_id = c.youth_id AND n.metric = '{metric}'
              AND n.occurred_on BETWEEN c.started_on AND $4))::integer AS {measure}"""
    for measure, metric in FUND_MEASURES.items()
)
_FUND = f"""
WITH starts AS (
    SELECT youth_id, min(occurred_on) AS started_on
      FROM {{schema}}.report_facts
     WHERE gemeentecode = $1 AND metric = 'jpf_gestart'
     GROUP BY youth_id
), cohorts AS (
    SELECT s.youth_id, s.started_on, {_classified("s", "s.started_on")}
      FROM starts s LEFT JOIN {{schema}}.youths y USING (youth_id)
     WHERE s.started_on BETWEEN $2 AND $3
)
SELECT date_trunc('month', c.started_on)::date AS cohort, c.programma, c.age_band,
       count(*)::integer AS started,{_SINCE}
  FROM cohorts c
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3
"""


async def fund_cohorts(  # noqa: PLR0913 - each is named at the call site
    pool: Pool, schema: str, gemeentecode: str, *, start: date, end: date, today: date
) -> list[FundFact]:
    """The fund's cohorts started from `start` to `end`, per programme and age band."""
    rows = await pool.fetch(_FUND.format(schema=schema), gemeentecode, start, end, today)
    return [FundFact(**dict(r)) for r in rows]


async def flow_rows(  # noqa: PLR0913 - each is named at the call site
    pool: Pool, schema: str, gemeentecode: str, *, start: date, end: date, today: date
) -> list[Flow]:
    """The exact flows of the period per month, programme, age band, metric and dimension.

    What the comparison's publisher protects per month (services.timeline.comparison).
    """
    rows = await _flows(pool, schema, gemeentecode, start=start, end=end, today=today)
    return [Flow(*r) for r in rows]  # the columns in Flow's order


async def _flows(  # noqa: PLR0913 - each is named at the call site
    pool: Pool, schema: str, gemeentecode: str, *, start: date, end: date, today: date
) -> list[Record]:
    """The flows' rows: the cells of the whole months, the facts of the rest."""
    first, last = whole_months(start, end)
    query = _FLOWS.format(schema=schema)
    return await pool.fetch(query, gemeentecode, start, end, today, first, last)


async def build_report(  # noqa: PLR0913 - a query's parameters, each named at the call site
    pool: Pool,
    schema: str,
    gemeentecode: str,
    *,
    start: date,
    end: date,
    programma: str | None = None,
    age_band: str | None = None,
    today: date,
    threshold: int | None,
) -> Report:
    """Flows from `start` to `end` (both inclusive) and the stocks now, for one municipality.

    `today` decides which open deadlines have passed: the app's clock, or an as-of day.
    Every programme and age band is read, and the cut taken when publishing, so the cuts are
    cells of one protected table; `threshold` None publishes exact counts (the auditor's).
    """
    flows = await _flows(pool, schema, gemeentecode, start=start, end=end, today=today)
    stocks = await pool.fetch(_STOCKS.format(schema=schema), gemeentecode)
    escalations = await pool.fetch(_ESCALATIONS.format(schema=schema), gemeentecode, start, end)
    outcomes, relapses = await lasting_outcomes(pool, schema, gemeentecode, start=start, end=end)
    times = await durations(pool, schema, gemeentecode, start=start, end=end)
    fund = await fund_cohorts(pool, schema, gemeentecode, start=start, end=end, today=today)
    # Only the tracks' domains and codes are "active in a phase"; other states pass by.
    tracks = {stock.domain: (track, stock) for track, stock in STOCKS.items()}
    facts = Facts(
        flows=[Flow(*r) for r in flows],  # the columns in Flow's order
        phases=[
            (track, code.removeprefix(stock.prefix))
            for track, stock in STOCKS.items()
            for code in stock.codes
        ],
        stocks=[
            StockFact(
                track=track,
                code=r["code"].removeprefix(stock.prefix),
                programma=r["programma"],
                age_band=r["age_band"],
                count=r["count"],
            )
            for r in stocks
            if r["domain"] in tracks
            for track, stock in [tracks[r["domain"]]]
            if r["code"] in stock.codes
        ],
        escalations=[
            EscalationFact(
                obstruction=r["obstruction"],
                programma=r["programma"],
                age_band=r["age_band"],
                resolved=r["resolved"],
                not_resolved=r["not_resolved"],
                open=r["requested"] - r["resolved"] - r["not_resolved"],
            )
            for r in escalations
        ],
        outcomes=outcomes,
        relapses=relapses,
        durations=times,
        fund=fund,
    )
    cut = Cut(programma=programma, age_band=age_band)
    # Protecting a large table is CPU-bound work (shared.figures.suppression): in a thread, so
    # the projection runners and other requests on this event loop are not held up meanwhile.
    return await asyncio.to_thread(
        functools.partial(
            publish, facts, gemeentecode=gemeentecode, start=start, end=end, cut=cut,
            threshold=threshold,
        )
    )  # fmt: skip
