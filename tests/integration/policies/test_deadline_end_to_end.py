"""Missed deadlines, from a service's timer to the regisseur's desk, over the real servers.

The first debt conversation (debts), the toekomstplan within six weeks (intake), a roof and
postal address in the first week (housing), and nazorg's follow-ups after the last exit
(intake).

Intake, debts and the timeline run in-process over the real servers. Two young people ask
for debt help today; one has the first conversation in time. A timer worker whose clock stands
five weeks on fires: the other's deadline is recorded once as missed, it shows on the timeline,
as a signal for the schuldhulpverlener and for the regisseur, and in the report; the
conversation held in time cancelled its timer, so nothing is missed there.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from services.debts.bootstrap import create_app as create_debts
from services.debts.handlers import PIPELINE, trajectory_stream
from services.debts.settings import DebtsSettings
from services.housing.bootstrap import create_app as create_housing
from services.housing.handlers import PIPELINE as HOUSING
from services.housing.settings import HousingSettings
from services.intake.bootstrap import create_app as create_intake
from services.intake.domain.ages import add_months
from services.intake.handlers import PIPELINE as INTAKE
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from shared.clock import FixedClock, SystemClock
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import bearer, platform_settings, serve
from tests.support.waiting import eventually

DIRECTOR = "regisseur-7"
COUNSELLOR = bearer("schuldhulpverlener")
MISSED = "nl.regie.debts.first-conversation-deadline-missed"


@pytest.fixture
async def platform(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p = topic_prefix
    intake = create_intake(
        settings, IntakeSettings(schema_name=f"{p}_intake", summaries_group=f"{p}-intake")
    )
    debts = create_debts(
        settings,
        DebtsSettings(schema_name=f"{p}_debts", trajectories_group=f"{p}-debts",
                      policies_group=f"{p}-debts-policies", timers_in_app=False),
    )  # fmt: skip
    timeline = create_timeline(
        settings, TimelineSettings(schema_name=f"{p}_timeline", consumer_group=f"{p}-timeline")
    )
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(serve(a)) for a in (intake, debts, timeline)]
        yield (*clients, debts)


async def assigned_youth(intake) -> str:
    """Registered at intake, with `DIRECTOR` as their regisseur."""
    answer = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "jpf", "full_name": "Iemand",
              "date_of_birth": "2004-04-04"},
        headers=bearer("intake"),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    youth = answer.json()["youth_id"]
    director = await intake.post(
        f"/youths/{youth}/director",
        json={"director_id": DIRECTOR, "from_on": SystemClock().today().isoformat()},
        headers=bearer("intake"),
    )
    assert director.status_code == 201, director.text
    return str(youth)


async def test_a_missed_first_conversation_reaches_the_timeline_the_worklists_and_the_report(
    platform,
):
    intake, debts, timeline, debts_app = platform
    today = SystemClock().today()
    late, in_time = await assigned_youth(intake), await assigned_youth(intake)
    for youth in (late, in_time):
        await eventually(  # debts learns the registration from intake's topic
            lambda y=youth: debts.post(
                f"/youths/{y}/debt-help", json={"requested_on": today.isoformat()},
                headers=COUNSELLOR,
            ),
            lambda r: r.status_code == 201,
        )  # fmt: skip
    held = await debts.post(
        f"/youths/{in_time}/first-conversation",
        json={"held_on": today.isoformat()},
        headers=COUNSELLOR,
    )
    assert held.status_code == 201, held.text

    later = replace(debts_app.state.deps, clock=FixedClock(today + timedelta(weeks=5)))
    table = TimerTable(debts_app.state.pool, debts_app.state.schema)
    worker = TimerWorker(table, PIPELINE.timers, PIPELINE.execute, later)
    assert await worker.fire_due() == 1  # the held conversation cancelled the other timer
    assert await worker.fire_due() == 0  # fired once, never again
    store = debts_app.state.store
    assert [e.event_type for e in await store.load(trajectory_stream(late))].count(MISSED) == 1
    assert MISSED not in [e.event_type for e in await store.load(trajectory_stream(in_time))]

    entries = await eventually(
        lambda: timeline.get(f"/youths/{late}/timeline", headers=bearer("schuldhulpverlener")),
        lambda r: (
            r.status_code == 200 and any(e["event_type"] == MISSED for e in r.json()["entries"])
        ),
    )
    assert [e["event_type"] for e in entries.json()["entries"]].count(MISSED) == 1

    for reader in (bearer("schuldhulpverlener"), bearer("regisseur", sub=DIRECTOR)):
        worklist = await eventually(
            lambda r=reader: timeline.get("/signals", headers=r),
            lambda r: (
                r.status_code == 200
                and any(s["kind"] == "termijn_verstreken" for s in r.json()["items"])
            ),
        )
        missed = [s for s in worklist.json()["items"] if s["kind"] == "termijn_verstreken"]
        assert [s["youth_id"] for s in missed] == [late]
    someone_else = await timeline.get("/signals", headers=bearer("regisseur", sub="regisseur-8"))
    assert someone_else.json()["items"] == []

    # The miss counts on the day it was due, which may fall in the next month.
    months = {
        "from": today.strftime("%Y-%m"),
        "until": (today + timedelta(weeks=5)).strftime("%Y-%m"),
    }
    report = await eventually(
        lambda: timeline.get("/reports", params=months, headers=bearer("auditor")),
        lambda r: (
            r.status_code == 200
            and any(d["kind"] == "eerste_gesprek" and d["missed"] for d in r.json()["deadlines"])
        ),
    )
    [first] = [d for d in report.json()["deadlines"] if d["kind"] == "eerste_gesprek"]
    assert (first["met"], first["missed"]) == (1, 1)


@pytest.fixture
async def plan_and_roof(endpoints, topic_prefix):
    """Intake, housing and the timeline; both domains' timers fired by hand, not in the apps."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p = topic_prefix
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{p}_intake", summaries_group=f"{p}-intake",
                       timers_in_app=False),
    )  # fmt: skip
    housing = create_housing(
        settings,
        HousingSettings(schema_name=f"{p}_housing", situations_group=f"{p}-housing",
                        policies_group=f"{p}-housing-policies", timers_in_app=False),
    )  # fmt: skip
    timeline = create_timeline(
        settings, TimelineSettings(schema_name=f"{p}_timeline", consumer_group=f"{p}-timeline")
    )
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(serve(a)) for a in (intake, housing, timeline)]
        yield (*clients, intake, housing)


