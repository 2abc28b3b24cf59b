"""The toekomstplan's deadlines and the Doorbraak over the real servers (PostgreSQL).

The app decides on a fixed day; workers fire with clocks moved past the due days, poked
instead of waited for. Each passed deadline is recorded at most once, with the day it was
due; the awaited fact first cancels the timer, and a firing after it appends nothing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest

from services.intake.bootstrap import create_app
from services.intake.handlers import PIPELINE, use_plan_settings, youth_stream
from services.intake.settings import IntakeSettings
from services.intake.timers import GOAL, PLAN, REVIEW, goal_timer, plan_timer, review_timer
from shared.auth import AuthSettings, mint_token
from shared.clock import FixedClock, start_of
from shared.privacy.fields import is_ciphertext
from shared.timers import fired_event_id
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker
from tests.support.apps import bearer, platform_settings, serve

DAY = date(2031, 1, 10)  # years ahead, so only the fixed clock makes it today
INTAKE = bearer("intake")
DIRECTOR = bearer("regisseur")  # subject medewerker-1
OTHER_DIRECTOR = bearer("regisseur", sub="regisseur-9")
OVERDUE = "nl.regie.intake.future-plan-overdue"
GOAL_OVERDUE = "nl.regie.intake.goal-overdue"
REVIEW_DUE = "nl.regie.intake.plan-review-due"


@pytest.fixture
async def intake(endpoints, schema):
    settings = IntakeSettings(schema_name=schema, embedded_relay=False, plan_due_days={"0599": 35})
    app = create_app(platform_settings(endpoints), settings, clock=FixedClock(DAY))
    async with serve(app) as client:
        yield client
    use_plan_settings(IntakeSettings())


def _app(client):
    return client._transport.app


def worker_on(client, day: date) -> TimerWorker:
    """A worker over the app's store and keys, by a clock fixed on `day`."""
    app = _app(client)
    deps = replace(app.state.deps, clock=FixedClock(day))
    return TimerWorker(
        TimerTable(app.state.pool, app.state.schema), PIPELINE.timers, PIPELINE.execute, deps
    )


async def registered(client, *, gemeente: str = "0518") -> str:
    body = {
        "gemeentecode": gemeente, "programma": "jpf", "full_name": "Sam de Vries",
        "date_of_birth": "2010-06-01",
    }  # fmt: skip
    created = await client.post("/youths", json=body, headers=bearer("intake", gemeente=gemeente))
    assert created.status_code == 201, created.text
    return created.json()["youth_id"]


