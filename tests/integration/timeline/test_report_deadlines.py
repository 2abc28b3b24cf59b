"""The reports count deadlines met and missed from the timers' facts, and the Doorbraken.

Over the real broker and PostgreSQL. Each kind has a young person whose timer recorded the
miss and one whose awaited fact came first; a fact after a recorded miss is not met. The
Doorbraken are counted per obstructing rule: resolved, not resolved and still open.
"""

from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
from aiokafka import AIOKafkaProducer

from services.timeline.bootstrap import create_app
from services.timeline.settings import TimelineSettings
from shared.kafka import events_topic
from tests.integration.timeline.web_session import log_in
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.cloudevents import message, recorded
from tests.support.waiting import eventually

PERIOD = {"from": "2024-01", "until": "2024-03"}
AUDITOR = bearer("auditor")
P, Q, R, S, T, U, V = (str(uuid.uuid4()) for _ in range(7))
T1, T2, E1, E2 = (str(uuid.uuid4()) for _ in range(4))
B1, B2, B3 = (str(uuid.uuid4()) for _ in range(3))


def ev(type_name: str, youth: str, data: dict) -> object:
    return recorded(f"nl.regie.{type_name}", youth, data)


EVENTS = [
    # Debts: P missed (and held later: still missed), Q held in time.
    ev("debts.debt-help-requested", P, {"trajectory_id": T1, "requested_on": "2024-01-02",
                                        "first_conversation_due": "2024-01-30", "crisis": False}),
    ev("debts.first-conversation-deadline-missed", P, {"trajectory_id": T1,
                                                       "first_conversation_due": "2024-01-30",
                                                       "missed_on": "2024-01-31"}),
    ev("debts.first-conversation-held", P, {"trajectory_id": T1, "held_on": "2024-02-05"}),
    ev("debts.debt-help-requested", Q, {"trajectory_id": T2, "requested_on": "2024-02-01",
                                        "first_conversation_due": "2024-02-29", "crisis": False}),
    ev("debts.first-conversation-held", Q, {"trajectory_id": T2, "held_on": "2024-02-10"}),
    # Housing: R's first week missed, its plan agreed in time; S sheltered with a briefadres
    # in time, its plan missed.
    ev("housing.homelessness-registered", R, {"episode_id": E1, "registered_on": "2024-01-08",
                                              "first_week_due": "2024-01-15",
                                              "plan_due": "2024-02-19"}),
    ev("housing.first-week-shelter-missed", R, {"episode_id": E1, "due_on": "2024-01-15",
                                                "lacking": ["dak", "briefadres"]}),
    ev("housing.housing-plan-agreed", R, {"agreed_on": "2024-02-01"}),
    ev("housing.homelessness-registered", S, {"episode_id": E2, "registered_on": "2024-01-08",
                                              "first_week_due": "2024-01-15",
                                              "plan_due": "2024-02-19"}),
    ev("housing.shelter-admitted", S, {"admitted_on": "2024-01-09"}),
    ev("housing.postal-address-arranged", S, {"arranged_on": "2024-01-10"}),
    ev("housing.housing-plan-deadline-missed", S, {"episode_id": E2, "due_on": "2024-02-19"}),
    # Intake: T's toekomstplan overdue, U's agreed in time; an enrolment without a due day
    # (recorded before the field) awaits nothing.
    ev("intake.programme-enrolled", T, {"programma": "jpf", "start_on": "2024-01-01",
                                        "plan_due_on": "2024-02-12"}),
    ev("intake.future-plan-overdue", T, {"programma": "jpf", "due_on": "2024-02-12"}),
    ev("intake.programme-enrolled", U, {"programma": "jpf", "start_on": "2024-01-01",
                                        "plan_due_on": "2024-02-12"}),
    ev("intake.programme-enrolled", U, {"programma": "rodeloper", "start_on": "2024-01-01"}),
    ev("intake.future-plan-agreed", U, {"plan_id": "plan-1", "goals": [],
                                        "agreed_on": "2024-02-01"}),
    # The plan's reviews and goals: V's first review and goal v1 missed (v1 reached later:
    # still missed), v2 reached in time, v3 dropped (neither), the second review in time.
    ev("intake.future-plan-agreed", V, {"plan_id": "plan-v", "agreed_on": "2024-01-03",
                                        "review_due_on": "2024-02-03",
                                        "goals": [{"goal_id": g, "owner": "regisseur",
                                                   "due_on": d}
                                                  for g, d in (("v1", "2024-02-01"),
                                                               ("v2", "2024-02-10"),
                                                               ("v3", "2024-03-01"))]}),
    ev("intake.goal-overdue", V, {"plan_id": "plan-v", "goal_id": "v1", "due_on": "2024-02-01"}),
    ev("intake.plan-review-due", V, {"plan_id": "plan-v", "due_on": "2024-02-03"}),
    ev("intake.future-plan-reviewed", V, {"plan_id": "plan-v", "reviewed_on": "2024-02-08",
                                          "statuses": {"v1": "bereikt", "v2": "bereikt",
                                                       "v3": "vervallen"},
                                          "review_due_on": "2024-05-08"}),
    ev("intake.future-plan-reviewed", V, {"plan_id": "plan-v", "reviewed_on": "2024-03-01",
                                          "statuses": {}, "review_due_on": "2024-06-01"}),
    # Doorbraak: two on the kostendelersnorm (one broken through, one open), one not resolved.
    ev("intake.breakthrough-requested", T, {"breakthrough_id": B1,
                                            "obstruction": "kostendelersnorm",
                                            "organisation": "gemeente",
                                            "requested_on": "2024-02-01"}),
    ev("intake.breakthrough-resolved", T, {"breakthrough_id": B1, "outcome": "opgelost_maatwerk",
                                           "resolved_on": "2024-02-20"}),
    ev("intake.breakthrough-requested", U, {"breakthrough_id": B2,
                                            "obstruction": "kostendelersnorm",
                                            "organisation": "gemeente",
                                            "requested_on": "2024-03-01"}),
    ev("intake.breakthrough-requested", U, {"breakthrough_id": B3,
                                            "obstruction": "woningtoewijzing",
                                            "organisation": "woningcorporatie",
                                            "requested_on": "2024-03-02"}),
    ev("intake.breakthrough-resolved", U, {"breakthrough_id": B3, "outcome": "niet_opgelost",
                                           "resolved_on": "2024-03-10"}),
]  # fmt: skip


