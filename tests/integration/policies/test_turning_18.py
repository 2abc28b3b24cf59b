"""Turning 18, from intake's birthday timers to the regisseur's desk, over the real servers.

Intake, coaching and the timeline run in-process over the real servers; intake's clock is
moved and its timers fired by workers whose clocks stand on chosen days. Two 17-year-olds, 18
in sixty days: both are asked for a transition plan at once (six months before has passed);
one agrees it. `AdulthoodReached` is recorded on the first of a month on or after the birthday
(never on it: its time would publish the birth date); the day before nothing of it is, on that
day it is, and the one without a plan is an urgent signal. What is recorded after carries the
adult legal basis (intake's and coaching's alike: coaching learns the band from intake's
topic), the report counts each fact in the band of its own day and one transition of two
agreed before 18, and both the timeline and intake's list show the band the young person is
in now.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pytest

from services.coaching.bootstrap import create_app as create_coaching
from services.coaching.handlers import coaching_stream
from services.coaching.settings import CoachingSettings
from services.housing.bootstrap import create_app as create_housing
from services.housing.handlers import housing_stream
from services.housing.settings import HousingSettings
from services.intake.bootstrap import create_app as create_intake
from services.intake.domain.ages import first_of_month_from
from services.intake.handlers import PIPELINE as INTAKE
from services.intake.handlers import youth_stream
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from shared.clock import FixedClock, SystemClock, start_of
from shared.timers.backfill import backfill_timers
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import bearer, platform_settings, serve
from tests.support.waiting import eventually

DIRECTOR = "regisseur-7"
AS_DIRECTOR = bearer("regisseur", sub=DIRECTOR)
ADULT = "nl.regie.intake.adulthood-reached"
TURNING_18 = {"overgangsplan_nodig", "18_zonder_overgangsplan"}


@dataclass
class MovableClock:
    """Intake's clock, moved by the test: the day its commands are decided on."""

    day: date

    def today(self) -> date:
        """The day it stands on."""
        return self.day

    def now(self) -> datetime:
        """The start of that day."""
        return start_of(self.day)


@pytest.fixture
async def platform(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p, clock = topic_prefix, MovableClock(SystemClock().today())
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{p}_intake", summaries_group=f"{p}-intake",
                       timers_in_app=False),
        clock=clock,
    )  # fmt: skip
    timeline = create_timeline(
        settings, TimelineSettings(schema_name=f"{p}_timeline", consumer_group=f"{p}-timeline")
    )
    coaching = create_coaching(
        settings,
        CoachingSettings(schema_name=f"{p}_coaching", states_group=f"{p}-coaching",
                         policies_group=f"{p}-coaching-policies",
                         registrations_group=f"{p}-coaching-registrations"),
    )  # fmt: skip
    housing = create_housing(
        settings,
        HousingSettings(schema_name=f"{p}_housing", situations_group=f"{p}-housing",
                        policies_group=f"{p}-housing-policies",
                        registrations_group=f"{p}-housing-registrations"),
    )  # fmt: skip
    async with contextlib.AsyncExitStack() as stack:
        apps = (intake, timeline, coaching, housing)
        clients = [await stack.enter_async_context(serve(a)) for a in apps]
        yield (*clients[:2], intake, timeline, clock, clients[2], coaching, clients[3])


def worker_on(app, day: date) -> TimerWorker:
    deps = replace(app.state.deps, clock=FixedClock(day))
    return TimerWorker(TimerTable(app.state.pool, app.state.schema), INTAKE.timers,
                       INTAKE.execute, deps)  # fmt: skip


async def post(client, youth: str, path: str, body: dict, headers: dict) -> None:
    answer = await client.post(f"/youths/{youth}{path}", json=body, headers=headers)
    assert answer.status_code == 201, answer.text


