"""The signals over the real broker: who sees which, acknowledging, snoozing, the clock.

Events go to the domains' topics as their relays publish them; the timeline app runs its
signals projection in its own consumer group, and the tests move the app's clock.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from aiokafka import AIOKafkaProducer

from services.timeline.bootstrap import create_app
from services.timeline.settings import TimelineSettings
from shared.clock import FixedClock
from shared.kafka import dead_letter_topic
from tests.integration.timeline.signal_events import event, topic_and_bytes
from tests.support.apps import bearer, platform_settings, serve
from tests.support.waiting import eventually

DAY = date(2031, 3, 3)
DIRECTOR = "regisseur-7"
ME = bearer("regisseur", sub=DIRECTOR)
OTHER_DIRECTOR = bearer("regisseur", sub="regisseur-8")
ELSEWHERE = bearer("auditor", gemeente="0363")
AUDITOR = bearer("auditor")
COUNSELLOR = bearer("schuldhulpverlener")
HOUSING_WORKER = bearer("woonconsulent")
INTAKE_WORKER = bearer("intake")


@pytest.fixture
async def timeline(endpoints, topic_prefix):
    """The timeline app on a fixed day, and a way to publish events to it."""
    platform = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    settings = TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix)
    app = create_app(platform, settings)
    app.state.clock = FixedClock(DAY)
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap, linger_ms=0)
    await producer.start()
    try:
        async with serve(app) as client:
            await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)

            async def publish(*events, headers=None, dead=False):
                for cloud in events:
                    topic, key, value = topic_and_bytes(cloud, topic_prefix)
                    await producer.send_and_wait(
                        dead_letter_topic(topic) if dead else topic, value, key, headers=headers
                    )

            client.publish = publish
            client.settings = settings
            client.app = app
            yield client
    finally:
        await producer.stop()


async def listed(client, headers, *, count, **params):
    """The caller's signals once `count` of them show."""
    answer = await eventually(
        lambda: client.get("/signals", headers=headers, params=params),
        lambda r: r.status_code == 200 and r.json()["total"] == count,
    )
    return answer.json()["items"]


async def assigned_youth(client, director=DIRECTOR) -> str:
    youth = str(uuid.uuid4())
    await client.publish(
        event(
            "nl.regie.intake.youth-registered",
            youth,
            {"programma": "dtj", "age_band": "18-22", "registered_on": "2031-01-05"},
            on=DAY,
        ),
        event(
            "nl.regie.intake.director-assigned",
            youth,
            {"director_id": director, "from_on": "2031-01-05"},
            on=DAY,
        ),
    )
    return youth


async def missed_and_duplicate(client, youth):
    await client.publish(
        event(
            "nl.regie.debts.first-conversation-deadline-missed",
            youth,
            {
                "trajectory_id": str(uuid.uuid4()),
                "first_conversation_due": "2031-03-01",
                "missed_on": "2031-03-02",
            },
            on=DAY,
            role="systeem",
        ),
        event(
            "nl.regie.intake.possible-duplicate-found",
            youth,
            {
                "other_youth_id": str(uuid.uuid4()),
                "matched_on": "naam_geboortedatum",
                "found_on": "2031-03-02",
            },
            on=DAY,
            role="systeem",
        ),
        event(
            "nl.regie.housing.eviction-threatened",
            youth,
            {
                "eviction_id": str(uuid.uuid4()),
                "reason": "huurachterstand",
                "signalled_on": "2031-03-02",
            },
            on=DAY,
        ),
    )


async def test_who_sees_which(timeline):
    """Director: their young person's all; a domain worker: their domain; elsewhere: nothing."""
    youth = await assigned_youth(timeline)
    await missed_and_duplicate(timeline, youth)
    mine = await listed(timeline, ME, count=3)
    assert [s["urgency"] for s in mine] == [1, 1, 2], "most urgent first"
    assert {"debts", "housing", "intake"} == {s["domain"] for s in mine}
    debts = next(s for s in mine if s["domain"] == "debts")
    assert "schuldhulpgesprek" not in debts["explanation"], "another domain's detail stays out"
    assert {"debts"} == {s["domain"] for s in await listed(timeline, COUNSELLOR, count=1)}
    assert {"housing"} == {s["domain"] for s in await listed(timeline, HOUSING_WORKER, count=1)}
    counsellor_view = (await timeline.get("/signals", headers=COUNSELLOR)).json()["items"][0]
    assert "schuldhulpgesprek" in counsellor_view["explanation"]
    assert [s["kind"] for s in await listed(timeline, INTAKE_WORKER, count=1)] == [
        "mogelijk_dubbel"
    ]
    assert len(await listed(timeline, AUDITOR, count=3)) == 3
    assert (await timeline.get("/signals", headers=OTHER_DIRECTOR)).json()["items"] == []
    assert (await timeline.get("/signals", headers=ELSEWHERE)).json()["items"] == []


