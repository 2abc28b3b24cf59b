"""Migrations as a deploy step of their own: not ready before it ran, refused on a newer schema."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from services.intake.bootstrap import create_app
from services.intake.settings import IntakeSettings
from shared.devstack.processes import PROJECT_ROOT
from shared.schema_gate import UnknownSchemaError
from tests.support.apps import platform_settings, serve
from tests.support.waiting import eventually


def migrate_step(endpoints, schema: str) -> subprocess.CompletedProcess[str]:
    """`python -m services.intake migrate`, as the Kubernetes Job and compose one-shot run it."""
    env = {
        **os.environ,
        "DATABASE_URL": endpoints.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
        "INTAKE_SCHEMA_NAME": schema,
    }
    return subprocess.run(
        [sys.executable, "-m", "services.intake", "migrate"],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip


def intake(endpoints, topic_prefix: str, schema: str, *, migrate_on_start: bool):
    settings = platform_settings(endpoints).model_copy(
        update={"kafka_topic_prefix": topic_prefix, "migrate_on_start": migrate_on_start}
    )
    return create_app(
        settings, IntakeSettings(schema_name=schema, summaries_group=f"{topic_prefix}-summaries")
    )


async def test_not_ready_and_not_consuming_until_the_migration_step_ran(
    endpoints, topic_prefix, schema
):
    """With MIGRATE_ON_START=false the service waits for the Job; then it starts by itself."""
    app = intake(endpoints, topic_prefix, schema, migrate_on_start=False)
    async with serve(app) as client:
        before = await client.get("/ready")
        assert before.status_code == 503
        assert before.json()["checks"]["migrations"] is False
        assert (await client.get("/health")).status_code == 200
        assert not app.state.runner.ready.is_set(), "a consumer started on an empty schema"

        step = migrate_step(endpoints, schema)
        assert step.returncode == 0, step.stderr
        assert f"{schema}: " in step.stdout

        after = await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)
        assert after.json()["checks"] == {"database": True, "migrations": True, "broker": True}


async def test_the_migration_step_is_idempotent(endpoints, schema):
    first = migrate_step(endpoints, schema)
    again = migrate_step(endpoints, schema)
    assert (first.returncode, again.returncode) == (0, 0), (first.stderr, again.stderr)
    assert f"{schema}: 0 applied" not in first.stdout.split(";")[0]
    assert again.stdout.strip() == f"migrate: {schema}: 0 applied; {schema}_keys: 0 applied"


async def test_a_schema_migrated_by_a_newer_version_is_refused(
    endpoints, topic_prefix, schema, pool
):
    """Forward-only: an older version must not run on a schema it does not know."""
    assert migrate_step(endpoints, schema).returncode == 0
    await pool.execute(
        f"INSERT INTO {schema}.schema_migrations (name, checksum) VALUES ('9999_later', 'x')"
    )
    for migrate_on_start in (True, False):
        app = intake(endpoints, topic_prefix, schema, migrate_on_start=migrate_on_start)
        with pytest.raises(UnknownSchemaError, match="9999_later"):
            async with serve(app):
                pass
    refused = migrate_step(endpoints, schema)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
    assert "9999_later" in refused.stderr


def test_an_unknown_argument_exits_non_zero_with_a_reason():
    result = subprocess.run(
        [sys.executable, "-m", "services.intake", "migrat"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "usage: [migrate]" in result.stderr
