"""The debts service over HTTP, against the real servers, down to the CloudEvents on Kafka."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta

import pytest

from services.debts.bootstrap import MIGRATIONS, create_app
from services.debts.projections.trajectories import DebtTrajectories
from services.debts.settings import DebtsSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from shared.envelope import CloudEvent
from shared.migrations import directory_migrations, migrate
from shared.projection import ProjectionRunner, inbox_migrations
from tests.support.apps import bearer, platform_settings, serve
from tests.support.kafka import json_values, read_records
from tests.support.registrations import registered
from tests.support.waiting import eventually

TODAY = date.today()
DAY = TODAY.isoformat()
COUNSELLOR = bearer("schuldhulpverlener")
CREDITORS = ("Incassobureau Geheim BV", "Zorgverzekeraar Vertrouwelijk")


@pytest.fixture
async def debts(endpoints, topic_prefix):
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(
        settings,
        DebtsSettings(
            schema_name=f"{topic_prefix}_debts",
            trajectories_group=f"{topic_prefix}-debts",
            policies_group=f"{topic_prefix}-debts-policies",
        ),
    )
    async with serve(app) as client:
        yield client


async def post(client, youth, path, body, headers=COUNSELLOR):
    return await client.post(f"/youths/{youth}{path}", json=body, headers=headers)


async def jpf_case(client, youth) -> list:
    """A Jongeren Perspectief Fonds case from request to debt-free; every answer."""
    steps = [
        (
            "/debt-help",
            {
                "requested_on": DAY,
                "crisis": True,
                "crisis_trigger": "ontruiming",
                "programma": "jpf",
            },
        ),
        ("/first-conversation", {"held_on": DAY}),
        (
            "/debts",
            {
                "debt_id": "d1",
                "creditor_type": "overig",
                "creditor_name": CREDITORS[0],
                "amount": 7350,
                "recorded_on": DAY,
            },
        ),
        (
            "/debts",
            {
                "debt_id": "d2",
                "creditor_type": "zorg",
                "creditor_name": CREDITORS[1],
                "amount": 1289,
                "recorded_on": DAY,
            },
        ),
        ("/inventory", {"total": 8639, "completed_on": DAY}),
        ("/settlement-proposals", {"solution_kind": "saneringskrediet", "proposed_on": DAY}),
        ("/creditor-responses", {"debt_id": "d1", "response": "akkoord", "responded_on": DAY}),
        (
            "/creditor-responses",
            {
                "debt_id": "d2",
                "response": "tegenvoorstel",
                "counter_amount": 1000,
                "responded_on": DAY,
            },
        ),
        ("/counterpart", {"kind": "maatschappelijke_stage", "hours": 40, "agreed_on": DAY}),
        ("/fund-takeover", {"total_bought": 5000, "written_off": 3000, "taken_over_on": DAY}),
        ("/counterpart-hours", {"hours": 25, "logged_on": DAY}),
        ("/counterpart-hours", {"hours": 15, "logged_on": DAY}),
        ("/counterpart-completion", {"completed_on": DAY}),
        (
            "/settlement",
            {"solution_kind": "saneringskrediet", "amount_settled": 2000, "settled_on": DAY},
        ),
        ("/end", {"reason": "afgerond", "ended_on": DAY}),
    ]
    return [await post(client, youth, path, body) for path, body in steps]


async def test_a_fund_case_runs_to_debt_free_and_publishes_no_amounts(
    debts, endpoints, topic_prefix
):
    """Fifteen commands accepted; the topic has the types in order and no FIN or ID in clear."""
    youth = str(await registered(debts))
    answers = await jpf_case(debts, youth)
    assert [a.status_code for a in answers] == [201] * 15, [a.text for a in answers]

    shown = (await debts.get(f"/youths/{youth}/debts", headers=COUNSELLOR)).json()
    assert (shown["phase"], shown["settled"], shown["ended_reason"]) == (
        "beeindigd",
        True,
        "afgerond",
    )
    assert shown["money"]["debt_total"] == 8639
    assert shown["money"]["balance"] == 0
    assert (shown["hours_agreed"], shown["hours_done"], shown["deadline"]) == (40, 40, "gehaald")
    director_view = (await debts.get(f"/youths/{youth}/debts", headers=bearer("auditor"))).json()
    assert director_view["money"] is None
    assert {d["amount"] for d in director_view["debts"]} == {None}

    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.debts.events", at_least=15
    )
    mine = [r for r in records if r.key == youth.encode()]
    events = [CloudEvent.model_validate_json(r.value) for r in mine]
    assert [e.type.removeprefix("nl.regie.debts.") for e in events][:3] == [
        "debt-help-requested",
        "first-conversation-held",
        "debt-recorded",
    ]
    assert events[-1].type == "nl.regie.debts.debt-trajectory-ended"
    assert all(
        (e.grondslag, e.leefgebied, e.subject) == ("wgs", "financien", youth) for e in events
    )
    raw = b" ".join(r.value for r in mine).decode()
    for secret in CREDITORS:
        assert secret not in raw
    clear_values = {v for e in events for v in json_values(e.data)}
    assert clear_values.isdisjoint({7350, 1289, 8639, 3000, 5000, 2000})
    assert events[2].data["amount"].startswith("enc:v1:")


async def test_money_rules_answer_in_dutch_and_english(debts):
    """Wrong total, zero amount, settling too much, the fund outside jpf: 422, field; 404; 403."""
    youth = str(await registered(debts))
    await post(debts, youth, "/debt-help", {"requested_on": DAY})
    await post(
        debts,
        youth,
        "/debts",
        {
            "debt_id": "d1",
            "creditor_type": "nuts",
            "creditor_name": "Energie BV",
            "amount": 500,
            "recorded_on": DAY,
        },
    )
    wrong_total = await post(debts, youth, "/inventory", {"total": 499, "completed_on": DAY})
    zero = await post(
        debts,
        youth,
        "/debts",
        {
            "debt_id": "d2",
            "creditor_type": "nuts",
            "creditor_name": "X",
            "amount": 0,
            "recorded_on": DAY,
        },
    )
    await post(debts, youth, "/inventory", {"total": 500, "completed_on": DAY})
    too_much = await post(
        debts,
        youth,
        "/settlement",
        {"solution_kind": "betalingsregeling", "amount_settled": 501, "settled_on": DAY},
    )
    no_trajectory = await post(
        debts, str(await registered(debts)), "/first-conversation", {"held_on": DAY}
    )
    # Plain Wgs debt help, not the Jongeren Perspectief Fonds: no counterpart for the fund.
    not_jpf = await post(
        debts, youth, "/counterpart",
        {"kind": "maatschappelijke_stage", "hours": 40, "agreed_on": DAY},
    )  # fmt: skip
    assert wrong_total.status_code == 422
    [problem] = wrong_total.json()["detail"]
    assert problem["loc"] == ["body", "total"]
    assert "499" in problem["msg"]
    assert "500" in problem["msg"]
    assert problem["msg_en"]
    assert zero.status_code == 422
    assert too_much.status_code == 422
    assert too_much.json()["detail"][0]["loc"] == ["body", "amount_settled"]
    assert no_trajectory.status_code == 404
    assert not_jpf.status_code == 422
    [fund] = not_jpf.json()["detail"]
    assert fund["loc"] == ["body", "programma"]
    assert "programma jpf" in fund["msg"]
    assert "jpf programme" in fund["msg_en"]
    other = await debts.post(
        f"/youths/{youth}/first-conversation",
        json={"held_on": DAY},
        headers=bearer("schuldhulpverlener", gemeente="0268"),
    )
    assert other.status_code == 404


async def test_crisis_deadline_shows_at_risk_and_the_rebuild_equals_the_live_read_model(
    debts, endpoints, topic_prefix, pool
):
    """A crisis request four days old without a conversation is late; the read model rebuilds."""
    late, on_time = str(await registered(debts)), str(await registered(debts))
    four_days_ago = (TODAY - timedelta(days=6)).isoformat()
    await post(
        debts,
        late,
        "/debt-help",
        {
            "requested_on": four_days_ago,
            "crisis": True,
            "crisis_trigger": "afsluiting_energie_water",
        },
    )
    await post(debts, on_time, "/debt-help", {"requested_on": DAY})
    at_risk = await eventually(
        lambda: debts.get("/trajectories/deadlines-at-risk", headers=COUNSELLOR),
        lambda r: r.status_code == 200 and len(r.json()) == 1,
    )
    assert at_risk.json()[0]["youth_id"] == late
    shown = (await debts.get(f"/youths/{late}/debts", headers=COUNSELLOR)).json()
    assert shown["deadline"] == "verlopen"

    live_schema, rebuilt = f"{topic_prefix}_debts", f"{topic_prefix}_debts_rebuilt"
    async with pool.acquire() as conn:
        await migrate(conn, rebuilt, [*inbox_migrations(), *directory_migrations(MIGRATIONS)])
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    runner = ProjectionRunner(
        pool,
        settings,
        DebtTrajectories(rebuilt, f"{topic_prefix}-rebuild"),
        schema=rebuilt,
        topics=[f"{topic_prefix}.debts.events"],
    )
    query = "SELECT * FROM {}.debt_trajectories ORDER BY youth_id"
    live = [dict(r) for r in await pool.fetch(query.format(live_schema))]
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await eventually(
            lambda: pool.fetch(query.format(rebuilt)),
            lambda rows: [dict(r) for r in rows] == live,
        )
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await task
    assert len(live) == 2


async def test_debt_milestones_reach_the_consolidated_timeline(debts, endpoints, topic_prefix):
    """The timeline picks up debts.events from its catalogue alone, in Dutch, without amounts."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    timeline_app = create_timeline(
        settings,
        TimelineSettings(
            schema_name=f"{topic_prefix}_timeline", consumer_group=f"{topic_prefix}-timeline"
        ),
    )
    youth = str(await registered(debts))
    async with serve(timeline_app) as timeline:
        await post(debts, youth, "/debt-help", {"requested_on": DAY, "crisis": True})
        response = await eventually(
            lambda: timeline.get(f"/youths/{youth}/timeline", headers=bearer("auditor")),
            lambda r: r.status_code == 200 and r.json()["entries"],
        )
    [entry] = response.json()["entries"]
    assert (entry["domain"], entry["leefgebied"], entry["grondslag"]) == (
        "debts",
        "financien",
        "wgs",
    )
    assert entry["headline"] == "Schuldhulp aangevraagd (crisis)"