async def test_filters_and_bad_filters(timeline):
    """Filters narrow the list; an unknown kind is a 422 naming the field, in two languages."""
    youth = await assigned_youth(timeline)
    await missed_and_duplicate(timeline, youth)
    await listed(timeline, ME, count=3)
    only = await listed(timeline, ME, count=1, kind="mogelijk_dubbel")
    assert [s["domain"] for s in only] == ["intake"]
    assert len(await listed(timeline, ME, count=2, urgency=1)) == 2
    assert len(await listed(timeline, ME, count=3, per_page=1, page=3)) == 1
    refused = await timeline.get("/signals", headers=ME, params={"kind": "brand"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "kind"]
    assert refused.json()["detail"][0]["msg_en"]


async def test_acknowledge_and_snooze(timeline):
    """Acknowledged stays listed as such; snoozed hides until its day, then shows again."""
    youth = await assigned_youth(timeline)
    await missed_and_duplicate(timeline, youth)
    first, second, _ = await listed(timeline, ME, count=3)
    done = await timeline.post(
        f"/signals/{first['signal_id']}/acknowledge",
        headers=ME,
        json={"note": "Gebeld met de schuldhulp."},
    )
    assert done.status_code == 200, done.text
    assert (
        done.json()["state"],
        done.json()["acknowledged_by"],
        done.json()["note"],
    ) == ("erkend", DIRECTOR, "Gebeld met de schuldhulp.")
    until = DAY + timedelta(days=5)
    snoozed = await timeline.post(
        f"/signals/{second['signal_id']}/snooze", headers=ME, json={"until": until.isoformat()}
    )
    assert snoozed.json()["state"] == "gesluimerd"
    shown = await listed(timeline, ME, count=2)
    assert {first["signal_id"]: "erkend"} == {
        s["signal_id"]: s["state"] for s in shown if s["state"] != "open"
    }
    assert second["signal_id"] not in {s["signal_id"] for s in shown}
    timeline.app.state.clock = FixedClock(until)
    assert second["signal_id"] in {s["signal_id"] for s in await listed(timeline, ME, count=3)}
    logged = await timeline.get("/processing-log", params={"youth_id": youth}, headers=AUDITOR)
    activities = [(e["activity"], e["actor"]) for e in logged.json()]
    assert activities.count(("signalen.afhandelen", DIRECTOR)) == 2

    # The note is free text about the young person: an erasure takes it, the acknowledgement
    # itself (who, when) stays as the worker's own record.
    await timeline.publish(event("nl.regie.intake.personal-data-erased", youth, {}, on=DAY))
    pool, schema = timeline.app.state.pool, timeline.settings.schema_name
    notes = f"SELECT action, note FROM {schema}.signal_actions WHERE signal_id = $1::uuid"
    cleared = await eventually(
        lambda: pool.fetch(notes, first["signal_id"]),
        lambda rows: [tuple(r) for r in rows] == [("erkend", None)],
    )
    assert len(cleared) == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("acknowledge", {}, "note"),
        ("acknowledge", {"note": "   "}, "note"),
        ("acknowledge", {"note": "x" * 501}, "note"),
        ("snooze", {"until": DAY.isoformat()}, "until"),
        ("snooze", {"until": (DAY + timedelta(days=31)).isoformat()}, "until"),
        ("snooze", {"until": "morgen"}, "until"),
    ],
)
async def test_bad_input_is_a_422_naming_the_field(timeline, path, body, field):
    """No note, a note too long, a day not ahead or too far: refused, the field named."""
    youth = await assigned_youth(timeline)
    await missed_and_duplicate(timeline, youth)
    first = (await listed(timeline, ME, count=3))[0]
    refused = await timeline.post(f"/signals/{first['signal_id']}/{path}", headers=ME, json=body)
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert field == problem["loc"][-1]
    assert problem["msg"]
    assert problem["msg_en"]