async def seventeen(intake, adult_on: date, name: str) -> str:
    """A 17-year-old in the Rode loper, with `DIRECTOR` as regisseur."""
    born = adult_on.replace(year=adult_on.year - 18)
    answer = await intake.post(
        "/youths",
        json={"gemeentecode": "0518", "programma": "rodeloper", "full_name": name,
              "date_of_birth": born.isoformat()},
        headers=bearer("intake"),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    youth = str(answer.json()["youth_id"])
    today = SystemClock().today().isoformat()
    await post(intake, youth, "/director", {"director_id": DIRECTOR, "from_on": today},
               bearer("intake"))  # fmt: skip
    return youth


async def recorded(app, youth: str) -> list:
    return await app.state.store.load(youth_stream(uuid.UUID(youth)))


async def coaching_basis(app, youth: str) -> list[tuple[str, str | None]]:
    """Each coaching event of the young person, by type, with its legal basis."""
    events = await app.state.store.load(coaching_stream(uuid.UUID(youth)))
    return [(e.event_type.rsplit(".", 1)[-1], e.metadata.extensions.get("grondslag"))
            for e in events]  # fmt: skip


async def coached(client, app, youth: str, kind: str, *, band: str, already: int) -> list:  # noqa: PLR0913 - named at the call
    """Once coaching learnt `band` from intake's topic, the regisseur assigns a coach of `kind`.

    Returns the coaching events recorded since the first `already`, with their legal basis.
    """
    await eventually(lambda: learnt_band(app, youth), lambda b: b == band)
    today = SystemClock().today().isoformat()
    coach = {"coach_id": f"{kind}-3", "kind": kind, "from_on": today}
    await post(client, youth, "/coaches", coach, AS_DIRECTOR)
    # Before the first, Rode loper's scout phase: coaching's reaction to intake's enrolment.
    least = already + 1 if already else 2
    events = await eventually(lambda: coaching_basis(app, youth), lambda b: len(b) >= least)
    return events[already:]


async def housed_basis(client, youth: str, *, band: str) -> list[str | None]:
    """Once housing learnt `band`, homelessness registered today: its events' legal basis."""
    app = client._transport.app
    await eventually(lambda: learnt_band(app, youth), lambda b: b == band)
    today = SystemClock().today().isoformat()
    body = {"situation": "thuisloos_bankslapen", "since": today, "registered_on": today}
    await post(client, youth, "/homelessness", body, bearer("woonconsulent"))
    events = await app.state.store.load(housing_stream(uuid.UUID(youth)))
    return [e.metadata.extensions.get("grondslag") for e in events]


async def learnt_band(app, youth: str) -> str | None:
    """The age band coaching has learnt from intake's topic."""
    found = await app.state.registry.find(uuid.UUID(youth))
    return None if found is None else found.age_band


def kinds_of(worklist, youth: str) -> dict[str, int]:
    """The young person's open signals of turning 18, with their urgency."""
    return {
        s["kind"]: s["urgency"]
        for s in worklist.json()["items"]
        if s["youth_id"] == youth and s["kind"] in TURNING_18
    }


async def test_a_17_year_old_is_asked_for_a_plan_turns_18_on_the_day_and_is_adult_after(  # noqa: PLR0915 - one path through turning 18
    platform, topic_prefix
):
    intake, timeline, intake_app, timeline_app, clock, coaching, coaching_app, housing = platform
    today = SystemClock().today()
    birthday = today + timedelta(days=60)
    if (birthday.month, birthday.day) == (2, 29):
        birthday += timedelta(days=1)
    adult_on = first_of_month_from(birthday)  # when it is recorded
    late = await seventeen(intake, birthday, "Sam de Vries")
    planned = await seventeen(intake, birthday, "Noor Bakker")
    await post(intake, late, "/enrolments", {"programma": "rodeloper",
               "start_on": today.isoformat()}, bearer("intake"))  # fmt: skip

    minor = await coached(coaching, coaching_app, late, "rodeloper_coach", band="16-17", already=0)
    # Coaching's facts before 18 rest on the Jeugdwet, as intake's: Rode loper's scout phase
    # (coaching's reaction to the enrolment) and the coach the regisseur assigns.
    assert sorted(minor) == [("coach-assigned", "jw"), ("coaching-phase-started", "jw")]
    # Housing's too: a 17-year-old's homelessness rests on the Jeugdwet, not the Wmo.
    assert set(await housed_basis(housing, late, band="16-17")) == {"jw"}

    await worker_on(intake_app, today).fire_due()  # six months before 18 has passed
    plan = {"continuations": {"wonen": "wmo", "psychische_gezondheid": "ggz_volwassenen"},
            "agreed_on": today.isoformat()}  # fmt: skip
    stranger = bearer("regisseur", sub="regisseur-8")  # same municipality, not assigned
    refused = await intake.post(f"/youths/{planned}/transition-plan", json=plan, headers=stranger)
    assert refused.status_code == 403, refused.text  # one municipality: refused, not hidden
    await post(intake, planned, "/transition-plan", plan, AS_DIRECTOR)
    agreed = [e for e in await recorded(intake_app, planned) if e.event_type.endswith("agreed")]
    assert len(agreed) == 1
    asked = await eventually(
        lambda: timeline.get("/signals", headers=AS_DIRECTOR),
        lambda r: "overgangsplan_nodig" in kinds_of(r, late) and not kinds_of(r, planned),
    )
    assert kinds_of(asked, late) == {"overgangsplan_nodig": 2}

    await worker_on(intake_app, adult_on - timedelta(days=1)).fire_due()
    assert ADULT not in [e.event_type for e in await recorded(intake_app, late)]
    await worker_on(intake_app, adult_on).fire_due()
    assert await worker_on(intake_app, adult_on).fire_due() == 0  # once, never again
    store_events = await recorded(intake_app, late)
    [reached] = [e for e in store_events if e.event_type == ADULT]
    data = intake_app.state.sealer.open_without_personal_data(reached)
    assert (data.from_on, data.transition_plan_agreed, data.agreed_before_18) == (
        adult_on,
        False,
        False,
    )

    # After the birthday, intake's facts carry the adult basis; before it, the Jeugdwet.
    clock.day = adult_on
    await post(intake, late, "/case-conferences", {"participants": ["gemeente"],
               "decisions": "Overdracht", "held_on": adult_on.isoformat()},
               AS_DIRECTOR)  # fmt: skip
    await post(intake, late, "/exits", {"programma": "rodeloper", "reason": "doel_bereikt",
               "destination": "werk", "exit_on": adult_on.isoformat()},
               bearer("intake"))  # fmt: skip
    basis = {e.event_type.rsplit(".", 1)[-1]: e.metadata.extensions.get("grondslag")
             for e in await recorded(intake_app, late)}  # fmt: skip
    assert basis["youth-registered"] == basis["programme-enrolled"] == "jw"
    assert basis["case-conference-held"] == basis["programme-exited"] == "pw"
    # Coaching learns the band from intake's topic; what it records after carries `pw` too.
    adult = await coached(coaching, coaching_app, late, "klantmanager", band="18-22",
                          already=len(minor))  # fmt: skip
    assert adult == [("coach-assigned", "pw")]
    # Housing learns the band from intake's topic too: the other one, 18 now without extended
    # youth care (the plan hands housing over to the Wmo), is registered homeless under the Wmo.
    assert set(await housed_basis(housing, planned, band="18-22")) == {"wmo"}

    urgent = await eventually(
        lambda: timeline.get("/signals", headers=AS_DIRECTOR),
        lambda r: "18_zonder_overgangsplan" in kinds_of(r, late),
    )
    assert kinds_of(urgent, late) == {"18_zonder_overgangsplan": 1}
    assert kinds_of(urgent, planned) == {}

    months = {"from": today.strftime("%Y-%m"), "until": adult_on.strftime("%Y-%m")}
    report = await eventually(
        lambda: timeline.get("/reports", params=months, headers=bearer("auditor")),
        lambda r: any(row["metric"] == "uitstroom" for row in r.json()["rows"]),
    )
    [transitions] = [d for d in report.json()["deadlines"] if d["kind"] == "overgangsplan"]
    assert (transitions["met"], transitions["missed"], transitions["share_met"]) == (1, 1, 0.5)
    bands = {row["metric"]: row["age_band"] for row in report.json()["rows"]}
    assert (bands["start_programma"], bands["uitstroom"]) == ("16-17", "18-22")
    current = await timeline_app.state.pool.fetchval(
        f"SELECT age_band FROM {topic_prefix}_timeline.youths WHERE youth_id = $1", late
    )
    assert current == "18-22"
    mine = await eventually(  # intake's own list shows the band now, not at registration
        lambda: intake.get("/directors/me/youths", headers=AS_DIRECTOR),
        lambda r: any(
            i["youth_id"] == late and i["age_band"] == "18-22" for i in r.json()["items"]
        ),
    )
    assert {i["youth_id"]: i["age_band"] for i in mine.json()["items"]}[late] == "18-22"


async def test_a_backfill_gives_a_registration_from_before_the_timers_its_birthdays_once(
    platform,
):
    """History recorded before intake declared its birthdays gets them; settled ones stay."""
    intake, _timeline, intake_app, _timeline_app, _clock, _coaching, _coaching_app, _ = platform
    today = SystemClock().today()
    birthday = today + timedelta(days=60)
    if (birthday.month, birthday.day) == (2, 29):
        birthday += timedelta(days=1)
    youth = await seventeen(intake, birthday, "Lina Jansen")
    pool, schema = intake_app.state.pool, intake_app.state.schema
    timers = f"SELECT kind, due_at, state FROM {schema}.timers WHERE subject = $1 ORDER BY kind"
    live = [tuple(r) for r in await pool.fetch(timers, youth)]
    assert {kind for kind, _, _ in live} == {"overgangsplan", "meerderjarig", "leeftijdsklasse"}
    await pool.execute(f"DELETE FROM {schema}.timers WHERE subject = $1", youth)  # pre-upgrade

    done = await backfill_timers(pool, schema, intake_app.state.deps, INTAKE.timers)

    assert done.scheduled >= 3
    assert [tuple(r) for r in await pool.fetch(timers, youth)] == live
    assert await worker_on(intake_app, today).fire_due() == 1  # the plan is asked for now
    await backfill_timers(pool, schema, intake_app.state.deps, INTAKE.timers)
    states = {r["kind"]: r["state"] for r in await pool.fetch(timers, youth)}
    assert states == {"overgangsplan": "fired", "meerderjarig": "scheduled",
                      "leeftijdsklasse": "scheduled"}  # fmt: skip
    assert await worker_on(intake_app, today).fire_due() == 0  # never asked twice
    asked = [e for e in await recorded(intake_app, youth) if e.event_type.endswith("plan-due")]
    assert len(asked) == 1