async def post(client, youth: str, path: str, body: dict, headers: dict) -> dict:
    answer = await client.post(f"/youths/{youth}{path}", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def enrolled(client, *, gemeente: str = "0518") -> str:
    youth = await registered(client, gemeente=gemeente)
    headers = bearer("intake", gemeente=gemeente)
    await post(client, youth, "/enrolments", {"programma": "jpf", "start_on": DAY.isoformat()},
               headers)  # fmt: skip
    return youth


async def directed(client) -> str:
    youth = await enrolled(client)
    body = {"director_id": "medewerker-1", "from_on": DAY.isoformat()}
    await post(client, youth, "/director", body, INTAKE)
    return youth


def plan(goal_due: date) -> dict:
    return {
        "plan_id": "plan-1",
        "goals": [{"goal_id": "g1", "leefgebied": "wonen", "owner": "woonconsulent-3",
                   "due_on": goal_due.isoformat()}],
        "goal_texts": {"g1": "Een eigen kamer"},
        "agreed_on": DAY.isoformat(),
    }  # fmt: skip


async def recorded(client, youth: str, event_type: str) -> list:
    events = await _app(client).state.store.load(youth_stream(uuid.UUID(youth)))
    return [r for r in events if r.event_type == event_type]


async def timer(client, timer_id: uuid.UUID):
    app = _app(client)
    return await app.state.pool.fetchrow(
        f"SELECT * FROM {app.state.schema}.timers WHERE timer_id = $1", timer_id
    )


async def test_a_plan_not_agreed_in_six_weeks_is_recorded_once_with_its_due_day(intake):
    """Not on the due day; the day after exactly once, however often it fires."""
    youth = await enrolled(intake)
    row = await timer(intake, plan_timer(uuid.UUID(youth), "jpf"))
    due = DAY + timedelta(days=42)
    assert (row["state"], row["kind"], row["due_at"]) == (
        "scheduled",
        PLAN,
        start_of(due + timedelta(days=1)),
    )

    assert await worker_on(intake, due).fire_due() == 0
    assert await worker_on(intake, due + timedelta(days=3)).fire_due() == 1
    assert await worker_on(intake, due + timedelta(days=4)).fire_due() == 0

    (event,) = await recorded(intake, youth, OVERDUE)
    data = _app(intake).state.sealer.open_without_personal_data(event)
    assert (data.programma, data.due_on) == ("jpf", due)
    assert event.event_id == fired_event_id(row["timer_id"])
    assert event.metadata.actor == f"timer.{PLAN}"


async def test_the_plan_period_is_the_municipality_s_own(intake):
    """0599 set 35 days: its young person is overdue a week before one of 0518."""
    rotterdam = await enrolled(intake, gemeente="0599")
    elsewhere = await enrolled(intake)

    fired = await worker_on(intake, DAY + timedelta(days=36)).fire_due()

    assert fired == 1
    (event,) = await recorded(intake, rotterdam, OVERDUE)
    data = _app(intake).state.sealer.open_without_personal_data(event)
    assert data.due_on == DAY + timedelta(days=35)
    assert await recorded(intake, elsewhere, OVERDUE) == []
    enrolment = (await recorded(intake, elsewhere, "nl.regie.intake.programme-enrolled"))[0]
    assert _app(intake).state.sealer.open_without_personal_data(enrolment).plan_due_on == (
        DAY + timedelta(days=42)
    )


async def test_a_plan_agreed_in_time_cancels_the_timer_and_nothing_is_recorded_later(intake):
    """The awaited fact cancels in its own transaction; the goal is timed instead."""
    youth = await directed(intake)
    agreed = await post(intake, youth, "/future-plan", plan(DAY + timedelta(days=400)), DIRECTOR)

    fired = await worker_on(intake, DAY + timedelta(days=60)).fire_due()

    assert fired == 0
    row = await timer(intake, plan_timer(uuid.UUID(youth), "jpf"))
    assert (row["state"], row["settled_by"]) == ("cancelled", uuid.UUID(agreed["event_id"]))
    assert await recorded(intake, youth, OVERDUE) == []
    goal = await timer(intake, goal_timer(uuid.UUID(youth), "plan-1", "g1"))
    assert (goal["state"], goal["kind"]) == ("scheduled", GOAL)


async def test_a_goal_past_its_day_is_overdue_once_and_a_reached_one_never(intake):
    """Goal g1 due in ten days: recorded once; another young person's reached goal: cancelled."""
    open_goal, reached = await directed(intake), await directed(intake)
    due = DAY + timedelta(days=10)
    for youth in (open_goal, reached):
        await post(intake, youth, "/future-plan", plan(due), DIRECTOR)
    review = {"plan_id": "plan-1", "statuses": {"g1": "bereikt"}, "reviewed_on": DAY.isoformat()}
    await post(intake, reached, "/future-plan-reviews", review, DIRECTOR)

    first = await worker_on(intake, due + timedelta(days=1)).fire_due()
    again = await worker_on(intake, due + timedelta(days=2)).fire_due()

    assert (first, again) == (1, 0)
    (event,) = await recorded(intake, open_goal, GOAL_OVERDUE)
    data = _app(intake).state.sealer.open_without_personal_data(event)
    assert (data.goal_id, data.due_on) == ("g1", due)  # its life domain stays in the plan
    assert await recorded(intake, reached, GOAL_OVERDUE) == []
    assert (await timer(intake, goal_timer(uuid.UUID(reached), "plan-1", "g1")))["state"] == (
        "cancelled"
    )


async def test_after_the_last_exit_no_deadline_of_the_plan_is_recorded(intake):
    """Leaving the only programme cancels the plan timer; the goal's firing finds nothing."""
    youth = await directed(intake)
    unplanned = await enrolled(intake)
    await post(intake, youth, "/future-plan", plan(DAY + timedelta(days=10)), DIRECTOR)
    left = {"programma": "jpf", "reason": "doel_bereikt", "destination": "werk",
            "exit_on": DAY.isoformat()}  # fmt: skip
    for who in (youth, unplanned):
        await post(intake, who, "/exits", left, INTAKE)

    fired = await worker_on(intake, DAY + timedelta(days=50)).fire_due()

    assert fired == 1  # the goal's timer, settled with nothing to record
    assert await recorded(intake, youth, GOAL_OVERDUE) == []
    assert await recorded(intake, unplanned, OVERDUE) == []
    assert (await timer(intake, plan_timer(uuid.UUID(unplanned), "jpf")))["state"] == "cancelled"


async def test_a_plan_not_reviewed_in_three_months_is_due_once(intake):
    """Agreed on DAY: nothing on the review's last day, one plan-review-due the day after."""
    youth = await directed(intake)
    await post(intake, youth, "/future-plan", plan(DAY + timedelta(days=400)), DIRECTOR)
    due = date(2031, 4, 10)  # three months after DAY
    row = await timer(intake, review_timer(uuid.UUID(youth), "plan-1", due))
    assert (row["state"], row["kind"]) == ("scheduled", REVIEW)

    assert await worker_on(intake, due).fire_due() == 0
    first = await worker_on(intake, due + timedelta(days=2)).fire_due()
    again = await worker_on(intake, due + timedelta(days=3)).fire_due()

    assert (first, again) == (1, 0)
    (event,) = await recorded(intake, youth, REVIEW_DUE)
    data = _app(intake).state.sealer.open_without_personal_data(event)
    assert (data.plan_id, data.due_on) == ("plan-1", due)
    assert event.event_id == fired_event_id(row["timer_id"])
    assert event.metadata.actor == f"timer.{REVIEW}"


async def test_a_review_before_the_moment_leaves_it_nothing_to_record(intake):
    """Agreed two months back, reviewed today: the first review day passes with no fact."""
    youth = await registered(intake)
    start, agreed_on = DAY - timedelta(days=70), DAY - timedelta(days=60)
    await post(intake, youth, "/enrolments", {"programma": "jpf", "start_on": start.isoformat()},
               INTAKE)  # fmt: skip
    await post(intake, youth, "/director",
               {"director_id": "medewerker-1", "from_on": start.isoformat()}, INTAKE)  # fmt: skip
    await post(intake, youth, "/future-plan",
               plan(DAY + timedelta(days=400)) | {"agreed_on": agreed_on.isoformat()},
               DIRECTOR)  # fmt: skip
    review = {"plan_id": "plan-1", "statuses": {"g1": "loopt"}, "reviewed_on": DAY.isoformat()}
    await post(intake, youth, "/future-plan-reviews", review, DIRECTOR)
    first_due, next_due = date(2031, 2, 11), date(2031, 4, 10)

    fired = await worker_on(intake, first_due + timedelta(days=1)).fire_due()

    assert fired == 1  # the first review's timer, settled with nothing recorded
    assert await recorded(intake, youth, REVIEW_DUE) == []
    earlier = await timer(intake, review_timer(uuid.UUID(youth), "plan-1", first_due))
    assert (earlier["state"], earlier["settled_by"]) == ("fired", None)
    later = await timer(intake, review_timer(uuid.UUID(youth), "plan-1", next_due))
    assert later["state"] == "scheduled"  # the review's own next day stands


# --- Doorbraak ---------------------------------------------------------------------------------


async def test_only_the_assigned_regisseur_asks_and_settles_a_breakthrough_once(intake):
    """Another regisseur is refused; settling twice is 409; an unknown one 404."""
    youth = await directed(intake)
    breakthrough = str(uuid.uuid4())
    ask = {"breakthrough_id": breakthrough, "obstruction": "kostendelersnorm",
           "organisation": "gemeente", "description": "De norm maakt de kamer onbetaalbaar.",
           "requested_on": DAY.isoformat()}  # fmt: skip
    settle = {"breakthrough_id": breakthrough, "outcome": "opgelost_maatwerk",
              "maatwerk": "norm_niet_toegepast", "resolved_on": DAY.isoformat()}  # fmt: skip

    other = await intake.post(f"/youths/{youth}/breakthroughs", json=ask, headers=OTHER_DIRECTOR)
    assert other.status_code in (403, 404), other.text
    await post(intake, youth, "/breakthroughs", ask, DIRECTOR)
    stranger = await intake.post(
        f"/youths/{youth}/breakthrough-resolutions", json=settle, headers=OTHER_DIRECTOR
    )
    assert stranger.status_code in (403, 404), stranger.text
    await post(intake, youth, "/breakthrough-resolutions", settle, DIRECTOR)

    twice = await intake.post(
        f"/youths/{youth}/breakthrough-resolutions", json=settle, headers=DIRECTOR
    )
    unknown = await intake.post(
        f"/youths/{youth}/breakthrough-resolutions",
        json=settle | {"breakthrough_id": str(uuid.uuid4())}, headers=DIRECTOR,
    )  # fmt: skip
    assert twice.status_code == 409, twice.text
    assert twice.json()["detail"]["nl"] == "Deze doorbraak is al afgehandeld"
    assert unknown.status_code == 404, unknown.text
    assert len(await recorded(intake, youth, "nl.regie.intake.breakthrough-requested")) == 1
    (resolved,) = await recorded(intake, youth, "nl.regie.intake.breakthrough-resolved")
    stored = json.loads(resolved.data)  # v2: the maatwerk applied is sealed, as the topic has it
    assert (resolved.schema_version, stored["outcome"]) == (2, "opgelost_maatwerk")
    assert is_ciphertext(stored["maatwerk"])
    assert (await _app(intake).state.sealer.open(resolved)).maatwerk == "norm_niet_toegepast"


async def test_a_breakthrough_dated_ahead_or_of_an_unknown_rule_is_a_bilingual_422(intake):
    """The field at fault is named, in Dutch and English; nothing is recorded."""
    youth = await directed(intake)
    ask = {"breakthrough_id": str(uuid.uuid4()), "obstruction": "kostendelersnorm",
           "organisation": "gemeente", "description": "x",
           "requested_on": (DAY + timedelta(days=1)).isoformat()}  # fmt: skip

    ahead = await intake.post(f"/youths/{youth}/breakthroughs", json=ask, headers=DIRECTOR)
    unknown_rule = await intake.post(
        f"/youths/{youth}/breakthroughs",
        json=ask | {"obstruction": "bestaat_niet", "requested_on": DAY.isoformat()},
        headers=DIRECTOR,
    )  # fmt: skip

    assert ahead.status_code == 422, ahead.text
    (problem,) = ahead.json()["detail"]
    assert problem["loc"] == ["body", "requested_on"]
    assert "Datum van de vraag" in problem["msg"]
    assert "Request date" in problem["msg_en"]
    assert unknown_rule.status_code == 422
    assert "obstruction" in str(unknown_rule.json()["detail"])
    assert await recorded(intake, youth, "nl.regie.intake.breakthrough-requested") == []


# --- The young person's requests (AVG art. 16/17, issue 23) -----------------------------------

PRIVACY_OFFICER = bearer("privacy_officer", sub="privacy-1")
REQUEST_OVERDUE = "nl.regie.intake.subject-request-overdue"


def young(youth: str) -> dict[str, str]:
    """The young person's own header: role jongere, their youth id in the token."""
    token = mint_token(AuthSettings(), subject=f"jongere-{youth[:8]}", roles=["jongere"],
                       gemeentecode="0518", youth_id=youth)  # fmt: skip
    return {"Authorization": f"Bearer {token}"}


async def requested(client, youth: str, kind: str = "correctie", text: str | None = "Fout adres"):
    body = {"kind": kind} | ({"text": text} if text else {})
    return await post(client, youth, "/subject-requests", body, young(youth))


async def test_an_unanswered_request_is_overdue_after_a_month_and_an_answered_one_never(intake):
    """Due a month after receipt; the answer cancels the timer; the words stay sealed."""
    waiting, answered = await registered(intake), await registered(intake)
    made = await requested(intake, waiting, text="Mijn adres klopt niet.")
    done = await requested(intake, answered, "verwijdering", text=None)
    due = date(2031, 2, 10)
    assert (made["due_on"], done["due_on"]) == (due.isoformat(), due.isoformat())
    await post(intake, answered, f"/subject-requests/{done['request_id']}/answer",
               {"outcome": "toegewezen", "note": "Wordt gewist."}, PRIVACY_OFFICER)  # fmt: skip

    on_the_day = await worker_on(intake, due).fire_due()
    after = await worker_on(intake, due + timedelta(days=1)).fire_due()
    again = await worker_on(intake, due + timedelta(days=2)).fire_due()

    assert (on_the_day, after, again) == (0, 1, 0)
    (overdue,) = await recorded(intake, waiting, REQUEST_OVERDUE)
    data = _app(intake).state.sealer.open_without_personal_data(overdue)
    assert (str(data.request_id), data.kind, data.due_on) == (made["request_id"], "correctie", due)
    assert overdue.metadata.actor == "timer.verzoek"
    assert await recorded(intake, answered, REQUEST_OVERDUE) == []
    (asked,) = await recorded(intake, waiting, "nl.regie.intake.subject-request-made")
    assert is_ciphertext(json.loads(asked.data)["text"])
    mine = await intake.get(f"/youths/{waiting}/subject-requests", headers=young(waiting))
    [item] = mine.json()["items"]
    assert (item["state"], item["text"], item["due_on"]) == (
        "te_laat", "Mijn adres klopt niet.", due.isoformat()
    )  # fmt: skip


async def test_only_the_young_person_asks_for_themselves_and_only_the_privacy_officer_answers(
    intake,
):
    """A professional is refused (403); another young person's id is the 404 of one not there."""
    youth, other = await registered(intake), await registered(intake)
    body = {"kind": "correctie", "text": "Fout adres"}
    path = f"/youths/{youth}/subject-requests"
    unknown = await intake.post(f"/youths/{uuid.uuid4()}/subject-requests", json=body,
                                headers=young(other))  # fmt: skip
    for role in ("regisseur", "intake", "privacy_officer"):
        refused = await intake.post(path, json=body, headers=bearer(role))
        assert refused.status_code == 403, (role, refused.text)
    for_another = await intake.post(path, json=body, headers=young(other))
    read_another = await intake.get(path, headers=young(other))
    assert unknown.status_code == 404
    assert (for_another.status_code, for_another.json()) == (404, unknown.json())
    assert (read_another.status_code, read_another.json()) == (404, unknown.json())
    bad = await intake.post(path, json={"kind": "inzage"}, headers=young(youth))
    assert bad.status_code == 422
    assert "kind" in str(bad.json()["detail"])
    bare = await intake.post(path, json={"kind": "correctie"}, headers=young(youth))
    assert bare.status_code == 422
    assert bare.json()["detail"][0]["loc"] == ["body", "text"]

    made = await requested(intake, youth)
    answer = f"{path}/{made['request_id']}/answer"
    by_themselves = await intake.post(answer, json={"outcome": "toegewezen"}, headers=young(youth))
    by_regisseur = await intake.post(answer, json={"outcome": "toegewezen"}, headers=DIRECTOR)
    assert (by_themselves.status_code, by_regisseur.status_code) == (403, 403)
    partly = {"outcome": "deels_toegewezen", "note": "Adres aangepast."}
    await post(intake, youth, f"/subject-requests/{made['request_id']}/answer", partly,
               PRIVACY_OFFICER)  # fmt: skip
    twice = await intake.post(answer, json={"outcome": "afgewezen"}, headers=PRIVACY_OFFICER)
    assert twice.status_code == 409, twice.text

    seen = (await intake.get(path, headers=PRIVACY_OFFICER)).json()["items"]
    assert [(i["state"], i["outcome"], i["text"], i["note"], i["in_time"]) for i in seen] == [
        ("afgehandeld", "deels_toegewezen", "Fout adres", "Adres aangepast.", True)
    ]
    log = await intake.get("/processing-log", params={"youth_id": youth}, headers=bearer("auditor"))
    made_entries = [e for e in log.json() if e["activity"] == "intake.verzoeken"]
    assert {(e["actor_role"], e["action"], e["result"]) for e in made_entries} >= {
        ("jongere", "aanmaken", "gelukt"), ("privacy_officer", "wijzigen", "gelukt"),
        ("regisseur", "aanmaken", "geweigerd"), ("privacy_officer", "lezen", "gelukt"),
    }  # fmt: skip