@pytest.fixture
async def timeline(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix),
    )
    async with serve(app) as client:
        await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)
        producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
        await producer.start()
        try:
            for event in EVENTS:
                key, value = message(event)
                topic = events_topic(event.event_type.split(".")[2], topic_prefix)
                await producer.send_and_wait(topic, value, key)
        finally:
            await producer.stop()
        yield client


def complete(report) -> bool:
    body = report.json()
    return (
        report.status_code == 200
        and sum(e["requested"] for e in body["escalations"]) == 3
        and (sum(d["met"] + d["missed"] for d in body["deadlines"]) == 12)
    )


async def test_each_kind_counts_its_timers_misses_and_the_facts_that_came_first(timeline):
    """Met and missed per kind; a conversation held after its recorded miss is not met."""
    found = await eventually(
        lambda: timeline.get("/reports", params=PERIOD, headers=AUDITOR), complete
    )

    counts = {d["kind"]: (d["met"], d["missed"]) for d in found.json()["deadlines"]}
    assert counts == {
        "eerste_gesprek": (1, 1),
        "eerste_week": (1, 1),
        "woonplan": (1, 1),
        "toekomstplan": (1, 1),
        "planevaluatie": (1, 1),  # as the signals' planevaluatie and doel: the timers' facts
        "doel": (1, 1),
        "overgangsplan": (0, 0),  # nobody here was registered under 18
    }
    rows = {(r["month"][:7], r["metric"], r["dimension"], r["count"]) for r in found.json()["rows"]}
    assert ("2024-01", "termijn_gemist", "eerste_gesprek", 1) in rows  # on the day it was due
    assert ("2024-02", "termijn_gehaald", "eerste_gesprek", 1) in rows
    assert ("2024-02", "termijn_gemist", "planevaluatie", 1) in rows  # the day it was due
    assert ("2024-03", "termijn_gehaald", "planevaluatie", 1) in rows  # the next review
    assert ("2024-02", "termijn_gehaald", "doel", 1) in rows  # v2, on the review's day


async def test_escalations_per_obstructing_rule_resolved_or_not_and_in_the_csv(timeline):
    """Per rule: asked, broken through, not broken through, still open; the CSV lists them."""
    await eventually(lambda: timeline.get("/reports", params=PERIOD, headers=AUDITOR), complete)

    body = (await timeline.get("/reports", params=PERIOD, headers=AUDITOR)).json()
    march = (await timeline.get("/reports", params={"from": "2024-03", "until": "2024-03"},
                                headers=AUDITOR)).json()  # fmt: skip
    download = await timeline.get("/reports.csv", params=PERIOD, headers=AUDITOR)

    assert body["escalations"] == [
        {"obstruction": "kostendelersnorm", "requested": 2, "resolved": 1, "not_resolved": 0,
         "open": 1},
        {"obstruction": "woningtoewijzing", "requested": 1, "resolved": 0, "not_resolved": 1,
         "open": 0},
    ]  # fmt: skip
    assert [e["obstruction"] for e in march["escalations"]] == [
        "kostendelersnorm", "woningtoewijzing",
    ]  # fmt: skip
    lines = list(csv.reader(io.StringIO(download.text.removeprefix("\ufeff")), delimiter=";"))
    assert ["doorbraak", "", "", "", "doorbraak_open", "Doorbraak nog open", "kostendelersnorm",
            "1", ""] in lines  # fmt: skip
    other = await timeline.get(
        "/reports", params=PERIOD, headers=bearer("auditor", gemeente="0268")
    )
    assert other.json()["escalations"] == []
    assert all(d["met"] == d["missed"] == 0 for d in other.json()["deadlines"])


async def test_the_report_page_shows_the_deadlines_and_the_breakthroughs_per_rule(timeline):
    """Two tables under the charts: met and missed per kind, the Doorbraken in Dutch."""
    await eventually(lambda: timeline.get("/reports", params=PERIOD, headers=AUDITOR), complete)
    signed_in = await log_in(timeline, token("auditor"))
    assert signed_in.status_code == 303, signed_in.text

    page = await timeline.get("/ui/rapportage", params={"van": "2024-01", "tot": "2024-03"})

    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert (
        '<th scope="row">Toekomstplan</th><td class="getal">1</td><td class="getal">1</td>' in text
    )
    assert '<th scope="row">kostendelersnorm</th><td class="getal">2</td>' in text
    assert '<th scope="row">woningtoewijzing</th>' in text
