"""The composition root: the only place that builds clients and wires them together."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI

from services.intake.domain.events import CATALOGUE
from services.intake.entrypoints.api import build_router
from services.intake.projections.summaries import YouthSummaries
from services.intake.settings import IntakeSettings
from shared.auth import Authenticator, AuthSettings
from shared.command_http import processing_log
from shared.db import create_pool
from shared.envelope import CloudEvent, source_of
from shared.eventstore import PostgresEventStore, event_store_migration
from shared.eventstore.notify import CommitNotifier
from shared.http import install_asyncapi, install_health, install_request_context
from shared.kafka import events_topic, make_broker
from shared.migrations import directory_migrations, is_migrated, migrate
from shared.privacy import KeyStore, MasterKey, Sealer, key_store_migration
from shared.processing_log import (
    ProcessingLog,
    build_processing_log_router,
    processing_log_migration,
)
from shared.projection import ProjectionRunner, inbox_migration
from shared.relay import Relay
from shared.settings import PlatformSettings
from shared.supervise import Supervisor

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from faststream.kafka import KafkaBroker

SERVICE = "intake"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    platform: PlatformSettings | None = None,
    settings: IntakeSettings | None = None,
    auth: AuthSettings | None = None,
) -> FastAPI:
    """Build the intake app; connections open in its lifespan, never at import."""
    platform = platform or PlatformSettings()
    settings = settings or IntakeSettings()
    migrations = [
        event_store_migration(),
        processing_log_migration(),
        inbox_migration(),
        *directory_migrations(MIGRATIONS),
    ]
    keys_schema = f"{settings.schema_name}_keys"
    wrapper = MasterKey.from_environment()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = await create_pool(platform, SERVICE, min_size=2, max_size=20)
        notifier = CommitNotifier(pool, settings.schema_name)
        supervisor = Supervisor()
        async with pool.acquire() as conn:
            await migrate(conn, settings.schema_name, migrations)
            await migrate(conn, keys_schema, [key_store_migration()])
        app.state.pool = pool
        app.state.schema = settings.schema_name
        app.state.store = PostgresEventStore(pool, settings.schema_name, notifier)
        app.state.keys = KeyStore(pool, keys_schema, wrapper)
        app.state.sealer = Sealer(CATALOGUE, app.state.keys)
        app.state.processing_log = ProcessingLog(pool, settings.schema_name)
        if settings.embedded_relay:
            relay = Relay(
                pool,
                platform,
                schema=settings.schema_name,
                topic=events_topic(SERVICE, platform.kafka_topic_prefix),
                source=source_of(platform.oin, SERVICE),
            )
            supervisor.spawn("relay", relay.run)
        runner = ProjectionRunner(
            pool,
            platform,
            YouthSummaries(settings.schema_name, settings.summaries_group),
            schema=settings.schema_name,
            topics=[events_topic(SERVICE, platform.kafka_topic_prefix)],
            max_records=2000,
        )
        app.state.runner = runner
        supervisor.spawn("youth-summaries", runner.run)
        try:
            yield
        finally:
            await supervisor.close()
            await notifier.close()
            await pool.close()

    app = FastAPI(title="regie intake", version="0.1.0", lifespan=lifespan)
    install_request_context(app)

    async def ready() -> dict[str, bool]:
        try:
            async with app.state.pool.acquire() as conn:
                migrated = await is_migrated(conn, settings.schema_name, migrations)
        except (OSError, AttributeError):
            return {"database": False, "migrations": False}
        return {"database": True, "migrations": migrated}

    install_health(app, ready)
    install_asyncapi(app, _documented_broker(platform), "regie intake")
    authenticator = Authenticator(auth or AuthSettings())
    app.include_router(build_router(authenticator))
    app.include_router(build_processing_log_router(processing_log, authenticator))
    return app


def _documented_broker(platform: PlatformSettings) -> KafkaBroker:
    """The FastStream broker that describes what intake publishes; the relay does the sending."""
    broker = make_broker(platform, SERVICE)
    broker.publisher(
        events_topic(SERVICE, platform.kafka_topic_prefix),
        title="intake.events",
        description=(
            "Every event intake records, as a CloudEvents 1.0 JSON document (NL GOV profile),"
            " in commit order per young person. Key: the young person's id (`subject`)."
        ),
        schema=CloudEvent,
    )
    return broker