@pytest.mark.parametrize("who", [OTHER_DIRECTOR, ELSEWHERE, HOUSING_WORKER])
async def test_acting_on_a_signal_one_cannot_see_is_not_found(timeline, who):
    """Not theirs looks like not there: 404, and nothing recorded."""
    youth = await assigned_youth(timeline)
    await missed_and_duplicate(timeline, youth)
    debts = next(s for s in await listed(timeline, ME, count=3) if s["domain"] == "debts")
    for path, body in (("acknowledge", {"note": "weg"}), ("snooze", {"until": "2031-03-05"})):
        refused = await timeline.post(
            f"/signals/{debts['signal_id']}/{path}", headers=who, json=body
        )
        assert refused.status_code == 404
    again = next(s for s in await listed(timeline, ME, count=3) if s["domain"] == "debts")
    assert again["state"] == "open"
    unknown = await timeline.post(
        f"/signals/{uuid.uuid4()}/acknowledge", headers=ME, json={"note": "x"}
    )
    assert unknown.status_code == 404


async def test_a_deadline_within_seven_days_appears_when_the_clock_moves(timeline):
    """The first conversation due in ten days: nothing yet; three days later, 'binnenkort'."""
    youth = await assigned_youth(timeline)
    due = DAY + timedelta(days=10)
    await timeline.publish(
        event(
            "nl.regie.debts.debt-help-requested",
            youth,
            {
                "trajectory_id": str(uuid.uuid4()),
                "requested_on": "2031-03-03",
                "first_conversation_due": due.isoformat(),
                "crisis": False,
            },
            on=DAY,
        )
    )
    await eventually(
        lambda: timeline.get("/signals", headers=AUDITOR), lambda r: r.status_code == 200
    )
    await listed(timeline, COUNSELLOR, count=0)
    timeline.app.state.clock = FixedClock(DAY + timedelta(days=3))
    (soon,) = await listed(timeline, COUNSELLOR, count=1)
    assert ("termijn_nadert", 2, due.isoformat()) == (soon["kind"], soon["urgency"], soon["due_on"])
    assert "over 7 dagen" in soon["explanation"]


async def test_a_failed_reaction_on_the_dead_letter_topic_is_a_signal(timeline):
    """A debts policy parked a housing event: the debts worker and the director see it."""
    youth = await assigned_youth(timeline)
    parked = event(
        "nl.regie.housing.eviction-threatened",
        youth,
        {"eviction_id": str(uuid.uuid4()), "reason": "huurachterstand"},
        on=DAY,
    )
    headers = [("dlq-reason", b"apply failed: boom"), ("dlq-consumer", b"x-debts-policies")]
    await timeline.publish(parked, headers=headers, dead=True)
    (failed,) = await listed(timeline, COUNSELLOR, count=1)
    assert (failed["kind"], failed["domain"], failed["urgency"]) == ("reactie_mislukt", "debts", 1)
    assert len(await listed(timeline, ME, count=1, kind="reactie_mislukt")) == 1
    assert (await timeline.get("/signals", headers=HOUSING_WORKER)).json()["items"] == []


async def test_the_routes_document_their_refusals(timeline):
    """404 for not there or not yours, 422 per field: in the OpenAPI document."""
    paths = (await timeline.get("/openapi.json")).json()["paths"]
    for path in ("/signals/{signal_id}/acknowledge", "/signals/{signal_id}/snooze"):
        assert {"401", "403", "404", "422"} <= set(paths[path]["post"]["responses"])
    assert {"401", "403", "422"} <= set(paths["/signals"]["get"]["responses"])


async def test_the_timers_facts_over_the_broker_raise_and_resolve(timeline):
    """A plan overdue and a Doorbraak, as intake publishes them, raised; their answers resolve."""
    youth = await assigned_youth(timeline)
    await timeline.publish(
        event(
            "nl.regie.intake.future-plan-overdue",
            youth,
            {"programma": "dtj", "due_on": "2031-03-01"},
            on=DAY,
            role="systeem",
        ),
        event(
            "nl.regie.intake.breakthrough-requested",
            youth,
            {
                "breakthrough_id": str(uuid.uuid4()),
                "obstruction": "kostendelersnorm",
                "organisation": "gemeente",
                "requested_on": "2031-03-02",
            },
            on=DAY,
        ),
    )
    raised = await listed(timeline, INTAKE_WORKER, count=2)
    assert [(s["kind"], s["urgency"]) for s in raised] == [
        ("termijn_verstreken", 1),
        ("doorbraak_open", 3),
    ]
    await timeline.publish(
        event(
            "nl.regie.intake.future-plan-agreed",
            youth,
            {"plan_id": "plan-1", "agreed_on": "2031-03-03", "goals": []},
            on=DAY,
        ),
    )
    (left,) = await listed(timeline, INTAKE_WORKER, count=1)
    assert left["kind"] == "doorbraak_open"
    (resolved,) = await listed(timeline, INTAKE_WORKER, count=1, state="opgelost")
    assert resolved["kind"] == "termijn_verstreken"
    assert resolved["resolved_by"] is not None
