"""A municipality's report: flows summed in SQL, and the stocks per phase as they stand now.

Flows are summed per month, programme, age band, metric and dimension.

The programme comes from the timeline's `youths` at query time (unknown: "onbekend"), so it
follows the young person's current registration. A flow counts in the age band of its own
day (`youth_age_bands`: at registration, then each birthday band intake recorded); a fact
before the registration counts in the band at registration. The stocks, as they stand now,
count in the current band.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.timeline.reports.milestones import durations
from services.timeline.reports.model import (
    FOLLOW_UPS,
    NOTHING_YET,
    SPLIT,
    UNKNOWN,
    Report,
    ReportRow,
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
    from datetime import date

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
    """Programme now, and the band on the fact's day (else the first known, else unknown)."""
    return (
        f"coalesce(y.programma, '{UNKNOWN}') AS programma,"
        f" coalesce((SELECT b.age_band FROM {{schema}}.youth_age_bands b"
        f" WHERE b.youth_id = {alias}.youth_id"
        f" ORDER BY b.from_on <= {day} DESC,"
        f" CASE WHEN b.from_on <= {day} THEN b.from_on END DESC, b.from_on LIMIT 1),"
        f" y.age_band, '{UNKNOWN}') AS age_band"
    )


# What followed a toekomstgesprek: the facts that count as a follow-up, and which one each is.
STARTS = {
    "werk_gestart": "werk",
    "opleiding_gestart": "opleiding",
    "dagbesteding_gestart": "dagbesteding",
    "zorg_doorverwezen": "zorg",
}
EXITS = ("uitstroom", "begeleiding_afgesloten")  # by destination; intake says `onderwijs`
_EXIT_TO = {"onderwijs": "opleiding"} | {f: f for f in FOLLOW_UPS}
_FOLLOW_UP_OF = (
    "CASE n.metric "
    + " ".join(f"WHEN '{metric}' THEN '{to}'" for metric, to in STARTS.items())
    + " ELSE CASE n.dimension "
    + " ".join(f"WHEN '{code}' THEN '{to}'" for code, to in _EXIT_TO.items())
    + " END END"
)
_STARTED = ", ".join(f"'{metric}'" for metric in STARTS)
_EXITED = ", ".join(f"'{metric}'" for metric in EXITS)
_TO = ", ".join(f"'{code}'" for code in _EXIT_TO)
# The first follow-up on or after the conversation's day, up to the report's day ($4); on one
# day, in the order of the metrics' names (stable, so every read agrees).
_FOLLOWED = f"""
CASE WHEN f.metric = 'toekomstgesprek' THEN coalesce(f.dimension, '{UNKNOWN}') || '{SPLIT}'
  || coalesce((SELECT {_FOLLOW_UP_OF} FROM {{schema}}.report_facts n
                WHERE n.youth_id = f.youth_id AND n.occurred_on BETWEEN f.occurred_on AND $4
                  AND (n.metric IN ({_STARTED})
                       OR (n.metric IN ({_EXITED}) AND n.dimension IN ({_TO})))
                ORDER BY n.occurred_on, n.metric LIMIT 1), '{NOTHING_YET}')
ELSE f.dimension END"""

_FLOWS = f"""
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
) -> list[ReportRow]:
    """The exact flows of the period per month, programme, age band, metric and dimension.

    What the comparison's publisher protects per month (services.timeline.comparison).
    """
    rows = await pool.fetch(_FLOWS.format(schema=schema), gemeentecode, start, end, today)
    return [ReportRow(**dict(r)) for r in rows]


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
    flows = await pool.fetch(_FLOWS.format(schema=schema), gemeentecode, start, end, today)
    stocks = await pool.fetch(_STOCKS.format(schema=schema), gemeentecode)
    escalations = await pool.fetch(_ESCALATIONS.format(schema=schema), gemeentecode, start, end)
    outcomes, relapses = await lasting_outcomes(pool, schema, gemeentecode, start=start, end=end)
    times = await durations(pool, schema, gemeentecode, start=start, end=end)
    fund = await fund_cohorts(pool, schema, gemeentecode, start=start, end=end, today=today)
    # Only the tracks' domains and codes are "active in a phase"; other states pass by.
    tracks = {stock.domain: (track, stock) for track, stock in STOCKS.items()}
    facts = Facts(
        flows=[ReportRow(**dict(r)) for r in flows],
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
