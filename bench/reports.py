"""The reports at scale: one municipality's year, and the comparison across municipalities.

The reports' store (`report_facts`, `youths`, `youth_age_bands`) is filled with a synthetic
fact table by COPY, not through the projection (its rate is the timeline workload's): young
people spread over four municipalities and five years, each with facts of the report's
metrics (a mix of flows with their dimensions, toekomstgesprekken among them). Issue 22
item 7's scale is 100,000 young people and 10 million facts (`FULL`); the quick profile keeps
it tiny. `--report-scale` multiplies both.

The cells the projection would have kept (`report_cells`, `report_conversation_cells`) are then
counted by their migrations.

Ours: `build_report` for one municipality and one calendar year as policy staff read it
(threshold 4: the SQL that reads the cells per month, programme, age band, metric and
dimension, then the small-cell protection of every cube), and, apart, its flows' SQL alone.
The protection is remembered per exact table (shared.figures.suppression), so a read again
skips it: a process's first read, with every protection forgotten, is timed apart, and so is
the read after one new fact in the largest cube (that cube alone protected anew).
The reference: a raw SELECT that sums the same municipality's year per month, metric and
dimension, without the programme join or the age band on the fact's day. The comparison:
`compared` for one programme over the year across the four municipalities, against a raw
SELECT of the same rows of `comparison_figures`.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bench.profile import Profile  # noqa: TC001 - replace() builds one at runtime
from bench.results import Row, Target, WorkloadResult
from bench.stats import latency_summary_ms
from services.timeline.comparison.read_model import compared
from services.timeline.registry import MIGRATIONS
from services.timeline.reports.model import METRICS
from services.timeline.reports.queries import build_report, flow_rows
from shared.figures.suppression import forget_protections
from shared.migrations import directory_migrations
from shared.processing_log import processing_log_migration
from shared.projection import inbox_migrations

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from asyncpg.pool import Pool

    from bench.context import BenchContext

# The cells' migrations in the order they run, each counting the facts a schema held before
# it (0144 then finds the cells its set-based forerunner counted, and skips its own fill).
CELLS = tuple(
    MIGRATIONS / name
    for name in (
        "0143_report_cells_filled_at_once.sql",
        "0144_report_cells.sql",
        "0145_report_conversation_cells.sql",
    )
)
GEMEENTEN = ("0518", "0599", "0268", "0363")
FIRST_DAY, YEARS = date(2022, 1, 1), 5
YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
PROGRAMMES = ("jpf", "dtj", "toekomstgesprek", "rodeloper", "regulier")
BANDS = ("16-17", "18-22", "23-27")
REPORT_TARGET = Target("p99 < 100 ms", "below", 100.0)
COMPARISON_TARGET = Target("p99 < 300 ms", "below", 300.0)
# The flows a young person's facts are drawn from, with their dimensions, roughly as common
# as in a municipality: many referrals and starts, fewer evictions.
MIX: tuple[tuple[str, tuple[str | None, ...], int], ...] = (
    ("aanmelding", ("wijkteam", "zelfmelder", "daklozenloket", "school_rmc"), 10),
    ("inschrijving", (None,), 8),
    ("start_programma", PROGRAMMES, 8),
    ("schuldhulp_aangevraagd", (None,), 6),
    ("schulden_geregeld", ("betalingsregeling", "saneringskrediet", "schuldbemiddeling"), 4),
    ("dakloos_geregistreerd", ("dakloos_straat", "nachtopvang", "thuisloos_bankslapen"), 5),
    ("gehuisvest", ("kamer", "zelfstandig", "begeleid"), 5),
    ("uitstroom", ("werk", "onderwijs", "dagbesteding", "zorg", "geen"), 6),
    ("werk_gestart", ("betaald_voltijd", "betaald_deeltijd", "leerwerkbaan"), 4),
    ("opleiding_gestart", ("mbo2", "mbo3", "hbo"), 4),
    ("terugval", ("scout", "scan", "match"), 3),
    ("toekomstgesprek", ("werk", "opleiding", "vrijwilligerswerk", "dagbesteding", "zorg"), 4),
    ("maatwerk_toegepast", ("kostendelersnorm", "pw_zoektermijn", "woontoelage"), 2),
    ("woontoelage_toegekend", (None,), 2),
    ("termijn_gehaald", ("eerste_gesprek", "woonplan", "toekomstplan"), 6),
    ("termijn_gemist", ("eerste_gesprek", "woonplan", "toekomstplan"), 3),
    ("tevredenheid_programma", ("1", "2", "3", "4", "5"), 2),
)
_FACT_COLUMNS = (
    "event_id", "metric", "youth_id", "gemeentecode", "dimension", "occurred_on", "value",
)  # fmt: skip
_CHUNK = 200_000  # facts generated and copied at a time: bounded memory at any scale
_RAW_REPORT = (
    "SELECT date_trunc('month', occurred_on)::date AS month, metric, dimension,"
    " count(*)::integer AS count, sum(value)::bigint AS total"
    " FROM {schema}.report_facts WHERE gemeentecode = $1 AND occurred_on BETWEEN $2 AND $3"
    " GROUP BY 1, 2, 3"
)
# A new fact counted into a random cell of the metric with the most cells in the year (the
# largest cube): the read after it finds every other cube's protection remembered.
_ONE_MORE = """
UPDATE {schema}.report_cells SET count = count + 1
 WHERE ctid = (SELECT ctid FROM {schema}.report_cells
                WHERE gemeentecode = $1 AND month BETWEEN $2 AND $3
                  AND metric = (SELECT metric FROM {schema}.report_cells
                                 WHERE gemeentecode = $1 AND month BETWEEN $2 AND $3
                                 GROUP BY metric ORDER BY count(*) DESC, metric LIMIT 1)
                ORDER BY random() LIMIT 1)