def worker_of(app, pipeline, day) -> TimerWorker:
    """A timer worker over `app`'s store and keys, by a clock standing on `day`."""
    deps = replace(app.state.deps, clock=FixedClock(day))
    table = TimerTable(app.state.pool, app.state.schema)
    return TimerWorker(table, pipeline.timers, pipeline.execute, deps)


async def test_a_plan_not_agreed_and_a_first_week_without_a_roof_reach_the_regisseur(
    plan_and_roof,
):
    """The same chain for intake's six weeks and housing's first week; timely facts cancel.

    Each domain's worker fires once and a second pass fires nothing; the housing miss is on
    the regisseur's worklist and, naming the roof, on the woonconsulent's.
    """
    intake, housing, timeline, intake_app, housing_app = plan_and_roof
    today = SystemClock().today().isoformat()
    director = bearer("regisseur", sub=DIRECTOR)
    late, in_time = await assigned_youth(intake), await assigned_youth(intake)
    for youth in (late, in_time):
        enrolled = await intake.post(
            f"/youths/{youth}/enrolments", json={"programma": "jpf", "start_on": today},
            headers=bearer("intake"),
        )  # fmt: skip
        assert enrolled.status_code == 201, enrolled.text
        await eventually(
            lambda y=youth: housing.post(
                f"/youths/{y}/homelessness",
                json={"situation": "dakloos_straat", "since": today, "registered_on": today},
                headers=bearer("woonconsulent"),
            ),
            lambda r: r.status_code == 201,
        )
    steps = [
        (intake, "/future-plan", director,
         {"plan_id": "plan-1", "agreed_on": today, "with_network": False,
          "goals": [{"goal_id": "g1", "leefgebied": "wonen", "owner": "woon-1",
                     "due_on": "2040-01-01"}], "goal_texts": {"g1": "Een kamer"}}),
        (housing, "/shelter-admissions", bearer("woonconsulent"),
         {"shelter_type": "jongerenopvang", "admitted_on": today}),
        (housing, "/postal-address", bearer("woonconsulent"),
         {"address": "Postbus 1, Den Haag", "arranged_on": today}),
    ]  # fmt: skip
    for client, path, headers, body in steps:
        answer = await client.post(f"/youths/{in_time}{path}", json=body, headers=headers)
        assert answer.status_code == 201, answer.text

    seven_weeks_on = SystemClock().today() + timedelta(weeks=7)
    workers = [worker_of(intake_app, INTAKE, seven_weeks_on),
               worker_of(housing_app, HOUSING, seven_weeks_on)]  # fmt: skip
    for worker in workers:
        assert await worker.fire_due() > 0
    assert [await worker.fire_due() for worker in workers] == [0, 0]  # fired once, never again

    wanted = {
        "nl.regie.intake.future-plan-overdue": "toekomstplan",
        "nl.regie.housing.first-week-shelter-missed": "eerste_week",
    }
    for event_type in wanted:
        entries = await eventually(
            lambda: timeline.get(f"/youths/{late}/timeline", headers=bearer("auditor")),
            lambda r, t=event_type: (
                r.status_code == 200 and any(e["event_type"] == t for e in r.json()["entries"])
            ),
        )
        assert [e["event_type"] for e in entries.json()["entries"]].count(event_type) == 1
        kept = await timeline.get(f"/youths/{in_time}/timeline", headers=bearer("auditor"))
        assert event_type not in [e["event_type"] for e in kept.json()["entries"]]

    worklist = await eventually(
        lambda: timeline.get("/signals", headers=director),
        lambda r: (
            {s["domain"] for s in r.json()["items"] if s["kind"] == "termijn_verstreken"}
            >= {"intake", "housing"}
        ),
    )
    missed = [s for s in worklist.json()["items"] if s["kind"] == "termijn_verstreken"]
    assert {s["youth_id"] for s in missed if s["domain"] == "intake"} == {late}
    assert late in {s["youth_id"] for s in missed if s["domain"] == "housing"}

    def roofless(answer) -> set[str]:
        """Whose first week passed without a roof, on a worklist that names the deadline."""
        return {s["youth_id"] for s in answer.json()["items"]
                if s["kind"] == "termijn_verstreken" and s["domain"] == "housing"
                and "een dak in de eerste week" in s["explanation"]}  # fmt: skip

    housing_desk = await eventually(
        lambda: timeline.get("/signals", headers=bearer("woonconsulent")),
        lambda r: r.status_code == 200 and bool(roofless(r)),
    )
    assert roofless(housing_desk) == {late}  # the shelter admitted in time cancelled the other
    assert {s["domain"] for s in housing_desk.json()["items"]} == {"housing"}
    until = SystemClock().today() + timedelta(weeks=7)
    months = {"from": SystemClock().today().strftime("%Y-%m"), "until": until.strftime("%Y-%m")}
    report = await eventually(
        lambda: timeline.get("/reports", params=months, headers=bearer("auditor")),
        lambda r: (
            {d["kind"]: (d["met"], d["missed"]) for d in r.json()["deadlines"]}.get("toekomstplan")
            == (1, 1)
        ),
    )
    counts = {d["kind"]: (d["met"], d["missed"]) for d in report.json()["deadlines"]}
    assert counts["eerste_week"] == (1, 1)


