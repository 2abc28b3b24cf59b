"""The coaching service over HTTP, against the real servers, down to the CloudEvents on Kafka."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import date, timedelta

import pytest

from services.coaching.bootstrap import MIGRATIONS, create_app
from services.coaching.projections.states import CoachingStates
from services.coaching.settings import CoachingSettings
from shared.envelope import CloudEvent
from shared.migrations import directory_migrations, migrate
from shared.projection import ProjectionRunner, inbox_migrations
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.cloudevents import Publisher
from tests.support.kafka import read_records
from tests.support.registrations import registered
from tests.support.waiting import eventually

TODAY = date.today()
COACH_ID = "coach-7"
COACH = {"Authorization": f"Bearer {token('coach', sub=COACH_ID)}"}
NOTES = "Heeft last van oude vrienden in de wijk"
GOAL_TEXT = "Elke ochtend om acht uur op"


def day(ago: int) -> str:
    return (TODAY - timedelta(days=ago)).isoformat()


@pytest.fixture
async def coaching(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        CoachingSettings(
            schema_name=f"{topic_prefix}_coaching",
            states_group=f"{topic_prefix}-coaching",
            policies_group=f"{topic_prefix}-coaching-policies",
        ),
    )
    async with serve(app) as client:
        yield client


async def post(client, youth, path, body, headers=COACH):
    return await client.post(f"/youths/{youth}{path}", json=body, headers=headers)


RODE_LOPER = [
    ("/coaches", {"coach_id": COACH_ID, "kind": "rodeloper_coach", "from_on": day(40)}),
    ("/phases", {"phase": "scout", "started_on": day(40)}),
    ("/phases", {"phase": "scan", "started_on": day(30)}),
    ("/talent-scan", {"strengths": ["praktisch"], "obstacles": {"justitie": "justitiecontact"},
                      "completed_on": day(25), "notes": NOTES}),
    ("/phases", {"phase": "match", "started_on": day(20)}),
    ("/goals", {"goal_id": "ritme", "leefgebied": "dagbesteding", "set_on": day(20),
                "text": GOAL_TEXT, "due_on": day(-30)}),
    ("/matches", {"kind": "leerwerkplek", "partner_type": "werkgever", "start_on": day(10),
                  "made_on": day(12)}),
    ("/phases", {"phase": "borg", "started_on": day(9)}),
    ("/work", {"kind": "leerwerkbaan", "contract": "tijdelijk", "started_on": day(10)}),
    ("/care-referrals", {"care_kind": "verslavingszorg", "referred_on": day(5)}),
]  # fmt: skip


async def test_rode_loper_from_scout_to_borg_with_work_and_sealed_texts(
    coaching, endpoints, topic_prefix
):
    """Every phase in order; texts and the kind of care are sealed on Kafka, open to the coach."""
    youth = str(await registered(coaching))
    answers = [await post(coaching, youth, path, body) for path, body in RODE_LOPER]
    assert [a.status_code for a in answers] == [201] * len(RODE_LOPER), [a.text for a in answers]

    shown = (await coaching.get(f"/youths/{youth}/coaching", headers=COACH)).json()
    assert (shown["status"], shown["phase"]) == ("actief", "borg")
    assert shown["coaches"] == [{"kind": "rodeloper_coach", "coach_id": COACH_ID,
                                 "from_on": day(40)}]  # fmt: skip
    assert shown["goals"][0]["text"] == GOAL_TEXT
    assert shown["sealed"] == {"scan_notes": NOTES, "care_kind": "verslavingszorg"}
    assert shown["outcome"]["work_started_on"] == day(10)
    director = (await coaching.get(f"/youths/{youth}/coaching", headers=bearer("auditor"))).json()
    assert director["sealed"] is None
    assert director["goals"][0]["text"] is None
    assert director["phase"] == "borg"

    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.coaching.events", at_least=len(RODE_LOPER)
    )
    mine = [r for r in records if r.key == youth.encode()]
    events = [CloudEvent.model_validate_json(r.value) for r in mine]
    types = [e.type.removeprefix("nl.regie.coaching.") for e in events]
    assert types[:2] == ["coach-assigned", "coaching-phase-started"]
    phases = [e.data["phase"] for e in events if e.type.endswith("phase-started")]
    assert phases == ["scout", "scan", "match", "borg"]
    raw = b" ".join(r.value for r in mine).decode()
    for secret in (NOTES, GOAL_TEXT, "verslavingszorg"):
        assert secret not in raw
    care = next(e for e in events if e.type.endswith(".care-referred"))
    assert (care.vertrouwelijkheid, care.grondslag, care.leefgebied) == (
        "confidentieel",
        "wmo",
        None,
    )
    assert {e.programma for e in events} == {"rodeloper"}
    assert [e.streamversion for e in events] == list(range(1, len(events) + 1))


async def test_the_rules_refuse_out_of_order_phases_twice_closed_goals_and_bad_input(coaching):
    """No match before a scan, no borg before a match; goals close once; input errors per field."""
    youth = str(await registered(coaching))
    before_coach = await post(coaching, youth, "/phases", {"phase": "scout", "started_on": day(9)})
    for path, body in RODE_LOPER[:3]:
        assert (await post(coaching, youth, path, body)).status_code == 201
    match_early = await post(coaching, youth, "/phases", {"phase": "match", "started_on": day(8)})
    await post(coaching, youth, *RODE_LOPER[3])
    borg_early = await post(coaching, youth, "/phases", {"phase": "borg", "started_on": day(8)})
    await post(coaching, youth, "/goals", {"goal_id": "g1", "leefgebied": "werk",
                                           "set_on": day(8), "text": "Werk vinden"})  # fmt: skip
    first = await post(
        coaching, youth, "/goal-achievements", {"goal_id": "g1", "achieved_on": day(2)}
    )
    again = await post(coaching, youth, "/goal-drops", {"goal_id": "g1", "dropped_on": day(1)})
    forward = await post(coaching, youth, "/relapses", {"leefgebied": "justitie",
                                                         "signalled_on": day(1),
                                                         "returns_to": "match"})  # fmt: skip
    bad = await post(
        coaching,
        youth,
        "/future-conversations",
        {"participants": [], "perspective": "astronaut", "held_on": "gisteren"},
    )
    other_town = await post(coaching, youth, "/goals",
                            {"goal_id": "g2", "leefgebied": "werk", "set_on": day(1),
                             "text": "x"},
                            headers=bearer("coach", gemeente="0363"))  # fmt: skip

    assert before_coach.status_code == 404
    assert before_coach.json()["detail"]["nl"] == "Er is geen lopende begeleiding"
    assert match_early.status_code == 422
    assert match_early.json()["detail"][0]["loc"] == ["body", "phase"]
    assert borg_early.status_code == 422
    assert first.status_code == 201
    assert again.status_code == 409
    assert forward.status_code == 422
    assert forward.json()["detail"][0]["loc"] == ["body", "returns_to"]
    assert bad.status_code == 422
    fields = {tuple(e["loc"]) for e in bad.json()["detail"]}
    assert {("body", "participants"), ("body", "perspective"), ("body", "held_on")} <= fields
    assert other_town.status_code == 404
    shown = (await coaching.get(f"/youths/{youth}/coaching", headers=COACH)).json()
    assert shown["phase"] == "scan"
    assert [g["status"] for g in shown["goals"]] == ["behaald"]


async def test_caseload_phases_outcomes_and_relapse_and_the_read_model_rebuilds_equal(
    coaching, endpoints, topic_prefix, pool
):
    """A relapse sends one back to scan; lists count it; the rebuilt read model equals live."""
    in_borg, relapsed, to_work = [str(await registered(coaching)) for _ in range(3)]
    for path, body in RODE_LOPER:
        await post(coaching, in_borg, path, body)
    for path, body in RODE_LOPER[:7]:
        await post(coaching, relapsed, path, body)
    relapse = await post(coaching, relapsed, "/relapses",
                         {"leefgebied": "justitie", "signalled_on": day(3),
                          "returns_to": "scan"})  # fmt: skip
    assert relapse.status_code == 201
    km = bearer("klantmanager")
    await post(coaching, to_work, "/coaches", {"coach_id": "km-1", "kind": "klantmanager",
                                               "from_on": day(30)}, km)  # fmt: skip
    await post(coaching, to_work, "/goals", {"goal_id": "werk", "leefgebied": "werk",
                                             "set_on": day(30), "text": "Werk"}, km)  # fmt: skip
    await post(coaching, to_work, "/future-conversations",
               {"participants": ["werkbedrijf", "jongere"], "perspective": "werk",
                "held_on": day(29)}, km)  # fmt: skip
    await post(coaching, to_work, "/work", {"kind": "betaald_voltijd", "contract": "vast",
                                            "started_on": day(4)}, km)  # fmt: skip
    ended = await post(
        coaching,
        to_work,
        "/coaching-end",
        {"reason": "doel_bereikt", "destination": "werk", "ended_on": day(1)},
        km,
    )
    assert ended.status_code == 201
    # Income ended one young person's bijstand for work (and another's for education): work
    # on the outcomes, though coaching never coached them (issue 21).
    income = Publisher(endpoints.kafka_bootstrap, topic_prefix)
    await income.publish(*(
        income.event("nl.regie.income.benefit-ended", str(uuid.uuid4()),
                     {"benefit_id": str(uuid.uuid4()), "reason": reason, "ended_on": day(2)},
                     leefgebied="financien")
        for reason in ("werk", "opleiding")
    ))  # fmt: skip

    shown = (await coaching.get(f"/youths/{relapsed}/coaching", headers=COACH)).json()
    assert (shown["phase"], shown["relapses"]) == ("scan", 1)
    closed = (await coaching.get(f"/youths/{to_work}/coaching", headers=km)).json()
    assert [g["status"] for g in closed["goals"]] == ["vervallen"]
    assert closed["coaches"] == []

    outcomes = await eventually(
        lambda: coaching.get("/outcomes", headers=COACH),
        lambda r: (
            r.status_code == 200
            and r.json()["ended"] == 1
            and r.json()["relapses"] == 1
            and r.json()["work_after_bijstand"] == 1
        ),
    )
    assert outcomes.json() | {"destinations": None} == {
        "active": 2, "ended": 1, "work": 3, "work_after_bijstand": 1, "education": 0,
        "dagbesteding": 0, "care": 1, "relapsed": 1, "relapses": 1, "destinations": None,
        "in_work_now": 2, "in_education_now": 0, "education_completed": 0,
        "education_dropped_out": 0,
    }  # fmt: skip
    assert outcomes.json()["destinations"] == {"werk": 1}
    phases = (await coaching.get("/phases", headers=bearer("auditor"))).json()
    assert phases == {"scout": 0, "scan": 1, "match": 0, "borg": 1, "geen_fase": 0}
    mine = (await coaching.get("/coaches/me/caseload", headers=COACH)).json()
    assert {item["youth_id"] for item in mine} == {in_borg, relapsed}
    assert next(i for i in mine if i["youth_id"] == relapsed)["last_relapse_on"] == day(3)
    theirs = (await coaching.get("/coaches/km-1/caseload", headers=COACH)).json()
    assert theirs == []  # coaching ended: no longer on anyone's caseload
    elsewhere = (await coaching.get("/phases", headers=bearer("coach", gemeente="0363"))).json()
    assert sum(elsewhere.values()) == 0

    live_schema, rebuilt = f"{topic_prefix}_coaching", f"{topic_prefix}_coaching_rebuilt"
    async with pool.acquire() as conn:
        await migrate(conn, rebuilt, [*inbox_migrations(), *directory_migrations(MIGRATIONS)])
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    runner = ProjectionRunner(
        pool, settings, CoachingStates(rebuilt, f"{topic_prefix}-rebuild"), schema=rebuilt,
        topics=[f"{topic_prefix}.coaching.events", f"{topic_prefix}.income.events"],
    )  # fmt: skip
    queries = (
        "SELECT * FROM {}.coaching_states ORDER BY youth_id",
        "SELECT * FROM {}.coaching_assignments ORDER BY youth_id, kind",
    )

    async def snapshot(schema: str) -> list[list[dict]]:
        return [[dict(r) for r in await pool.fetch(q.format(schema))] for q in queries]

    live = await snapshot(live_schema)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await eventually(lambda: snapshot(rebuilt), lambda rows: rows == live)
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await task
