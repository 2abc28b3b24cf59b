"""Every intake command over HTTP, against the real servers, down to the CloudEvents on Kafka."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date, timedelta

from services.intake.bootstrap import MIGRATIONS
from services.intake.handlers import youth_stream
from services.intake.projections.summaries import YouthSummaries
from shared.envelope import CloudEvent
from shared.migrations import directory_migrations, migrate
from shared.privacy.fields import is_ciphertext
from shared.projection import ProjectionRunner, inbox_migrations
from tests.support.apps import bearer, platform_settings, token
from tests.support.kafka import read_records
from tests.support.waiting import eventually

TODAY = date.today().isoformat()
BSN = "111222333"  # passes the elfproef
DEVIATION = "geen zoektermijn voor Noa"  # the regisseur's words about the case: sealed (v2)
SECRETS = (
    "Noa Test",
    BSN,
    "geheime afspraak",
    "schuld bij oom",
    "eigen woorden van Noa",
    DEVIATION,
)
DIRECTOR = "medewerker-1"  # the subject of bearer("regisseur") in tests/support/apps.py


def journey(youth_id: str) -> list[tuple[str, dict, str]]:
    """(path, body, role) for every command after registration, in a plausible order."""
    base = f"/youths/{youth_id}"
    return [
        (
            f"{base}/identity-verification",
            {"method": "brp", "bsn": BSN, "verified_on": TODAY},
            "intake",
        ),
        (
            f"{base}/consents",
            {
                "purpose": "tijdlijn_delen",
                "leefgebieden": ["wonen", "financien"],
                "given_on": TODAY,
            },
            "intake",
        ),
        (
            f"{base}/consent-withdrawals",
            {"purpose": "tijdlijn_delen", "withdrawn_on": TODAY},
            "intake",
        ),
        (
            f"{base}/self-reliance-assessments",
            {"scores": {"wonen": 2, "financien": 1, "verslaving": 3}, "assessed_on": TODAY},
            "intake",
        ),
        (f"{base}/enrolments", {"programma": "jpf", "start_on": TODAY}, "intake"),
        (
            f"{base}/director",
            {"director_id": DIRECTOR, "team": "Centrum", "from_on": TODAY},
            "intake",
        ),
        (
            f"{base}/future-plan",
            {
                "plan_id": "plan-1",
                "agreed_on": TODAY,
                "with_network": True,
                "goals": [
                    {"goal_id": "g1", "leefgebied": "financien", "owner": DIRECTOR, "due_on": TODAY}
                ],
                "goal_texts": {"g1": "eigen woorden van Noa"},
            },
            "regisseur",
        ),
        (
            f"{base}/future-plan-reviews",
            {"plan_id": "plan-1", "statuses": {"g1": "loopt"}, "reviewed_on": TODAY},
            "regisseur",
        ),
        (
            f"{base}/case-conferences",
            {
                "participants": ["gemeente", "schuldhulp", "politie"],
                "decisions": "geheime afspraak",
                "held_on": TODAY,
            },
            "regisseur",
        ),
        (
            f"{base}/customisations",
            {
                "rule": "pw_zoektermijn",
                "deviation": DEVIATION,
                "rationale": "schuld bij oom",
                "applied_on": TODAY,
            },
            "regisseur",
        ),
        (
            f"{base}/exits",
            {"programma": "jpf", "reason": "doel_bereikt", "destination": "werk", "exit_on": TODAY},
            "regisseur",
        ),
        (  # the last exit started nazorg: a follow-up, with a relapse in justitie (sealed)
            f"{base}/follow-ups",
            {
                "month": 3,
                "followed_up_on": TODAY,
                "still_housed": True,
                "in_work": True,
                "in_education": False,
                "debt_free": True,
                "in_contact": True,
                "relapsed": True,
                "relapse_leefgebieden": ["justitie"],
            },
            "regisseur",
        ),
        (f"{base}/aftercare/end", {"reason": "verhuisd", "ended_on": TODAY}, "regisseur"),
    ]


async def refer_and_register(intake) -> str:
    referral = await intake.post(
        "/referrals",
        json={
            "referrer_type": "wijkteam",
            "programma": "jpf",
            "leefgebieden": ["financien"],
            "crisis": True,
            "received_on": TODAY,
            "reason": "schuld bij oom",
        },
        headers=bearer("intake"),
    )
    assert referral.status_code == 201, referral.text
    youth_id = referral.json()["youth_id"]
    registered = await intake.post(
        "/youths",
        json={
            "youth_id": youth_id,
            "gemeentecode": "0518",
            "programma": "jpf",
            "full_name": "Noa Test",
            "date_of_birth": "2003-02-01",
        },
        headers=bearer("intake"),
    )
    assert registered.status_code == 201, registered.text
    return youth_id


async def deviation_stored_sealed(intake, youth_id: str) -> None:
    """Stored as published: the deviation is ciphertext, and opens to the regisseur's words."""
    app = intake._transport.app
    (stored,) = [
        r for r in await app.state.store.load(youth_stream(uuid.UUID(youth_id)))
        if r.event_type == "nl.regie.intake.customisation-applied"
    ]  # fmt: skip
    assert (stored.schema_version, is_ciphertext(json.loads(stored.data)["deviation"])) == (2, True)
    assert (await app.state.sealer.open(stored)).deviation == DEVIATION


