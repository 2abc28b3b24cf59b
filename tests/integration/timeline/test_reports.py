"""Reports from the events of all four domains, over the real broker and PostgreSQL.

Events are published as the relays publish them, dated in January to March 2024 (long past, so
an open deadline of then has certainly passed); one registration arrives after its facts.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import re
import uuid
from dataclasses import asdict
from datetime import date

import pytest
from aiokafka import AIOKafkaProducer
from openpyxl import load_workbook

from services.timeline.bootstrap import MIGRATIONS, create_app
from services.timeline.comparison.event import (
    MunicipalFiguresPublished,
    PublishedFigure,
    figures_topic,
)
from services.timeline.comparison.publisher import FigurePublisher, envelope
from services.timeline.read_model.catalogue import domains
from services.timeline.reports.projection import ReportsProjection
from services.timeline.reports.queries import FLOWS_OF_FACTS, flow_rows
from services.timeline.reports.time_to_outcome import NOBODY
from services.timeline.reports.workbook import XLSX
from services.timeline.settings import TimelineSettings
from shared.auth import AuthSettings, mint_token
from shared.figures.suppression import rule
from shared.kafka import events_topic, make_producer
from shared.migrations import directory_migrations, migrate
from shared.processing_log import ProcessingLog
from shared.projection import ProjectionRunner, inbox_migrations
from shared.projection.rebuild import rebuild
from tests.integration.timeline.web_session import log_in
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.cloudevents import message, recorded
from tests.support.waiting import eventually

A, B, C, D = (str(uuid.uuid4()) for _ in range(4))  # jpf (late registration), dtj, none, 0268
T1, T2, E1, E2, E3 = (str(uuid.uuid4()) for _ in range(5))
PERIOD = {"from": "2024-01", "until": "2024-03"}
AUDITOR = bearer("auditor")
# The comparison this deployment serves: dtj in 0518 and 0268; jpf in 0363 only.
PROGRAMMES = {"dtj": ["0518", "0268"], "jpf": ["0363"]}


def ev(type_name, youth, data, gemeente="0518"):
    return recorded(f"nl.regie.{type_name}", youth, data, gemeente=gemeente)


EVENTS = [
    ev("intake.youth-referred", A, {"referrer_type": "wijkteam", "received_on": "2024-01-10"}),
    ev("debts.debt-help-requested", A, {"trajectory_id": T1, "requested_on": "2024-01-15",
                                        "first_conversation_due": "2024-02-12", "crisis": False}),
    ev("debts.first-conversation-held", A, {"trajectory_id": T1, "held_on": "2024-02-20",
                                            "within_deadline": False}),
    ev("debts.counterpart-completed", A, {"trajectory_id": T1, "completed_on": "2024-03-05"}),
    ev("debts.debts-settled", A, {"trajectory_id": T1, "settled_on": "2024-03-20",
                                  "solution_kind": "saneringskrediet", "amount_settled": "enc:x"}),
    ev("housing.homelessness-registered", A, {"episode_id": E1, "situation": "dakloos_straat",
                                              "registered_on": "2024-01-08", "since": "2024-01-08",
                                              "plan_due": "2024-02-19"}),
    ev("housing.housed", A, {"form": "kamer", "from_on": "2024-02-25", "days_homeless": 48}),
    ev("coaching.coaching-phase-started", A, {"phase": "scan", "started_on": "2024-03-01"}),
    ev("coaching.relapse-signalled", A, {"signalled_on": "2024-03-10", "returns_to": "scan"}),
    ev("intake.youth-registered", B, {"programma": "dtj", "age_band": "23-27",
                                      "registered_on": "2024-01-03"}),
    ev("intake.youth-referred", B, {"referrer_type": "daklozenloket", "received_on": "2024-01-02"}),
    ev("debts.debt-help-requested", B, {"trajectory_id": T2, "requested_on": "2024-02-01",
                                        "first_conversation_due": "2024-02-06", "crisis": True}),
    ev("housing.homelessness-registered", B, {"episode_id": E2, "situation": "nachtopvang",
                                              "registered_on": "2024-02-01", "since": "2024-01-20",
                                              "plan_due": "2024-03-14"}),
    ev("housing.housing-plan-agreed", B, {"agreed_on": "2024-03-01"}),
    ev("housing.housed", B, {"form": "zelfstandig", "from_on": "2024-03-20", "days_homeless": 50}),
    ev("intake.programme-exited", B, {"programma": "dtj", "destination": "werk",
                                      "reason": "doel_bereikt", "exit_on": "2024-03-28"}),
    ev("intake.youth-referred", C, {"referrer_type": "zelfmelder", "received_on": "2024-03-03"}),
    ev("housing.homelessness-registered", C, {"episode_id": E3, "situation": "thuisloos_bankslapen",
                                              "registered_on": "2024-03-01", "since": "2024-03-01",
                                              "plan_due": "2024-04-12"}),
    ev("intake.youth-referred", D, {"referrer_type": "wijkteam", "received_on": "2024-01-11"},
       gemeente="0268"),
    ev("housing.housed", D, {"form": "kamer", "from_on": "2024-01-20", "days_homeless": 10},
       gemeente="0268"),
]  # fmt: skip

# Recorded after A's other intake events (the next version of A's stream), and published
# after them too: a late registration, as a store would number it.
A_REGISTERED = ev("intake.youth-registered", A,
                  {"programma": "jpf", "age_band": "18-22", "registered_on": "2024-01-12",
                   "full_name": "enc:v1:k:x"})  # fmt: skip

JPF, DTJ, NONE = ("jpf", "18-22"), ("dtj", "23-27"), ("onbekend", "onbekend")
EXPECTED = {
    ("2024-01", *DTJ, "aanmelding", "daklozenloket", 1, None),
    ("2024-01", *DTJ, "inschrijving", None, 1, None),
    ("2024-01", *JPF, "aanmelding", "wijkteam", 1, None),
    ("2024-01", *JPF, "dakloos_geregistreerd", "dakloos_straat", 1, None),
    ("2024-01", *JPF, "inschrijving", None, 1, None),
    ("2024-01", *JPF, "schuldhulp_aangevraagd", None, 1, None),
    ("2024-02", *DTJ, "dakloos_geregistreerd", "nachtopvang", 1, None),
    ("2024-02", *DTJ, "schuldhulp_aangevraagd", None, 1, None),
    ("2024-02", *JPF, "dagen_dakloos_tot_gehuisvest", None, 1, 48),
    ("2024-02", *JPF, "gehuisvest", "kamer", 1, None),
    ("2024-03", *DTJ, "dagen_dakloos_tot_gehuisvest", None, 1, 50),
    ("2024-03", *DTJ, "gehuisvest", "zelfstandig", 1, None),
    ("2024-03", *DTJ, "uitstroom", "werk", 1, None),
    ("2024-03", *JPF, "jpf_tegenprestatie_afgerond", None, 1, None),
    ("2024-03", *JPF, "schulden_geregeld", "saneringskrediet", 1, None),
    ("2024-03", *JPF, "terugval", "scan", 1, None),
    ("2024-03", *NONE, "aanmelding", "zelfmelder", 1, None),
    ("2024-03", *NONE, "dakloos_geregistreerd", "thuisloos_bankslapen", 1, None),
    # No timer recorded a miss before these facts, so they count as met (awaited.py).
    ("2024-02", *JPF, "termijn_gehaald", "eerste_gesprek", 1, None),
    ("2024-02", *JPF, "termijn_gehaald", "eerste_week", 1, None),  # housed: roof and address
    ("2024-03", *DTJ, "termijn_gehaald", "woonplan", 1, None),
    ("2024-03", *DTJ, "termijn_gehaald", "eerste_week", 1, None),
}


def rows_of(report):
    return {
        (r["month"][:7], r["programma"], r["age_band"], r["metric"], r["dimension"], r["count"],
         r["total"])
        for r in report["rows"]
    }  # fmt: skip


def active(report):
    return {(p["track"], p["code"]): p["count"] for p in report["phases"] if p["count"]}


@pytest.fixture
async def timeline(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        TimelineSettings(
            schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix,
            programmes=PROGRAMMES, figures_publish_interval_s=0,
        ),
    )  # fmt: skip
    async with serve(app) as client:
        await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)
        yield client, app


@pytest.fixture
async def publish(endpoints, topic_prefix):
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
    await producer.start()

    async def send(*events):
        for event in events:
            key, value = message(event)
            topic = events_topic(event.event_type.split(".")[2], topic_prefix)
            await producer.send_and_wait(topic, value, key)

    try:
        yield send
    finally:
        await producer.stop()


async def report(client, headers=AUDITOR, **params):
    return await client.get("/reports", params=PERIOD | params, headers=headers)


async def test_report_counts_flows_breaches_and_stocks_of_all_four_domains(
    timeline, publish, pool, topic_prefix, endpoints
):
    """Exact counts per month, programme and age band; late registration still classifies."""
    client, app = timeline
    await publish(*EVENTS)
    # Before A's registration arrives, A's facts are counted, as "onbekend".
    early = await eventually(
        lambda: report(client),
        lambda r: ("2024-03", *NONE, "terugval", "scan", 1, None) in rows_of(r.json()),
    )
    assert ("2024-02", *NONE, "gehuisvest", "kamer", 1, None) in rows_of(early.json())
    await publish(A_REGISTERED)
    found = await eventually(lambda: report(client), lambda r: rows_of(r.json()) == EXPECTED)
    body = found.json()
    assert (body["gemeentecode"], body["start"], body["end"]) == (
        "0518",
        "2024-01-01",
        "2024-03-31",
    )
    # Stocks now: B exited the programme, so only A (jpf) and C (unregistered) are active.
    assert active(body) == {
        ("rodeloper", "scan"): 1, ("schulden", "schuldenvrij"): 1,
        ("wonen", "gehuisvest"): 1, ("wonen", "dakloos"): 1,
    }  # fmt: skip
    assert len(body["phases"]) == 16  # every phase, zeros included, for stable charts

    jpf = (await report(client, programma="jpf", age_band="18-22")).json()
    assert rows_of(jpf) == {row for row in EXPECTED if row[1:3] == JPF}
    assert active(jpf) == {("rodeloper", "scan"): 1, ("schulden", "schuldenvrij"): 1,
                           ("wonen", "gehuisvest"): 1}  # fmt: skip
    unknown = (await report(client, programma="onbekend")).json()
    assert rows_of(unknown) == {row for row in EXPECTED if row[1:3] == NONE}
    # April holds C's six-week deadline, passed and unmet, but no timer recorded it missed:
    # the reports count what the timers recorded, as the signals do, never a due date compared
    # again (nor B's crisis conversation never held, nor A's held late: no miss recorded).
    april = (await report(client, **{"from": "2024-04", "until": "2024-04"})).json()
    assert rows_of(april) == set()
    assert {r["metric"] for r in body["rows"]}.isdisjoint(
        {"wgs_termijn_overschreden", "zes_weken_termijn_overschreden"}
    )

    # Another municipality sees only its own young person, the director theirs too: as "<5",
    # the count of one young person, and their days homeless hidden with it.
    other = (await report(client, headers=bearer("regisseur", gemeente="0268"))).json()
    assert rows_of(other) == {
        ("2024-01", *NONE, "aanmelding", "wijkteam", "<5", None),
        ("2024-01", *NONE, "gehuisvest", "kamer", "<5", None),
        ("2024-01", *NONE, "dagen_dakloos_tot_gehuisvest", None, "<5", "x"),
    }
    assert other["suppression"].startswith("Aantallen van 1 tot en met 4 staan als <5")

    # Redelivery of applied events changes nothing: the reports' inbox drops them.
    runner = app.state.reports_runner
    await publish(EVENTS[4], EVENTS[6], A_REGISTERED)
    await eventually(lambda: asyncio.sleep(0, runner.stats.duplicates), lambda n: n >= 3)
    assert rows_of((await report(client)).json()) == EXPECTED

    # facts, awaited, milestones, cells (EXPECTED's 22 rows and D's 3), conversations, youths,
    # bands
    await _rebuild_equals_live(pool, endpoints, topic_prefix, [25, 8, 6, 25, 0, 2, 2])


async def _rebuild_equals_live(pool, endpoints, topic_prefix, sizes):
    """A second runner in a fresh schema, from the start of the topics, writes the same rows.

    `sizes`: how many rows live holds in each table compared.
    """
    live, rebuilt = f"{topic_prefix}_timeline", f"{topic_prefix}_reports_rebuilt"
    async with pool.acquire() as conn:
        await migrate(conn, rebuilt, [*inbox_migrations(), *directory_migrations(MIGRATIONS)])
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    runner = ProjectionRunner(
        pool, settings, ReportsProjection(rebuilt, f"{topic_prefix}-rebuild"), schema=rebuilt,
        topics=[events_topic(d, topic_prefix) for d in domains()],
    )  # fmt: skip
    queries = [
        "SELECT * FROM {}.report_facts ORDER BY event_id, metric",
        "SELECT * FROM {}.report_awaited ORDER BY kind, key",
        "SELECT * FROM {}.report_milestones ORDER BY event_id, milestone",
        # The cells (issue 22 item 7) and the classification they count with: a late
        # registration moved A's facts out of `onbekend`, and no emptied cell stays behind.
        (
            "SELECT * FROM {}.report_cells ORDER BY gemeentecode, month, programma, age_band,"
            " metric, dimension NULLS FIRST"
        ),
        (
            "SELECT * FROM {}.report_conversation_cells ORDER BY gemeentecode, month, programma,"
            " age_band, perspective, followed_by NULLS FIRST, followed_on NULLS FIRST"
        ),
        "SELECT * FROM {}.report_youths ORDER BY youth_id",
        "SELECT * FROM {}.report_age_bands ORDER BY youth_id, from_on",
    ]

    async def tables(schema):
        return [[dict(r) for r in await pool.fetch(q.format(schema))] for q in queries]

    expected = await tables(live)
    assert [
        None if size is None else len(rows) for rows, size in zip(expected, sizes, strict=True)
    ] == sizes
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await eventually(lambda: tables(rebuilt), lambda found: found == expected)
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await task


def _cells_events(youth: str, other: str) -> list[object]:
    """Facts before and after a registration, a new band and a new programme, and follow-ups.

    The care referral, published last, is dated before the work: it becomes the first
    follow-up of the young person's conversation. The other's conversation has none.
    """
    return [
        ev("intake.youth-referred", youth, {"referrer_type": "wijkteam",
                                            "received_on": "2024-01-05"}),
        ev("housing.housed", youth, {"form": "kamer", "from_on": "2024-01-20", "days_homeless": 7}),
        ev("intake.youth-registered", youth, {"programma": "dtj", "age_band": "16-17",
                                              "registered_on": "2024-01-25"}),
        ev("coaching.future-conversation-held", youth, {"held_on": "2024-02-03",
                                                        "perspective": "werk",
                                                        "participants": ["jongere"]}),
        ev("coaching.work-started", youth, {"started_on": "2024-02-10", "kind": "betaald_voltijd",
                                            "contract": "vast"}),
        ev("intake.age-band-changed", youth, {"age_band": "18-22", "from_on": "2024-02-15"}),
        ev("housing.housed", youth, {"form": "zelfstandig", "from_on": "2024-02-20",
                                     "days_homeless": 3}),
        ev("intake.programme-enrolled", youth, {"programma": "rodeloper",
                                                "start_on": "2024-03-02"}),
        ev("coaching.relapse-signalled", youth, {"signalled_on": "2024-03-18",
                                                 "returns_to": "scan"}),
        ev("intake.youth-referred", other, {"referrer_type": "wijkteam",
                                            "received_on": "2024-02-14"}),
        ev("housing.housed", other, {"form": "kamer", "from_on": "2024-03-31", "days_homeless": 1}),
        ev("coaching.future-conversation-held", other, {"held_on": "2024-03-05",
                                                        "perspective": "opleiding",
                                                        "participants": ["jongere"]}),
        ev("coaching.care-referred", youth, {"care_kind": "enc:v1:k:x",
                                             "referred_on": "2024-02-05"}),
    ]  # fmt: skip


async def test_the_cells_give_the_flows_the_facts_give_over_any_period(
    timeline, publish, pool, topic_prefix, endpoints
):
    """The report reads cells (issue 22 item 7): exactly the rows the facts summed themselves.

    The reference is the flows' former query over every fact and the timeline's `youths`;
    whole months come from the cells (the toekomstgesprekken with what followed them from
    theirs), the days around them from the facts; on report days before, on and after a
    follow-up. The cells' migrations count the same cells from the facts, and a rebuild too.
    """
    youth, other = str(uuid.uuid4()), str(uuid.uuid4())
    events = _cells_events(youth, other)
    schema = f"{topic_prefix}_timeline"
    year = {"start": date(2024, 1, 1), "end": date(2024, 12, 31), "today": date(2024, 12, 31)}

    async def programmes():
        return {r.programma for r in await flow_rows(pool, schema, "0518", **year)}

    # Counted before the registration (onbekend), then in dtj, then moved to rodeloper: each
    # batch apart, so the facts already counted are moved between cells.
    await publish(*events[:2])
    await eventually(programmes, lambda found: found == {"onbekend"})
    await publish(*events[2:7])
    await eventually(programmes, lambda found: found == {"dtj"})
    await publish(*events[7:])
    # The whole quarter; days around whole months; no whole month; one whole month.
    periods = [
        (date(2024, 1, 1), date(2024, 3, 31)), (date(2024, 1, 14), date(2024, 3, 20)),
        (date(2024, 2, 2), date(2024, 2, 25)), (date(2024, 2, 1), date(2024, 2, 29)),
    ]  # fmt: skip
    # Before the first follow-up (Feb 5), on its day, and after both.
    days = [date(2024, 2, 4), date(2024, 2, 5), date(2024, 3, 31)]

    async def both():
        found = {}
        for start, end in periods:
            for today in days:
                old = await pool.fetch(FLOWS_OF_FACTS.format(schema=schema), "0518", start, end,
                                       today)  # fmt: skip
                new = await flow_rows(pool, schema, "0518", start=start, end=end, today=today)
                found[start, end, today] = ([dict(r) for r in old], [asdict(r) for r in new])
        return found

    quarter = (*periods[0], days[-1])

    def settled(found):
        """Both sides caught up: the same rows, the young person in rodeloper, all counted."""
        programmes = {r["programma"] for r in found[quarter][1]}
        return (
            all(new == old for old, new in found.values())
            and programmes == {"rodeloper", "onbekend"}
            and sum(r["count"] for r in found[quarter][1]) == 15
        )

    found = await eventually(both, settled)
    whole = {(r["month"].month, r["programma"], r["age_band"], r["metric"], r["dimension"],
              r["count"], r["total"]) for r in found[quarter][1]}  # fmt: skip
    # In the programme now, in the band of the fact's own day; the days homeless summed.
    rl, none = "rodeloper", "onbekend"
    assert whole == {
        (1, rl, "16-17", "aanmelding", "wijkteam", 1, None),
        (1, rl, "16-17", "gehuisvest", "kamer", 1, None),
        (1, rl, "16-17", "dagen_dakloos_tot_gehuisvest", None, 1, 7),
        (1, rl, "16-17", "inschrijving", None, 1, None),
        (2, rl, "16-17", "toekomstgesprek", "werk/zorg", 1, None),
        (2, rl, "16-17", "zorg_doorverwezen", None, 1, None),
        (2, rl, "16-17", "werk_gestart", "betaald_voltijd", 1, None),
        (2, rl, "18-22", "gehuisvest", "zelfstandig", 1, None),
        (2, rl, "18-22", "dagen_dakloos_tot_gehuisvest", None, 1, 3),
        (3, rl, "18-22", "start_programma", "rodeloper", 1, None),
        (3, rl, "18-22", "terugval", "scan", 1, None),
        (2, none, none, "aanmelding", "wijkteam", 1, None),
        (3, none, none, "gehuisvest", "kamer", 1, None),
        (3, none, none, "dagen_dakloos_tot_gehuisvest", None, 1, 1),
        (3, none, none, "toekomstgesprek", "opleiding/nog_niets", 1, None),
    }  # fmt: skip
    # What followed depends on the report's day: nothing yet the day before the referral.
    followed = {
        today: {r["dimension"] for r in found[(*periods[3], today)][1]
                if r["metric"] == "toekomstgesprek"}
        for today in days
    }  # fmt: skip
    assert followed == {days[0]: {"werk/nog_niets"}, days[1]: {"werk/zorg"},
                        days[2]: {"werk/zorg"}}  # fmt: skip
    # Read from the conversations' own cells: the first follow-up at all, and its day.
    cells = await pool.fetch(
        "SELECT month, programma, age_band, perspective, followed_by, followed_on, count"
        f" FROM {schema}.report_conversation_cells WHERE gemeentecode = '0518'"
        " ORDER BY month"
    )
    assert [tuple(r) for r in cells] == [
        (date(2024, 2, 1), rl, "16-17", "werk", "zorg", date(2024, 2, 5), 1),
        (date(2024, 3, 1), none, none, "opleiding", None, None, 1),
    ]
    live = await _cells_of(pool, schema)
    at_once, after_0144, filled = await _filled_by_the_migrations(pool, schema)
    assert (at_once[0], after_0144[0], filled) == (live[0], live[0], live)
    # facts, awaited, milestones, cells (the quarter's 13 rows but the conversations),
    # conversations, youths, bands
    await _rebuild_equals_live(pool, endpoints, topic_prefix, [15, None, None, 13, 2, 1, 2])


_CELLS = (
    (
        "SELECT * FROM {}.report_cells ORDER BY gemeentecode, month, programma, age_band,"
        " metric, dimension NULLS FIRST"
    ),
    (
        "SELECT * FROM {}.report_conversation_cells ORDER BY gemeentecode, month, programma,"
        " age_band, perspective, followed_by NULLS FIRST, followed_on NULLS FIRST"
    ),
)


async def _cells_of(conn, schema):
    return [[dict(r) for r in await conn.fetch(q.format(schema))] for q in _CELLS]


async def _filled_by_the_migrations(pool, schema):
    """The cells the migrations count from the facts, in a transaction undone after.

    In the order they run: the set-based fill (its cells apart), then 0144 (which must then
    count nothing more), then 0145.
    """
    async with pool.acquire() as conn:
        transaction = conn.transaction()
        await transaction.start()
        try:
            for table in ("report_cells", "report_conversation_cells"):
                await conn.execute(f"DELETE FROM {schema}.{table}")
            found = []
            for name in (
                "0143_report_cells_filled_at_once.sql",
                "0144_report_cells.sql",
                "0145_report_conversation_cells.sql",
            ):
                await conn.execute((MIGRATIONS / name).read_text().format(schema=schema))
                found.append(await _cells_of(conn, schema))
            return found
        finally:
            await transaction.rollback()


async def test_report_as_csv_and_its_reads_in_the_processing_log(timeline, publish, topic_prefix):
    """CSV on `/reports.csv` and on `Accept: text/csv`; every read, refused ones too, is logged."""
    client, app = timeline
    await publish(EVENTS[0], A_REGISTERED)
    await eventually(lambda: report(client), lambda r: len(r.json()["rows"]) == 2)
    log = ProcessingLog(app.state.pool, f"{topic_prefix}_timeline")
    before = len(await log.for_tenant("0518"))

    download = await client.get("/reports.csv", params=PERIOD, headers=AUDITOR)
    accepted = await client.get("/reports", params=PERIOD, headers=AUDITOR | {"Accept": "text/csv"})
    refused = await client.get("/reports.csv", params=PERIOD, headers=bearer("woonconsulent"))
    assert (download.status_code, refused.status_code) == (200, 403)
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="rapport-0518-2024-01-2024-03.csv"' in download.headers["content-disposition"]
    assert accepted.text == download.text
    rows = list(csv.reader(io.StringIO(download.text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["soort", "maand", "programma", "leeftijd", "metriek"]
    assert ["stroom", "2024-01", "jpf", "18-22", "aanmelding", "Aanmeldingen", "wijkteam", "1",
            ""] in rows  # fmt: skip
    assert len([r for r in rows if r[0] == "stand"]) == 16

    # Policy staff download the spreadsheet: the same figure, protected, a sheet per figure.
    workbook = await client.get("/reports.xlsx", params=PERIOD, headers=bearer("beleidsmedewerker"))
    assert workbook.status_code == 200
    assert workbook.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(workbook.content))["Aanmeldingen"]
    assert ("2024-01", "jpf", "18-22", "wijkteam", "<5") in [
        row[:5] for row in sheet.iter_rows(values_only=True)
    ]
    assert sheet["B5"].value.startswith("Aantallen van 1 tot en met 4 staan als <5")

    entries = (await log.for_tenant("0518"))[before:]
    assert [(e.activity, e.actor_role, e.result, e.youth_id) for e in entries] == [
        ("timeline.rapportage", "auditor", "gelukt", "onbekend"),
        ("timeline.rapportage", "auditor", "gelukt", "onbekend"),
        ("timeline.rapportage", "woonconsulent", "geweigerd", "onbekend"),
        ("timeline.rapportage", "beleidsmedewerker", "gelukt", "onbekend"),
    ]


async def test_bad_parameters_are_field_errors(timeline):
    """422 names the query parameter to correct; no token is a 401."""
    client, _ = timeline
    cases = [
        ({"from": "2024-13", "until": "2024-03"}, "from"),
        ({"from": "2024-03", "until": "2024-02"}, "until"),
        ({"until": "2024-03"}, "from"),
        (PERIOD | {"programma": "onbekend-programma"}, "programma"),
        (PERIOD | {"age_band": "30-40"}, "age_band"),
    ]
    for params, field in cases:
        response = await client.get("/reports.csv", params=params, headers=AUDITOR)
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["query", field], params
    assert (await client.get("/reports", params=PERIOD)).status_code == 401


async def test_a_month_outside_the_calendar_is_a_field_error_not_a_500(timeline):
    """Year 0 (the calendar's has none), as JSON and as CSV: 422 naming the field, nl and en."""
    client, _ = timeline
    cases = [
        ({"from": "0000-01", "until": "0000-01"}, "from"),
        ({"from": "2024-01", "until": "0000-12"}, "until"),
        ({"from": "2024-03", "until": "2024-02"}, "until"),
        ({"from": "2024-1", "until": "2024-02"}, "from"),
        ({"from": "\u0662\u0660\u0662\u0666-01", "until": "2026-02"}, "from"),  # Arabic-Indic
    ]
    for path in ("/reports", "/reports.csv"):
        for params, field in cases:
            response = await client.get(path, params=params, headers=AUDITOR)
            assert response.status_code == 422, (path, params, response.text)
            problem = response.json()["detail"][0]
            assert problem["loc"] == ["query", field], (path, params)
            assert problem["msg"] != problem["msg_en"]
            assert field in problem["msg"], problem
            assert field in problem["msg_en"], problem
    year_zero = await report(client, **{"from": "0000-01", "until": "0000-01"})
    assert "jaar 0 valt buiten" in year_zero.json()["detail"][0]["msg"]
    assert "year 0 is outside" in year_zero.json()["detail"][0]["msg_en"]
    last = await report(client, **{"from": "9999-12", "until": "9999-12"})
    assert last.status_code == 200, last.text


def _nazorg(youth, programma, enrolled_on, started_on):
    return [
        ev("intake.programme-enrolled", youth, {"programma": programma, "start_on": enrolled_on}),
        ev("intake.aftercare-started", youth, {"programma": programma, "started_on": started_on,
                                                "follow_ups": []}),
    ]  # fmt: skip


def _follow_up(youth, started_on, month, **outcome):
    flags = {"still_housed": False, "in_work": False, "in_education": False, "debt_free": False,
             "in_contact": True, "relapsed": False} | outcome  # fmt: skip
    data = {"month": month, "aftercare_started_on": started_on, "followed_up_on": started_on}
    return ev("intake.follow-up-recorded", youth, data | flags)


async def test_lasting_outcomes_per_enrolment_cohort_at_6_and_12_months(timeline, publish):
    """Followed up or missed (a late record replaces the miss); relapse within 12 months."""
    client, _app = timeline
    p, q, r, s = (str(uuid.uuid4()) for _ in range(4))
    missed = "intake.follow-up-missed"
    await publish(
        *_nazorg(p, "jpf", "2024-01-15", "2024-06-01"),
        _follow_up(p, "2024-06-01", 6, still_housed=True, in_education=True),
        ev(missed, p, {"month": 12, "due_on": "2025-06-01"}),
        *_nazorg(q, "jpf", "2024-01-20", "2024-05-01"),
        ev(missed, q, {"month": 6, "due_on": "2024-11-01"}),
        _follow_up(q, "2024-05-01", 6, in_work=True, debt_free=True, relapsed=True),
        _follow_up(q, "2024-05-01", 12, still_housed=True, debt_free=True),
        *_nazorg(r, "dtj", "2024-02-03", "2024-04-01"),
        _follow_up(r, "2024-04-01", 6),
        ev("coaching.relapse-signalled", r, {"signalled_on": "2025-01-15", "returns_to": "scan"}),
        *_nazorg(s, "dtj", "2024-02-10", "2024-03-01"),
        ev("coaching.relapse-signalled", s, {"signalled_on": "2025-06-01", "returns_to": "scan"}),
    )

    def lasting(answer):
        body = answer.json()
        outcomes = {(o["cohort"][:7], o["programma"], o["month"]): (
            o["followed_up"], o["missed"], o["still_housed"], o["work_or_education"],
            o["debt_free"]) for o in body["outcomes"]}  # fmt: skip
        relapses = {(x["cohort"][:7], x["programma"]): (x["in_aftercare"],
                    x["relapsed_within_12_months"]) for x in body["relapses"]}  # fmt: skip
        return outcomes, relapses

    expected = (
        {("2024-01", "jpf", 6): (2, 0, 1, 2, 1), ("2024-01", "jpf", 12): (1, 1, 1, 0, 1),
         ("2024-02", "dtj", 6): (1, 0, 0, 0, 0)},
        {("2024-01", "jpf"): (2, 1), ("2024-02", "dtj"): (2, 1)},
    )  # fmt: skip
    answer = await eventually(lambda: report(client), lambda a: lasting(a) == expected)
    [six] = [o for o in answer.json()["outcomes"] if o["programma"] == "jpf" and o["month"] == 6]
    assert (six["share_still_housed"], six["share_work_or_education"]) == (0.5, 1.0)
    only_dtj = await report(client, programma="dtj")
    assert {o["programma"] for o in only_dtj.json()["outcomes"]} == {"dtj"}

    assert (await log_in(client, token("auditor"))).status_code == 303
    page = await client.get("/ui/rapportage", params={"van": "2024-01", "tot": "2024-03"})
    text = re.sub(r"\s+", " ", page.text)
    assert page.status_code == 200
    assert (
        '<th scope="row">01-2024</th><td>Jongeren perspectief fonds</td><td class="getal">12</td>'
        '<td class="getal">1</td><td class="getal">1</td>'
    ) in text, text[text.find("kop-blijvend") :][:2000]


async def test_volunteering_is_counted_as_a_destination_of_an_exit_and_a_coaching_end(
    timeline, publish
):
    """`vrijwilligerswerk` comes out of the report from intake's exit and coaching's end."""
    client, _app = timeline
    youth = str(uuid.uuid4())
    await publish(
        ev("intake.youth-registered", youth, {"programma": "dtj", "age_band": "18-22",
                                              "registered_on": "2024-01-05"}),
        ev("coaching.coaching-ended", youth, {"reason": "doel_bereikt",
                                              "destination": "vrijwilligerswerk",
                                              "ended_on": "2024-02-09"}),
        ev("intake.programme-exited", youth, {"programma": "dtj", "reason": "doel_bereikt",
                                              "destination": "vrijwilligerswerk",
                                              "exit_on": "2024-02-14"}),
    )  # fmt: skip
    expected = {
        ("2024-02", "dtj", "18-22", "begeleiding_afgesloten", "vrijwilligerswerk", 1, None),
        ("2024-02", "dtj", "18-22", "uitstroom", "vrijwilligerswerk", 1, None),
    }
    found = await eventually(lambda: report(client), lambda r: expected <= rows_of(r.json()))
    exits = {
        row for row in rows_of(found.json()) if row[3] in {"uitstroom", "begeleiding_afgesloten"}
    }
    assert exits == expected


async def test_income_counts_inflow_outflow_allowances_and_waivers_with_detention_never_named(
    timeline, publish
):
    """Issue 21: bijstand in by norm, out by reason, allowances by kind, waivers by reason.

    The end is a version 1 naming detention in clear: read through the released upcaster, it
    counts as `anders`, as version 2 publishes it (detention is criminal-law data).
    """
    client, _app = timeline
    youth, benefit = str(uuid.uuid4()), str(uuid.uuid4())
    sealed = "enc:v1:k:x"
    await publish(
        ev("intake.youth-registered", youth, {"programma": "dtj", "age_band": "18-22",
                                              "registered_on": "2024-01-05"}),
        ev("income.search-period-waived", youth, {"benefit_id": benefit, "reason": "dakloosheid",
                                                  "waived_on": "2024-01-20"}),
        ev("income.benefit-granted", youth, {"benefit_id": benefit, "norm": "alleenstaand",
                                             "cost_sharers": None, "monthly_amount": sealed,
                                             "granted_on": "2024-01-22", "from_on": "2024-01-22"}),
        ev("income.allowance-granted", youth, {"allowance_id": str(uuid.uuid4()),
                                               "kind": "zorgtoeslag", "monthly_amount": sealed,
                                               "granted_on": "2024-02-10"}),
        ev("income.benefit-ended", youth, {"benefit_id": benefit, "reason": "detentie",
                                           "ended_on": "2024-03-31"}),
    )  # fmt: skip
    expected = {
        ("2024-01", "dtj", "18-22", "zoektermijn_vrijgesteld", "dakloosheid", 1, None),
        ("2024-01", "dtj", "18-22", "bijstand_instroom", "alleenstaand", 1, None),
        ("2024-02", "dtj", "18-22", "toeslag_toegekend", "zorgtoeslag", 1, None),
        ("2024-03", "dtj", "18-22", "bijstand_uitstroom", "anders", 1, None),
    }
    income = {"zoektermijn_vrijgesteld", "bijstand_instroom", "toeslag_toegekend",
              "bijstand_uitstroom"}  # fmt: skip
    found = await eventually(lambda: report(client), lambda r: expected <= rows_of(r.json()))
    assert {row for row in rows_of(found.json()) if row[3] in income} == expected
    download = await client.get("/reports.csv", params=PERIOD, headers=AUDITOR)
    assert download.status_code == 200, download.text
    assert "Uitstroom uit de bijstand (per reden)" in download.text
    assert "detentie" not in download.text
    # The web view's report shows them too, a table per flow, each code in words.
    assert (await log_in(client, token("auditor"))).status_code == 303
    page = await client.get("/ui/rapportage", params={"van": "2024-01", "tot": "2024-03"})
    assert page.status_code == 200, page.text
    text = re.sub(r"\s+", " ", page.text)
    assert '<h2 id="kop-bijstand">Bijstand en toeslagen</h2>' in text
    for metric, words in (("bijstand_instroom:alleenstaand", "alleenstaandennorm"),
                          ("bijstand_uitstroom:anders", "andere reden"),
                          ("toeslag_toegekend:zorgtoeslag", "zorgtoeslag"),
                          ("zoektermijn_vrijgesteld:dakloosheid", "dakloos")):  # fmt: skip
        row = text.split(f'data-inkomen="{metric}"', 1)[1].split("</tr>", 1)[0]
        assert words in row, (metric, row)
        assert '<td class="getal">1</td>' in row, (metric, row)
    assert "detentie" not in page.text


def _times(answer, grain="maand"):
    """(cohort, programma) -> (started, {milestone: (reached, median, p75)}) of those reached."""
    return {
        (c["cohort"], c["programma"]): (c["started"], {
            m["milestone"]: (m["reached"], m["median_days"], m["p75_days"])
            for m in c["milestones"] if m["reached"] != 0})
        for c in answer.json()["durations"] if c["grain"] == grain
    }  # fmt: skip


async def test_days_to_each_milestone_per_enrolment_cohort_exact_and_protected(timeline, publish):
    """From the first start in a programme; drop-out only from its own programme's exit."""
    client, _app = timeline
    p, q, r = (str(uuid.uuid4()) for _ in range(3))
    enrolled = "intake.programme-enrolled"
    await publish(
        ev("housing.housed", p, {"form": "kamer", "from_on": "2024-01-02"}),  # before: not counted
        ev(enrolled, p, {"programma": "jpf", "start_on": "2024-01-10"}),
        ev("intake.future-plan-agreed", p, {"plan_id": "plan-p", "goals": [],
                                            "agreed_on": "2024-01-20"}),
        ev("debts.first-conversation-held", p, {"trajectory_id": str(uuid.uuid4()),
                                                "held_on": "2024-02-09"}),
        ev("housing.housed", p, {"form": "kamer", "from_on": "2024-03-10"}),
        ev(enrolled, q, {"programma": "jpf", "start_on": "2024-01-15"}),
        ev("intake.future-plan-agreed", q, {"plan_id": "plan-q", "goals": [],
                                            "agreed_on": "2024-02-14"}),
        ev("intake.programme-exited", q, {"programma": "jpf", "reason": "zelf_gestopt",
                                          "destination": "werk", "exit_on": "2024-03-15"}),
        ev(enrolled, q, {"programma": "jpf", "start_on": "2024-03-20"}),  # the first start counts
        ev(enrolled, r, {"programma": "dtj", "start_on": "2024-02-01"}),
        ev("intake.programme-exited", r, {"programma": "dtj", "reason": "niet_verschenen",
                                          "destination": "geen", "exit_on": "2024-02-21"}),
    )  # fmt: skip
    expected = {
        ("2024-01", "jpf"): (2, {"toekomstplan": (2, 20, 25), "eerste_gesprek": (1, 30, 30),
                                 "gehuisvest": (1, 60, 60), "werk_of_opleiding": (1, 60, 60)}),
        ("2024-02", "dtj"): (1, {"uitval": (1, 20, 20)}),
    }  # fmt: skip
    answer = await eventually(lambda: report(client), lambda a: _times(a) == expected)
    quarters = {("2024-K1", "jpf"): expected["2024-01", "jpf"],
                ("2024-K1", "dtj"): expected["2024-02", "dtj"]}  # fmt: skip
    assert _times(answer, "kwartaal") == quarters

    protected = await report(client, headers=bearer("beleidsmedewerker"))
    [jan] = [c for c in protected.json()["durations"] if c["cohort"] == "2024-01"]
    [plan] = [m for m in jan["milestones"] if m["milestone"] == "toekomstplan"]
    assert (jan["started"], plan) == ("<5", {
        "milestone": "toekomstplan", "reached": "<5", "median_days": None, "p75_days": None,
        "withheld": "Niet gepubliceerd: <5 jongeren."})  # fmt: skip
    shown = [m for c in protected.json()["durations"] for m in c["milestones"]]
    assert all(m["median_days"] is None and m["withheld"] for m in shown)

    assert (await log_in(client, token("auditor"))).status_code == 303
    page = await client.get("/ui/rapportage", params={"van": "2024-01", "tot": "2024-03"})
    text = re.sub(r"\s+", " ", page.text)
    nobody = f'\u2013<span class="visueel-verborgen"> {NOBODY}</span>'
    cells = ["2", "30 · 30 (1)", "20 · 25 (2)", "60 · 60 (1)", nobody, "60 · 60 (1)", nobody]
    row = '<th scope="row">2024-01</th><td>Jongeren perspectief fonds</td>' + "".join(
        f'<td class="getal">{cell}</td>' for cell in cells
    )
    assert row in text, text[text.find("kop-doorlooptijd") :][:3000]


def monitor(programma: str) -> dict[str, str]:
    """A programmamonitor's header: its token names the programme it monitors."""
    token = mint_token(AuthSettings(), subject="monitor-1", roles=["programmamonitor"],
                       gemeentecode="0518", programma=programma)  # fmt: skip
    return {"Authorization": f"Bearer {token}"}


def small_exact(body: object) -> list[int]:
    """Every exact count from 1 to 4 anywhere in an answer: none may be there."""
    if isinstance(body, dict):
        return [n for value in body.values() for n in small_exact(value)]
    if isinstance(body, list):
        return [n for value in body for n in small_exact(value)]
    return [body] if isinstance(body, int) and not isinstance(body, bool) and 1 <= body <= 4 else []


async def test_two_municipalities_protected_figures_reach_only_their_programmes_monitor(
    timeline, publish, topic_prefix
):
    """0518 and 0268 publish per month on their own topics; dtj's monitor reads both as "<5".

    jpf's monitor reads nothing of them; a publication with an exact small count, or on
    another municipality's topic, is dead-lettered with the reason; every read is logged.
    """
    client, app = timeline
    in_0268 = str(uuid.uuid4())
    dtj = {"programma": "dtj", "age_band": "18-22", "registered_on": "2024-01-15"}
    await publish(
        *EVENTS, A_REGISTERED, ev("intake.youth-registered", in_0268, dtj, gemeente="0268")
    )
    for gemeente in ("0518", "0268"):
        await eventually(lambda g=gemeente: report(client, bearer("auditor", gemeente=g)),
                         lambda r: any(row["metric"] == "inschrijving" and row["programma"] == "dtj"
                                       for row in r.json()["rows"]))  # fmt: skip
    platform = app.state.platform
    publisher = FigurePublisher(
        app.state.pool, platform, schema=f"{topic_prefix}_timeline", threshold=4, months=3,
        interval_s=0, today=lambda: date(2024, 3, 31),
    )  # fmt: skip
    producer = make_producer(platform)
    await producer.start()
    try:
        # Two replicas' passes at once: one publishes the two municipalities' three months.
        passes = await asyncio.gather(publisher.publish_once(producer),
                                      publisher.publish_once(producer))  # fmt: skip
        assert sorted(passes) == [0, 6]
        assert await publisher.publish_once(producer) == 0  # unchanged: nothing sent again
        exact = MunicipalFiguresPublished(
            gemeentecode="0518", period="2024-04", revision=1, threshold=4, suppression=rule(4),
            figures=[PublishedFigure(metric="inschrijving", programma="dtj", count=2)])  # fmt: skip
        elsewhere = exact.model_copy(update={"gemeentecode": "0268", "figures": []})
        for forged in (exact, elsewhere):
            value = envelope(forged, uuid.uuid4(), platform.oin).model_dump_json().encode()
            await producer.send_and_wait(figures_topic("0518", topic_prefix), value=value)
    finally:
        await producer.stop()

    def complete(answer):
        months = [m for f in answer.json()["figures"] for m in f["months"]]
        return bool(months) and all(v is not None for m in months for v in m["counts"].values())

    answer = await eventually(
        lambda: client.get("/comparisons", params=PERIOD, headers=monitor("dtj")), complete
    )
    body = answer.json()
    assert body["gemeenten"] == ["0518", "0268"]
    registered = next(f for f in body["figures"] if f["metric"] == "inschrijving")
    assert registered["months"][0] == {"month": "2024-01", "counts": {"0518": "<5", "0268": "<5"}}
    assert small_exact(body) == []
    assert set(body["suppression"]) == {"0518", "0268"}

    wrong = await client.get("/comparisons", params={"from": "2024-13", "until": "2024-03"},
                             headers=monitor("dtj"))  # fmt: skip
    assert (wrong.status_code, wrong.json()["detail"][0]["loc"]) == (422, ["query", "from"])
    others = await client.get("/comparisons", params=PERIOD, headers=monitor("jpf"))
    assert others.json()["gemeenten"] == ["0363"]
    assert "0518" not in others.text
    assert "0268" not in others.text
    assert all(v is None for f in others.json()["figures"] for m in f["months"]
               for v in m["counts"].values())  # fmt: skip
    sheet = await client.get("/comparisons.xlsx", params=PERIOD, headers=monitor("dtj"))
    assert load_workbook(io.BytesIO(sheet.content))["Inschrijvingen"]["B7"].value == "<5"

    reasons = await eventually(
        lambda: _reasons(app),
        lambda found: len(found) == 2,
    )
    assert any("exact small count" in r for r in reasons)
    assert any("figures of 0268 on the topic of 0518" in r for r in reasons)
    entries = await ProcessingLog(app.state.pool, f"{topic_prefix}_timeline").for_tenant("0518")
    reads = [(e.actor_role, e.result) for e in entries if e.activity == "timeline.vergelijking"]
    done, refused = ("programmamonitor", "gelukt"), ("programmamonitor", "geweigerd")
    assert reads[-4:] == [done, refused, done, done]  # the month 2024-13 refused
    await _rebuilt_comparison_equals_live(client, app, body)


async def _rebuilt_comparison_equals_live(client, app, body):
    """`rebuild comparison` from the figure topics equals live and swaps in.

    The publication on another's topic is left out as the live reader dead-lettered it, the
    exact small count refused by the same code; the programme's monitor reads the same after.
    """
    spec = app.state.projections["comparison"]
    result = await rebuild(app.state.pool, app.state.platform, spec)
    assert (result.equal, result.swapped, result.applied) == (True, True, 6), result.as_json()
    table = f"{spec.schema}.comparison_figures"
    figures = await app.state.pool.fetchval(f"SELECT count(*) FROM {table}")
    rows = {c.table: c.live.rows for c in result.comparisons}
    assert rows == {"comparison_months": 6, "comparison_figures": figures}
    after = await client.get("/comparisons", params=PERIOD, headers=monitor("dtj"))
    assert after.json() == body


async def _reasons(app):
    return list(app.state.comparison_runner.stats.dead_letter_reasons)


async def test_the_seeds_figures_from_the_domains_events_exact_and_protected(timeline, publish):
    """Toekomstgesprekken and what followed, the fund's cohorts, woontoelagen and maatwerk.

    What followed is the first follow-up on or after the conversation's day (a start before it
    does not count); a fund cohort is a young person's first start in the fund, and a
    settlement before it does not make them debt-free in the fund.
    """
    client, _app = timeline
    p, q, r, j1, j2 = (str(uuid.uuid4()) for _ in range(5))
    talk, t1, t2 = "coaching.future-conversation-held", str(uuid.uuid4()), str(uuid.uuid4())
    held = {"participants": ["jongere"]}
    await publish(
        *(ev("intake.youth-registered", y, {"programma": programma, "age_band": "18-22",
                                            "registered_on": "2024-01-02"})
          for y, programma in ((p, "toekomstgesprek"), (q, "toekomstgesprek"),
                               (r, "toekomstgesprek"), (j1, "jpf"), (j2, "jpf"))),
        ev(talk, p, {**held, "perspective": "werk", "held_on": "2024-01-10"}),
        ev("coaching.education-started", p, {"level": "mbo2", "started_on": "2024-01-20"}),
        ev("coaching.work-started", p, {"kind": "betaald_deeltijd", "contract": "tijdelijk",
                                        "started_on": "2024-02-01"}),
        ev("coaching.work-started", q, {"kind": "betaald_deeltijd", "contract": "tijdelijk",
                                        "started_on": "2024-01-15"}),  # before: no follow-up
        ev(talk, q, {**held, "perspective": "vrijwilligerswerk", "held_on": "2024-02-05"}),
        ev("intake.programme-exited", q, {"programma": "toekomstgesprek", "reason": "doel_bereikt",
                                          "destination": "vrijwilligerswerk",
                                          "exit_on": "2024-03-01"}),
        ev(talk, r, {**held, "perspective": "zorg", "held_on": "2024-03-10"}),
        ev("housing.housing-allowance-granted", p, {
            "allowance_id": "w-1", "monthly_amount": "enc:v1:k:x", "from_on": "2024-02-01",
            "until_on": "2024-07-31", "reason": "geen_huurtoeslag"}),
        ev("intake.customisation-applied", q, {"rule": "kostendelersnorm",
                                               "rationale": "enc:v1:k:x",
                                               "applied_on": "2024-02-02"}),
        ev("debts.debt-help-requested", j1, {"trajectory_id": t1, "requested_on": "2024-01-15",
                                             "first_conversation_due": "2024-02-12",
                                             "crisis": False, "programma": "jpf"}),
        ev("debts.counterpart-agreed", j1, {"trajectory_id": t1, "kind": "vrijwilligerswerk",
                                            "hours": 40, "goals": "enc:v1:k:x",
                                            "agreed_on": "2024-01-20"}),
        ev("debts.counterpart-completed", j1, {"trajectory_id": t1, "completed_on": "2024-02-20"}),
        ev("debts.debts-settled", j1, {"trajectory_id": t1, "settled_on": "2024-03-01",
                                       "solution_kind": "schuldbemiddeling",
                                       "amount_settled": "enc:x"}),
        ev("debts.debts-settled", j2, {"trajectory_id": t2, "settled_on": "2023-12-01",
                                       "solution_kind": "betalingsregeling",
                                       "amount_settled": "enc:x"}),  # before the fund
        ev("debts.trajectory-joined-fund", j2, {"trajectory_id": t2, "joined_on": "2024-02-03"}),
        ev("debts.counterpart-agreed", j2, {"trajectory_id": t2, "kind": "opleiding",
                                            "hours": 20, "goals": "enc:v1:k:x",
                                            "agreed_on": "2024-02-10"}),
        ev("debts.write-off-revoked", j2, {"trajectory_id": t2, "reason": "stage_niet_afgerond",
                                           "reopened": "enc:x", "revoked_on": "2024-03-05"}),
    )  # fmt: skip

    def talks(answer):
        return {c["perspective"]: (c["held"], {k: v for k, v in c["followed"].items() if v != 0})
                for c in answer.json()["conversations"]}  # fmt: skip

    expected = {
        "werk": (1, {"opleiding": 1}),
        "vrijwilligerswerk": (1, {"vrijwilligerswerk": 1}),
        "zorg": (1, {"nog_niets": 1}),
        "alle": (3, {"opleiding": 1, "vrijwilligerswerk": 1, "nog_niets": 1}),
    }
    fund = [
        {"cohort": "2024-01-01", "programma": "jpf", "started": 1, "counterpart_agreed": 1,
         "counterpart_completed": 1, "write_off_revoked": 0, "debt_free": 1,
         "share_debt_free": 1.0, "share_counterpart_completed": 1.0},
        {"cohort": "2024-02-01", "programma": "jpf", "started": 1, "counterpart_agreed": 1,
         "counterpart_completed": 0, "write_off_revoked": 1, "debt_free": 0,
         "share_debt_free": 0.0, "share_counterpart_completed": 0.0},
    ]  # fmt: skip
    flows = {
        ("2024-02", "toekomstgesprek", "18-22", "woontoelage_toegekend", None, 1, None),
        ("2024-02", "toekomstgesprek", "18-22", "maatwerk_toegepast", "kostendelersnorm", 1, None),
    }
    # The rows name programme and age band from the young people the timeline's own runner
    # keeps, apart from the reports' runner: until it has them they read `onbekend`.
    jpf = {"jpf_gestart", "jpf_tegenprestatie_afgesproken", "jpf_kwijtschelding_ingetrokken"}

    def complete(a) -> bool:
        rows = rows_of(a.json())
        in_jpf = {row[3] for row in rows if row[1] == "jpf"}
        return talks(a) == expected and a.json()["fund"] == fund and flows <= rows and jpf <= in_jpf

    answer = await eventually(lambda: report(client), complete)
    rows = rows_of(answer.json())
    held = {t["dimension"]: t["count"] for t in answer.json()["totals"]
            if t["metric"] == "toekomstgesprek" and t["month"] is None}  # fmt: skip
    assert held == {"werk/opleiding": 1, "vrijwilligerswerk/vrijwilligerswerk": 1,
                     "zorg/nog_niets": 1, None: 3}  # fmt: skip
    assert {row[3] for row in rows if row[1] == "jpf"} >= {
        "jpf_gestart",
        "jpf_tegenprestatie_afgesproken",
        "jpf_kwijtschelding_ingetrokken",
    }

    protected = (await report(client, headers=bearer("beleidsmedewerker"))).json()
    [every] = [c for c in protected["conversations"] if c["perspective"] == "alle"]
    assert (every["held"], every["followed"]["nog_niets"]) == ("<5", "<5")
    assert [f["started"] for f in protected["fund"]] == ["<5", "<5"]
    assert small_exact(protected["conversations"]) == small_exact(protected["fund"]) == []

    assert (await log_in(client, token("auditor"))).status_code == 303
    page = await client.get("/ui/rapportage", params={"van": "2024-01", "tot": "2024-03"})
    text = re.sub(r"\s+", " ", page.text)
    assert (
        '<tr data-toekomstgesprek="alle"><th scope="row">Alle perspectieven</th>'
        '<td class="getal">3</td><td class="getal">0</td><td class="getal">1</td>'
        '<td class="getal">1</td><td class="getal">0</td><td class="getal">0</td>'
        '<td class="getal">1</td></tr>'
    ) in text, text[text.find("kop-toekomstgesprekken") :][:2000]
    assert '<tr data-maatwerk="kostendelersnorm"><th scope="row">kostendelersnorm</th>' in text
    assert '<tr data-woontoelagen-totaal><th scope="row">Hele periode</th><td class="getal">1<' in (
        text
    )
    assert '<tr data-jpf="2024-02-jpf"><th scope="row">02-2024</th>' in text
