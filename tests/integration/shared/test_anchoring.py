"""A running service anchors its streams' heads itself, so a tail cut off later is named."""

from __future__ import annotations

from datetime import date, timedelta

from services.housing.bootstrap import create_app
from services.housing.settings import HousingSettings
from tests.integration.shared.test_tamper_evidence import run_verify
from tests.support.apps import bearer, platform_settings, serve
from tests.support.registrations import registered
from tests.support.waiting import eventually


async def test_the_service_anchors_on_its_own_and_verify_names_the_cut_off_tail(
    endpoints, topic_prefix, pool
):
    schema = f"{topic_prefix}_housing"
    platform = platform_settings(endpoints).model_copy(
        update={"kafka_topic_prefix": topic_prefix, "anchor_interval_s": 0.2}
    )
    app = create_app(
        platform,
        HousingSettings(
            schema_name=schema,
            situations_group=f"{topic_prefix}-housing",
            policies_group=f"{topic_prefix}-housing-policies",
        ),
    )
    since = (date.today() - timedelta(days=3)).isoformat()
    async with serve(app) as client:
        youth = str(await registered(client))
        answer = await client.post(
            f"/youths/{youth}/homelessness",
            json={"situation": "dakloos_straat", "since": since, "registered_on": since},
            headers=bearer("woonconsulent"),
        )
        assert answer.status_code == 201, answer.text
        stream = await pool.fetchval(
            f"SELECT stream_id FROM {schema}.events WHERE subject = $1 LIMIT 1", youth
        )
        head = await pool.fetchval(
            f"SELECT max(stream_version) FROM {schema}.events WHERE stream_id = $1", stream
        )
        await eventually(
            lambda: pool.fetchval(
                f"SELECT max(stream_version) FROM {schema}.chain_anchor_heads WHERE stream_id = $1",
                stream,
            ),
            lambda anchored: anchored == head,
        )
    await pool.execute(f"ALTER TABLE {schema}.events DISABLE TRIGGER USER")
    await pool.execute(
        f"DELETE FROM {schema}.events WHERE stream_id = $1 AND stream_version = $2", stream, head
    )
    verified = run_verify(endpoints, "--service", "housing", "--schema", schema, "--stream", stream)
    assert verified.returncode == 1, verified.stdout
    assert f"{stream} v{head} (anchored " in verified.stdout
    assert "removed from the end" in verified.stdout
