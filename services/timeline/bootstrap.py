"""The timeline's composition root."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from fastapi import FastAPI

from services.timeline.api.comparisons import build_comparisons_router
from services.timeline.api.reports import build_reports_router
from services.timeline.api.signals import build_signals_router
from services.timeline.api.timeline import build_router
from services.timeline.comparison.event import figures_topic
from services.timeline.comparison.publisher import FigurePublisher
from services.timeline.comparison.read_model import ComparisonProjection, ComparisonRunner
from services.timeline.contract import asyncapi
from services.timeline.operations.own_integrity import OwnVerifying
from services.timeline.registry import MIGRATIONS, projections
from services.timeline.settings import TimelineSettings
from services.timeline.web import install_web_view
from services.timeline.web.names import open_names
from shared.audit.incremental import verified_heads_migration
from shared.auth import Authenticator, AuthSettings
from shared.clock import Clock, install_clock
from shared.command_http import processing_log
from shared.db import create_pool
from shared.http import install_asyncapi, install_health, install_request_context
from shared.migrations import directory_migrations
from shared.processing_log import (
    ProcessingLog,
    build_processing_log_router,
    processing_log_migration,
    processing_log_prunes_migration,
    processing_log_trace_migration,
    pruning_of,
)
from shared.projection import inbox_migrations
from shared.schema_gate import SchemaPlan, readiness, running_when_migrated
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator, Awaitable, Callable
    from datetime import date

    from asyncpg.pool import Pool

SERVICE = "timeline"


def create_app(
    platform: PlatformSettings | None = None,
    settings: TimelineSettings | None = None,
    auth: AuthSettings | None = None,
) -> FastAPI:
    """Build the timeline app: HTTP reads plus the projection runner in the background."""
    platform = platform or PlatformSettings()
    settings = settings or TimelineSettings()
    migrations = [
        *inbox_migrations(),
        processing_log_migration(),
        processing_log_trace_migration(),
        processing_log_prunes_migration(),
        verified_heads_migration(),
        *directory_migrations(MIGRATIONS),
    ]
    plans = [SchemaPlan(settings.schema_name, migrations)]
    specs = projections(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = await create_pool(platform, SERVICE, min_size=2, max_size=20)
        app.state.pool = pool
        app.state.processing_log = ProcessingLog(pool, settings.schema_name)
        app.state.runner = specs["timeline"].runner(pool, platform)
        app.state.reports_runner = specs["reports"].runner(pool, platform)
        app.state.signals_runner = specs["signals"].runner(pool, platform)
        app.state.dead_letters_runner = specs["signal-dead-letters"].runner(pool, platform)
        loops = {
            "timeline-projection": app.state.runner.run,
            "timeline-reports": app.state.reports_runner.run,
            "timeline-signals": app.state.signals_runner.run,
            "timeline-signal-dead-letters": app.state.dead_letters_runner.run,
        }
        loops.update(_comparison_loops(app, pool, platform, settings))
        if platform.verify_interval_s > 0:
            pruning = pruning_of(pool, settings.schema_name, platform)
            loops["prune-processing-log"] = pruning.run
            loops["verify"] = OwnVerifying(pool, settings.schema_name, platform).run
        try:
            async with (
                running_when_migrated(pool, plans, platform, loops),
                open_names(app, settings.intake_url),
            ):
                yield
        finally:
            await pool.close()

    app = FastAPI(title="regie timeline", version="0.1.0", lifespan=lifespan)
    app.state.schema_plans = plans  # what `python -m services.timeline migrate` applies
    app.state.projections = specs  # what `python -m services.timeline rebuild` rebuilds
    app.state.platform = platform  # the web view's Tijdreis replays the topics it names
    install_request_context(app, platform.max_body_bytes)
    install_clock(app)
    app.state.comparison_runner = None
    app.state.figure_publisher = None

    flags = {
        "consumer": lambda: bool(app.state.runner.ready.is_set()),
        "reports": lambda: bool(app.state.reports_runner.ready.is_set()),
        "signals": lambda: bool(app.state.signals_runner.ready.is_set()),
        "dead_letters": lambda: bool(app.state.dead_letters_runner.ready.is_set()),
    }
    if settings.programmes:
        flags["comparison"] = lambda: bool(app.state.comparison_runner.ready.is_set())
    install_health(app, readiness(lambda: app.state.pool, plans, flags))
    _install_routes(app, auth or AuthSettings(), settings)
    return app


def _comparison_loops(
    app: FastAPI, pool: Pool, platform: PlatformSettings, settings: TimelineSettings
) -> dict[str, Callable[[asyncio.Event], Awaitable[None]]]:
    """Publishing this deployment's protected figures, and reading the programmes' ones.

    Each side only where configured: a deployment compares only when it names programmes.
    """
    loops: dict[str, Callable[[asyncio.Event], Awaitable[None]]] = {}

    def today() -> date:
        clock: Clock = app.state.clock  # read per pass: a test may install another clock
        return clock.today()

    if settings.figures_publish_interval_s > 0:
        app.state.figure_publisher = FigurePublisher(
            pool, platform, schema=settings.schema_name,
            threshold=settings.small_cell_threshold, months=settings.figures_months,
            interval_s=settings.figures_publish_interval_s, today=today,
        )  # fmt: skip
        loops["timeline-figures-publisher"] = app.state.figure_publisher.run
    if settings.programmes:
        projection = ComparisonProjection(
            settings.schema_name, settings.comparison_consumer_group, settings.small_cell_threshold
        )
        topics = [
            figures_topic(g, platform.kafka_topic_prefix) for g in settings.compared_gemeenten()
        ]
        app.state.comparison_runner = ComparisonRunner(
            pool, platform, projection, schema=settings.schema_name, topics=topics,
            max_records=settings.batch_size,
        )  # fmt: skip
        loops["timeline-comparison"] = app.state.comparison_runner.run
    return loops


def _install_routes(app: FastAPI, auth: AuthSettings, settings: TimelineSettings) -> None:
    """The HTTP surface: reads, reports, processing log, web view and the Kafka contract."""
    authenticator = Authenticator(auth)
    app.include_router(build_router(authenticator, settings))
    app.include_router(build_reports_router(authenticator, settings))
    app.include_router(build_comparisons_router(authenticator, settings))
    app.include_router(build_signals_router(authenticator, settings))
    app.include_router(build_processing_log_router(processing_log, authenticator))
    install_web_view(app, auth, settings)
    install_asyncapi(app, asyncapi(app.version))