async def test_every_command_is_recorded_and_published_without_personal_data(
    platform, endpoints, topic_prefix
):
    """Fifteen commands, sixteen CloudEvents (the last exit starts nazorg) of the right type."""
    intake, _, _ = platform
    youth_id = await refer_and_register(intake)
    for path, body, role in journey(youth_id):
        response = await intake.post(path, json=body, headers=bearer(role))
        assert response.status_code == 201, (path, response.text)

    records = await read_records(
        endpoints.kafka_bootstrap, f"{topic_prefix}.intake.events", at_least=16
    )
    mine = [r for r in records if r.key == youth_id.encode()]
    events = [CloudEvent.model_validate_json(r.value) for r in mine]
    assert [e.type.removeprefix("nl.regie.intake.") for e in events] == [
        "youth-referred.v3",
        "youth-registered",
        "identity-verified",
        "consent-given",
        "consent-withdrawn.v2",
        "self-reliance-assessed.v2",
        "programme-enrolled",
        "director-assigned",
        "future-plan-agreed.v2",
        "future-plan-reviewed",
        "case-conference-held.v2",
        "customisation-applied.v2",
        "programme-exited",
        "aftercare-started",
        "follow-up-recorded",
        "aftercare-ended",
    ]
    assert {e.subject for e in events} == {youth_id}
    assert [e.streamversion for e in events] == list(range(1, 17))
    assert all(e.gemeentecode == "0518" and e.programma == "jpf" for e in events)
    assert all(e.grondslag == "pw" and e.vertrouwelijkheid for e in events)
    assert events[5].vertrouwelijkheid == "confidentieel"  # ZRM with special-category scores
    assert events[5].data["scores"] == {"wonen": 2, "financien": 1}
    assert events[5].data["sensitive_scores"].startswith("enc:v1:")
    assert events[0].data["referrer_type"] == "wijkteam"  # in clear: no justice contact
    assert events[0].data["referrer"].startswith("enc:v1:")  # sealed, whoever referred
    assert events[0].data["leefgebieden"].startswith("enc:v1:")  # sealed, whatever they are
    assert events[8].data["goal_leefgebieden"].startswith("enc:v1:")  # each goal's, sealed
    assert [g["leefgebied"] for g in events[8].data["goals"]] == [None]  # none in clear
    assert events[14].data["relapse_leefgebieden"].startswith("enc:v1:")  # justice contact
    assert events[14].vertrouwelijkheid == "confidentieel"
    assert events[13].data["responsible_worker"] == DIRECTOR
    assert events[11].data["rule"] == "pw_zoektermijn"  # the rule stays a code in clear
    assert events[10].data["participants"].startswith("enc:v1:")  # the police would tell
    await deviation_stored_sealed(intake, youth_id)
    raw = b" ".join(r.value for r in mine).decode()
    for secret in SECRETS:
        assert secret not in raw

    shown = (await intake.get(f"/youths/{youth_id}", headers=bearer("regisseur"))).json()
    assert (shown["director_id"], shown["plan_id"], shown["active_programmes"]) == (
        DIRECTOR,
        "plan-1",
        [],
    )
    assert shown["exits"][0]["destination"] == "werk"
    assert shown["goal_statuses"] == {"g1": "loopt"}
    assert shown["personal"]["full_name"] == "Noa Test"  # the assigned director may see it

    # Relapse by life domain: only intake holds the key, so only intake counts it; counts only.
    month = {"from": TODAY[:7], "until": TODAY[:7]}
    figures = await intake.get("/reports/relapse", params=month, headers=bearer("auditor"))
    assert figures.status_code == 200, figures.text
    [cohort] = [c for c in figures.json()["cohorts"] if c["programma"] == "jpf"]
    assert (cohort["in_aftercare"], cohort["relapsed"]) == (1, 1)
    assert cohort["by_leefgebied"] == {"justitie": 1}
    refused = await intake.get("/reports/relapse", params=month, headers=bearer("regisseur"))
    assert refused.status_code == 403
    # Policy staff read the same cohort protected: one young person is "<5".
    policy = await intake.get("/reports/relapse", params=month, headers=bearer("beleidsmedewerker"))
    [protected] = [c for c in policy.json()["cohorts"] if c["programma"] == "jpf"]
    assert (protected["in_aftercare"], protected["relapsed"]) == ("<5", "<5")
    assert protected["by_leefgebied"] == {"justitie": "<5"}
    assert policy.json()["suppression"].startswith("Aantallen van 1 tot en met 4")
    wrong = await intake.get(
        "/reports/relapse", params={"from": "0000-01", "until": TODAY[:7]},
        headers=bearer("auditor"),
    )  # fmt: skip
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["query", "from"]


