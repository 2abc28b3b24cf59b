"""Over the broker: a failed chain verification of housing is the privacy officer's signal.

The housing service runs with its relay; the scheduled pass is run by its command
(`python -m shared.audit verify --incremental`), so the test decides when. The failure event
goes through the relay and the broker to the timeline, which raises the signal; the next
passing verification resolves it.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta

from services.housing.bootstrap import create_app as create_housing
from services.housing.settings import HousingSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.operations.own_integrity import OwnVerifying
from services.timeline.registry import signals_spec
from services.timeline.settings import TimelineSettings
from services.timeline.signals.integrity import latest_verifications
from shared.kafka import ensure_topics
from shared.migrations import migrate
from shared.processing_log import ProcessingLog
from tests.integration.shared.test_tamper_evidence import run_verify
from tests.support.apps import bearer, platform_settings, serve
from tests.support.registrations import registered
from tests.support.waiting import eventually

PRIVACY_OFFICER = bearer("privacy_officer")
HOUSING_WORKER = bearer("woonconsulent")
INTEGRITY = "integriteit_geschonden"


async def test_a_failed_verification_raises_the_privacy_officers_signal_and_a_pass_resolves_it(
    endpoints, topic_prefix, pool
):
    schema = f"{topic_prefix}_housing"
    platform = platform_settings(endpoints).model_copy(
        update={"kafka_topic_prefix": topic_prefix, "anchor_interval_s": 0, "verify_interval_s": 0}
    )
    housing = create_housing(
        platform,
        HousingSettings(
            schema_name=schema,
            situations_group=f"{topic_prefix}-housing",
            policies_group=f"{topic_prefix}-housing-policies",
        ),
    )
    settings = TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix)
    await ensure_topics(platform, signals_spec(settings).topics(topic_prefix))
    timeline = create_timeline(platform, settings)
    since = (date.today() - timedelta(days=3)).isoformat()

    async def signals(headers):
        answer = await timeline_client.get("/signals", headers=headers, params={"kind": INTEGRITY})
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]

    async def verify(expected_rc):
        done = await asyncio.to_thread(
            run_verify, endpoints, "--service", "housing", "--schema", schema, "--incremental"
        )
        assert done.returncode == expected_rc, done.stdout + done.stderr
        return done.stdout

    async with serve(housing) as client, serve(timeline) as timeline_client:
        await eventually(lambda: timeline_client.get("/ready"), lambda r: r.status_code == 200)
        youth = str(await registered(client))
        answer = await client.post(
            f"/youths/{youth}/homelessness",
            json={"situation": "dakloos_straat", "since": since, "registered_on": since},
            headers=HOUSING_WORKER,
        )
        assert answer.status_code == 201, answer.text
        await pool.execute(f"ALTER TABLE {schema}.events DISABLE TRIGGER USER")
        stream, version = await pool.fetchrow(
            f"SELECT stream_id, stream_version FROM {schema}.events WHERE subject = $1"
            " ORDER BY position DESC LIMIT 1",
            youth,
        )
        await pool.execute(
            f'UPDATE {schema}.events SET data = data || \'{{"situation": "anders"}}\''
            " WHERE stream_id = $1 AND stream_version = $2",
            stream,
            version,
        )
        failed = await verify(1)
        assert f"events: {stream} v{version} (position " in failed

        raised = await eventually(lambda: signals(PRIVACY_OFFICER), lambda found: len(found) == 1)
        assert raised[0]["domain"] == "housing"
        assert raised[0]["state"] == "open"
        assert raised[0]["explanation"] == "Hashketens van wonen niet intact: 1 probleem/problemen."
        # No worker sees it: it names no young person and is no one's case.
        assert await signals(HOUSING_WORKER) == []
        # The pass itself is kept for the auditor's Integriteit page, the altered event named.
        [latest] = await latest_verifications(pool, settings.schema_name, "0518")
        assert (latest.service, latest.passed, latest.problem_count) == ("housing", False, 1)
        assert latest.problems[0].startswith(f"events: {stream} v{version} (position ")

        await verify(0)
        resolved = await eventually(
            lambda: timeline_client.get(
                "/signals",
                headers=PRIVACY_OFFICER,
                params={"kind": INTEGRITY, "state": "opgelost"},
            ),
            lambda r: r.status_code == 200 and r.json()["total"] == 1,
        )
        assert resolved.json()["items"][0]["signal_id"] == raised[0]["signal_id"]
        assert await signals(PRIVACY_OFFICER) == []
        [latest] = await latest_verifications(pool, settings.schema_name, "0518")
        assert (latest.passed, latest.problems) == (True, ())


async def test_the_timelines_own_log_is_verified_on_schedule_and_a_failure_is_signalled(
    endpoints, topic_prefix, pool
):
    """The timeline keeps one chain, its processing log: a pass over it raises and resolves."""
    platform = platform_settings(endpoints).model_copy(
        update={"kafka_topic_prefix": topic_prefix, "verify_interval_s": 0}
    )
    settings = TimelineSettings(schema_name=f"{topic_prefix}_own", consumer_group=topic_prefix)
    await ensure_topics(platform, signals_spec(settings).topics(topic_prefix))
    [plan] = create_timeline(platform, settings).state.schema_plans
    async with pool.acquire() as conn:
        await migrate(conn, plan.schema, plan.migrations)
    log = ProcessingLog(pool, plan.schema)
    own = OwnVerifying(pool, plan.schema, platform)
    youth = str(uuid.uuid4())
    facts = {"actor": "regisseur-1", "actor_role": "regisseur", "tenant": "0518",
             "youth_id": youth, "action": "lezen", "activity": "timeline.inzien",
             "activity_name": "Inzien", "grondslag": "avg_6_1_e",
             "vertrouwelijkheid": "vertrouwelijk", "result": "gelukt", "correlation_id": "c",
             "method": "GET", "path": "/youths/{youth_id}/timeline"}  # fmt: skip

    async def integrity_signals() -> list[tuple[str, bool]]:
        rows = await pool.fetch(
            f"SELECT domain, resolved_at IS NULL AS open FROM {plan.schema}.signals"
            " WHERE kind = $1",
            INTEGRITY,
        )
        return [(r["domain"], r["open"]) for r in rows]

    await log.record(**facts)
    assert (await own.verify_once()).problems == []
    [latest] = await latest_verifications(pool, plan.schema, "0518")
    assert (latest.service, latest.passed, latest.log_entries_checked) == ("timeline", True, 1)

    tampered = await log.record(**facts)
    table = f"{plan.schema}.processing_log"
    await pool.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    await pool.execute(
        f"UPDATE {table} SET actor = 'iemand' WHERE entry_id = $1", tampered.entry_id
    )
    await pool.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    assert len((await own.verify_once()).problems) == 1
    [latest] = await latest_verifications(pool, plan.schema, "0518")
    assert (latest.passed, latest.problems) == (
        False, (f"processing log: youth {youth} (tenant 0518): entry 2 altered",),
    )  # fmt: skip
    assert await integrity_signals() == [("timeline", True)]
    async with serve(create_timeline(platform, settings)) as timeline:
        shown = await timeline.get("/signals", headers=PRIVACY_OFFICER, params={"kind": INTEGRITY})
    [signal] = shown.json()["items"]
    assert signal["explanation"] == (
        "Hashketens van de tijdlijn (haar verwerkingslog) niet intact: 1 probleem/problemen."
    )

    await log.record(**facts)
    assert (await own.verify_once()).problems == []
    assert await integrity_signals() == [("timeline", False)]
