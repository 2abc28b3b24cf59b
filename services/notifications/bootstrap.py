"""The notification bridge's composition root: subscriptions API, fan-out, workers, pruning."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI

from services.notifications.contract import asyncapi
from services.notifications.credentials import Credentials
from services.notifications.entrypoints.api import build_router
from services.notifications.fanout import DeliveryFanout
from services.notifications.pruning import DeliveryPruner
from services.notifications.queue import DeliveryQueue
from services.notifications.settings import NotificationsSettings
from services.notifications.subscriptions import Subscriptions
from services.notifications.worker import DeliveryWorker
from shared.auth import Authenticator, AuthSettings
from shared.clock import install_clock
from shared.db import create_pool
from shared.http import install_asyncapi, install_health, install_request_context
from shared.kafka import events_topic
from shared.migrations import directory_migrations
from shared.privacy import KeyWrapper, MasterKey
from shared.projection import ProjectionRunner, inbox_migrations
from shared.schema_gate import SchemaPlan, readiness, running_when_migrated
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

SERVICE = "notifications"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    platform: PlatformSettings | None = None,
    settings: NotificationsSettings | None = None,
    auth: AuthSettings | None = None,
    wrapper: KeyWrapper | None = None,
) -> FastAPI:
    """Build the bridge: HTTP for subscriptions, and in the background the fan-out and worker."""
    platform = platform or PlatformSettings()
    settings = settings or NotificationsSettings()
    credentials = Credentials(wrapper or MasterKey.from_environment())
    schema = settings.schema_name
    plans = [SchemaPlan(schema, [*inbox_migrations(), *directory_migrations(MIGRATIONS)])]

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Room for the listener, the runner, the pruner, `concurrency` outcomes and the API.
        pool = await create_pool(platform, SERVICE, min_size=2, max_size=settings.concurrency + 8)
        app.state.pool = pool
        app.state.subscriptions = Subscriptions(
            pool, schema, credentials, rotation_grace_s=settings.secret_rotation_grace_s
        )
        app.state.queue = queue = DeliveryQueue(pool, schema)
        app.state.runner = runner = ProjectionRunner(
            pool, platform, DeliveryFanout(schema, settings.consumer_group), schema=schema,
            topics=[events_topic(d, platform.kafka_topic_prefix) for d in settings.domains],
            max_records=settings.batch_size,
        )  # fmt: skip
        app.state.worker = worker = DeliveryWorker(pool, queue, credentials, settings)
        pruner = DeliveryPruner(
            pool, schema, retention_days=settings.delivered_retention_days,
            interval_s=settings.prune_interval_s,
        )  # fmt: skip
        loops = {
            "notifications-fanout": runner.run,
            "notifications-worker": worker.run,
            "notifications-pruner": pruner.run,
        }
        try:
            async with running_when_migrated(pool, plans, platform, loops):
                yield
        finally:
            await pool.close()

    app = FastAPI(title="regie notifications", version="0.1.0", lifespan=lifespan)
    app.state.schema_plans = plans  # what `python -m services.notifications migrate` applies
    install_request_context(app, platform.max_body_bytes, platform)
    install_clock(app)

    flags = {
        "consumer": lambda: bool(app.state.runner.ready.is_set()),
        "worker": lambda: bool(app.state.worker.ready.is_set()),
    }
    install_health(app, readiness(lambda: app.state.pool, plans, flags))
    install_asyncapi(app, asyncapi(app.version))
    authenticator = Authenticator(auth or AuthSettings())
    app.include_router(
        build_router(
            authenticator, settings.domains, allow_private=settings.allow_private_callbacks
        )
    )
    return app