async def test_a_follow_up_of_nazorg_falls_due_is_signalled_and_resolved_when_recorded(
    plan_and_roof,
):
    """Nazorg after the last exit: a missed follow-up signals once until recorded late.

    The 6-month follow-up recorded early cancels its timer; the 3-month one, past its day, is
    missed once and a signal for the regisseur until it is recorded.
    """
    intake, _housing, timeline, intake_app, _housing_app = plan_and_roof
    today = SystemClock().today()
    director = bearer("regisseur", sub=DIRECTOR)
    youth = await assigned_youth(intake)
    for path, body in [
        ("/enrolments", {"programma": "jpf", "start_on": today.isoformat()}),
        ("/exits", {"programma": "jpf", "reason": "doel_bereikt",
                    "destination": "vrijwilligerswerk", "exit_on": today.isoformat()}),
    ]:  # fmt: skip
        answer = await intake.post(f"/youths/{youth}{path}", json=body, headers=bearer("intake"))
        assert answer.status_code == 201, answer.text
    outcome = {
        "still_housed": True,
        "in_work": False,
        "in_education": False,
        "debt_free": True,
        "in_contact": True,
        "followed_up_on": today.isoformat(),
    }
    early = await intake.post(
        f"/youths/{youth}/follow-ups", json={"month": 6, **outcome}, headers=director
    )
    assert early.status_code == 201, early.text
    twice = await intake.post(
        f"/youths/{youth}/follow-ups", json={"month": 6, **outcome}, headers=director
    )
    assert twice.status_code == 422, twice.text

    six_months_on = add_months(today, 6) + timedelta(days=1)
    worker = worker_of(intake_app, INTAKE, six_months_on)
    await worker.fire_due()  # the 3-month follow-up (and any birthday in those months)
    assert await worker.fire_due() == 0  # fired once, never again
    stream = INTAKE.stream(uuid.UUID(youth))
    kinds = [e.event_type for e in await intake_app.state.store.load(stream)]
    assert kinds.count("nl.regie.intake.aftercare-started") == 1
    # Only the 3-month one: the 6-month follow-up recorded early cancelled its timer.
    assert kinds.count("nl.regie.intake.follow-up-missed") == 1

    def gemist(answer) -> list[dict]:
        return [s for s in answer.json()["items"] if s["kind"] == "nazorg_contact_gemist"]

    worklist = await eventually(
        lambda: timeline.get("/signals", headers=director), lambda r: bool(gemist(r))
    )
    [signal] = gemist(worklist)
    assert (signal["youth_id"], signal["due_on"]) == (youth, add_months(today, 3).isoformat())

    late = await intake.post(
        f"/youths/{youth}/follow-ups", json={"month": 3, **outcome}, headers=director
    )
    assert late.status_code == 201, late.text
    await eventually(lambda: timeline.get("/signals", headers=director), lambda r: not gemist(r))

    # The cohort report counts what nazorg recorded (issue 19, outcomes that last): the
    # enrolment's month, six months after the exit, followed up: housed and debt-free, neither
    # in work nor in education; no relapse. The 3-month follow-up is not a lasting outcome.
    def lasting(answer) -> tuple[dict, dict]:
        body = answer.json()
        outcomes = {
            (o["cohort"][:7], o["programma"], o["month"]): (
                o["followed_up"], o["missed"], o["still_housed"], o["work_or_education"],
                o["debt_free"],
            )
            for o in body["outcomes"]
        }  # fmt: skip
        relapses = {
            (x["cohort"][:7], x["programma"]): (x["in_aftercare"], x["relapsed_within_12_months"])
            for x in body["relapses"]
        }
        return outcomes, relapses

    cohort = today.strftime("%Y-%m")
    expected = ({(cohort, "jpf", 6): (1, 0, 1, 0, 1)}, {(cohort, "jpf"): (1, 0)})
    period = {"from": cohort, "until": cohort}
    await eventually(
        lambda: timeline.get("/reports", params=period, headers=bearer("auditor")),
        lambda r: r.status_code == 200 and lasting(r) == expected,
    )