"""
_RAW_COMPARISON = (
    "SELECT gemeentecode, period, metric, count FROM {schema}.comparison_figures"
    " WHERE gemeentecode = ANY($1::text[]) AND period = ANY($2::text[]) AND programma = $3"
)


def scaled(profile: Profile, scale: float) -> Profile:
    """The profile with the reports' store `scale` times its size (at least 1 and 10)."""
    return replace(
        profile,
        report_youths=max(1, round(profile.report_youths * scale)),
        report_facts=max(10, round(profile.report_facts * scale)),
    )


async def measure_reports(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """Fill the store, then p50/p99 of the year's report and the comparison against raw SQL."""
    youths, facts = profile.report_youths, profile.report_facts
    async with ctx.pool(4, "bench-reports") as pool:
        schema = await ctx.migrated(
            pool,
            ctx.schema("reports"),
            [*inbox_migrations(), processing_log_migration(), *directory_migrations(MIGRATIONS)],
        )
        started = time.perf_counter()
        counted = await _fill(pool, schema, youths, facts)
        fill_s = time.perf_counter() - started
        # The facts came by COPY, past the projection that counts them into the cells: the
        # cells' migration counts them, as it does in a schema that held facts before it.
        started = time.perf_counter()
        for script in CELLS:
            await pool.execute(script.read_text().format(schema=schema))
        cells_s = time.perf_counter() - started
        for table in ("report_facts", "youth_age_bands", "youths", "report_youths",
                      "report_age_bands", "report_cells",
                      "report_conversation_cells"):  # fmt: skip
            await pool.execute(f"ANALYZE {schema}.{table}")
        in_year = await pool.fetchval(
            f"SELECT count(*) FROM {schema}.report_facts"
            " WHERE gemeentecode = $1 AND occurred_on BETWEEN $2 AND $3",
            GEMEENTEN[0], YEAR_START, YEAR_END,
        )  # fmt: skip
        await _fill_comparison(pool, schema)
        reads = profile.report_queries

        async def report() -> int:
            found = await build_report(pool, schema, GEMEENTEN[0], start=YEAR_START, end=YEAR_END,
                                       today=YEAR_END, threshold=4)  # fmt: skip
            return len(found.rows)

        async def flows() -> int:
            return len(await flow_rows(pool, schema, GEMEENTEN[0], start=YEAR_START,
                                       end=YEAR_END, today=YEAR_END))  # fmt: skip

        async def raw_report() -> int:
            query = _RAW_REPORT.format(schema=schema)
            return len(await pool.fetch(query, GEMEENTEN[0], YEAR_START, YEAR_END))

        months = [f"2026-{m:02d}" for m in range(1, 13)]

        async def comparison() -> int:
            found = await compared(pool, schema, programma="dtj", gemeenten=list(GEMEENTEN),
                                   start=YEAR_START, end=YEAR_END)  # fmt: skip
            return len(found.figures)

        async def raw_comparison() -> int:
            query = _RAW_COMPARISON.format(schema=schema)
            return len(await pool.fetch(query, list(GEMEENTEN), months, "dtj"))

        async def first_report() -> int:
            forget_protections()  # as a process's first read of this period
            return await report()

        one_more = _ONE_MORE.format(schema=schema)

        async def report_after_a_fact() -> int:
            # One more fact in the year's largest cube: that cube alone is protected anew.
            await pool.execute(one_more, GEMEENTEN[0], YEAR_START, YEAR_END)
            return await report()

        timed = {
            "report_first": await _timed(first_report, reads),
            "report_after_a_fact": await _timed(report_after_a_fact, reads),
            "report": await _timed(report, reads),
            "report_flows_sql": await _timed(flows, reads),
            "raw_report": await _timed(raw_report, reads),
            "comparison": await _timed(comparison, reads),
            "raw_comparison": await _timed(raw_comparison, reads),
        }
    result = WorkloadResult("reports")
    label = f"report: one municipality, one year ({in_year:,} of {counted:,} facts)"
    result.rows.extend(_rows(timed, label))
    result.raw = {
        "youths": youths,
        "facts": counted,
        "facts_in_the_year": in_year,
        "fill_seconds": fill_s,
        "cells_seconds": cells_s,
        "reads": reads,
        "latency_ms": timed,
    }
    flows_p99, report_p99 = timed["report_flows_sql"]["p99"], timed["report"]["p99"]
    result.notes.append(
        f"reports: {youths:,} young people, {counted:,} facts over {len(GEMEENTEN)} "
        f"municipalities and {YEARS} years (filled by COPY in {fill_s:.1f} s, counted into "
        f"the cells in {cells_s:.1f} s); ours = "
        f"build_report for {GEMEENTEN[0]}, 2026, threshold 4 ({reads} reads): its flows' SQL "
        f"alone p99 {flows_p99:.1f} ms of {report_p99:.1f} ms, the rest the other figures' "
        "queries and the small-cell protection; reference = raw SELECT summing the same "
        "facts per month, metric and dimension (no programme join, no age band on the day)"
    )
    result.notes.append(
        "reports: comparison = compared() for dtj, 2026, the four municipalities' published "
        "figures; reference = raw SELECT of the same comparison_figures rows"
    )
    return result


def _rows(timed: dict[str, dict[str, Any]], label: str) -> list[Row]:
    """The report's p50 and p99 (warm and first read) and the comparison's, beside raw SQL."""
    rows: list[Row] = []
    for name, probe, raw, target in (
        (label, "report", "raw_report", REPORT_TARGET),
        ("report, first read (protection computed)", "report_first", "raw_report", None),
        ("report after one new fact (its cube protected)", "report_after_a_fact", "raw_report",
         None),
        (f"comparison: one programme, {len(GEMEENTEN)} municipalities, a year", "comparison",
         "raw_comparison", COMPARISON_TARGET),
    ):  # fmt: skip
        rows.extend(
            Row(f"{name} {q}", timed[probe][q], timed[raw][q], "ms",
                target if q == "p99" else None, ratio_as="x")
            for q in ("p50", "p99")
        )  # fmt: skip
    return rows


async def _fill(pool: Pool, schema: str, youths: int, facts: int) -> int:
    """Young people (a band at registration, a later one for some) and their facts, by COPY."""
    rng = random.Random(22)
    span = YEARS * 365
    people = []
    bands = []
    for n in range(youths):
        youth = str(uuid.UUID(int=n + 1))
        band = rng.choice(BANDS)
        registered = FIRST_DAY + timedelta(days=rng.randrange(span))
        people.append((youth, GEMEENTEN[n % len(GEMEENTEN)], rng.choice(PROGRAMMES), band,
                       registered))  # fmt: skip
        bands.append((youth, registered, band))
        if band != BANDS[-1] and rng.random() < 0.3:  # a birthday into the next band
            later = registered + timedelta(days=rng.randrange(1, 700))
            bands.append((youth, later, BANDS[BANDS.index(band) + 1]))
    async with pool.acquire() as conn:
        await conn.copy_records_to_table(
            "youths", schema_name=schema, records=people,
            columns=("youth_id", "gemeentecode", "programma", "age_band", "registered_on"),
        )  # fmt: skip
        await conn.copy_records_to_table(
            "youth_age_bands", schema_name=schema, records=bands,
            columns=("youth_id", "from_on", "age_band"),
        )  # fmt: skip
        weights = [w for _, _, w in MIX]
        copied = 0
        while copied < facts:
            chunk = []
            for _ in range(min(_CHUNK, facts - copied)):
                n = rng.randrange(youths)
                metric, dimensions, _ = rng.choices(MIX, weights)[0]
                day = people[n][4] + timedelta(days=rng.randrange(365))
                chunk.append((uuid.UUID(int=rng.getrandbits(128)), metric, people[n][0],
                              people[n][1], rng.choice(dimensions), day, None))  # fmt: skip
            await conn.copy_records_to_table(
                "report_facts", schema_name=schema, records=chunk, columns=_FACT_COLUMNS
            )
            copied += len(chunk)
    unknown = {m for m, _, _ in MIX} - set(METRICS)
    if unknown:  # pragma: no cover - a renamed metric shows here, not as an unlabelled row
        raise RuntimeError(f"the bench's mix names metrics the report does not know: {unknown}")
    return copied


async def _fill_comparison(pool: Pool, schema: str) -> None:
    """What four municipalities published for 2026: every metric per programme and `alle`."""
    rng = random.Random(7)
    months, figures = [], []
    for gemeente in GEMEENTEN:
        for m in range(1, 13):
            period = f"2026-{m:02d}"
            months.append((gemeente, period, 1, 4, "Aantallen van 1 tot en met 4 ...",
                           uuid.uuid4()))  # fmt: skip
            for programma in (*PROGRAMMES, "alle"):
                for metric in METRICS:
                    count = rng.choice(("0", "<5", "x", str(rng.randrange(5, 400))))
                    figures.append((gemeente, period, programma, metric, count))
    async with pool.acquire() as conn:
        await conn.copy_records_to_table(
            "comparison_months", schema_name=schema, records=months,
            columns=("gemeentecode", "period", "revision", "threshold", "suppression",
                     "event_id"),
        )  # fmt: skip
        await conn.copy_records_to_table(
            "comparison_figures", schema_name=schema, records=figures,
            columns=("gemeentecode", "period", "programma", "metric", "count"),
        )  # fmt: skip


async def _timed(probe: Callable[[], Awaitable[int]], reads: int) -> dict[str, Any]:
    """Warm up once, then time `reads` sequential calls; each must find something."""
    if not await probe():
        raise RuntimeError("a report read found nothing: the store was not filled")
    seconds = []
    for _ in range(reads):
        started = time.perf_counter()
        await probe()
        seconds.append(time.perf_counter() - started)
    return latency_summary_ms(seconds)