async def test_rights_conflicts_and_unknown_youths(platform):
    """403 for another director, 409 with the current version, 404 for nobody, 422 bilingual."""
    intake, _, _ = platform
    youth_id = await refer_and_register(intake)
    director = {"director_id": DIRECTOR, "from_on": TODAY}
    assert (
        await intake.post(f"/youths/{youth_id}/director", json=director, headers=bearer("intake"))
    ).status_code == 201
    conference = {"participants": ["gemeente"], "decisions": "x", "held_on": TODAY}
    other_director = {"Authorization": f"Bearer {token('regisseur', sub='medewerker-2')}"}
    stale = bearer("intake") | {"If-Match": "1"}

    forbidden = await intake.post(
        f"/youths/{youth_id}/case-conferences", json=conference, headers=other_director
    )
    conflict = await intake.post(
        f"/youths/{youth_id}/consents",
        headers=stale,
        json={"purpose": "tijdlijn_delen", "leefgebieden": ["wonen"], "given_on": TODAY},
    )
    unknown = await intake.post(
        f"/youths/{uuid.uuid4()}/enrolments",
        headers=bearer("intake"),
        json={"programma": "jpf", "start_on": TODAY},
    )
    too_young = await intake.post(
        "/youths",
        headers=bearer("intake"),
        json={
            "gemeentecode": "0518",
            "programma": "dtj",
            "full_name": "Y",
            # 17 and a half: old enough to register (16), too young for dtj (18-27)
            "date_of_birth": (date.today() - timedelta(days=6400)).isoformat(),
        },
    )
    shown = (await intake.get(f"/youths/{youth_id}", headers=bearer("auditor"))).json()

    assert forbidden.status_code == 403
    assert (conflict.status_code, conflict.json()["detail"]["current_version"]) == (409, 3)
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == {"nl": "Onbekende jongere", "en": "Unknown young person"}
    [problem] = too_young.json()["detail"]
    assert too_young.status_code == 422
    assert problem["loc"] == ["body", "date_of_birth"]
    assert "valt buiten het programma dtj (18" in problem["msg"]
    assert "outside programme dtj" in problem["msg_en"]
    assert shown["personal"] is None  # an auditor reads the state, never the identifiers


async def test_lists_per_tenant_and_director_and_their_rebuild_equals_the_live_one(
    platform, endpoints, topic_prefix, pool
):
    """The read model answers "my young people"; rebuilt from the topic it is identical."""
    intake, _, _ = platform
    ids = [await refer_and_register(intake) for _ in range(3)]
    await intake.post(
        f"/youths/{ids[0]}/director",
        json={"director_id": DIRECTOR, "from_on": TODAY},
        headers=bearer("intake"),
    )
    mine = await eventually(
        lambda: intake.get("/directors/me/youths", headers=bearer("regisseur")),
        lambda r: r.status_code == 200 and len(r.json()["items"]) == 1,
    )
    assert mine.json()["items"][0]["youth_id"] == ids[0]
    page = await eventually(
        lambda: intake.get("/youths", params={"limit": 2}, headers=bearer("intake")),
        lambda r: r.status_code == 200 and r.json()["next_after"] is not None,
    )
    rest = await intake.get(
        "/youths", params={"after": page.json()["next_after"]}, headers=bearer("intake")
    )
    listed = [i["youth_id"] for i in page.json()["items"] + rest.json()["items"]]
    assert sorted(listed) == sorted(ids)
    assert all(i["status"] == "ingeschreven" for i in rest.json()["items"])
    log = (await intake.get("/processing-log", headers=bearer("auditor"))).json()
    lists = [(e["actor_role"], e["result"]) for e in log if e["activity"] == "intake.jongeren"]
    assert ("regisseur", "gelukt") in lists
    assert lists.count(("intake", "gelukt")) >= 2  # every list read is logged (polls too)

    live_schema, rebuilt_schema = f"{topic_prefix}_intake", f"{topic_prefix}_rebuilt"

    async with pool.acquire() as conn:
        await migrate(
            conn, rebuilt_schema, [*inbox_migrations(), *directory_migrations(MIGRATIONS)]
        )
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    runner = ProjectionRunner(
        pool,
        settings,
        YouthSummaries(rebuilt_schema, f"{topic_prefix}-rebuild"),
        schema=rebuilt_schema,
        topics=[f"{topic_prefix}.intake.events"],
    )
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    query = "SELECT * FROM {}.youth_summaries ORDER BY youth_id"
    live = [dict(r) for r in await pool.fetch(query.format(live_schema))]
    try:
        rebuilt = await eventually(
            lambda: pool.fetch(query.format(rebuilt_schema)),
            lambda rows: [dict(r) for r in rows] == live,
        )
    finally:
        stop.set()
        await task
    assert len(rebuilt) == 3
