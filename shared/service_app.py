"""The composition root every commanding service shares: store, keys, log, relay, read model.

A service names what is its own (its catalogue, migrations, router and read model); this
builds the app, and opens every connection in the app's lifespan, never at import.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from shared.audit.anchoring import Anchoring
from shared.audit.anchors import anchors_migration
from shared.audit.incremental import verified_heads_migration
from shared.audit.verifying import Verifying
from shared.auth import Authenticator, AuthSettings
from shared.clock import install_clock
from shared.command_http import processing_log
from shared.command_pipeline import Dependencies
from shared.db import create_pool
from shared.envelope import source_of
from shared.event_contracts.asyncapi import Subscription, asyncapi_document
from shared.event_contracts.catalogue import catalogue_document
from shared.event_contracts.extensions import no_extensions
from shared.event_contracts.schemas import meaning_of
from shared.eventstore import PostgresEventStore, event_store_migration
from shared.eventstore.notify import CommitNotifier
from shared.http import (
    install_asyncapi,
    install_event_catalogue,
    install_health,
    install_request_context,
)
from shared.kafka import events_topic
from shared.migrations import directory_migrations
from shared.own_events import build_own_events_router
from shared.policy import Reactions
from shared.privacy import KeyStore, MasterKey, Sealer, key_store_migration
from shared.processing_log import (
    ProcessingLog,
    build_processing_log_router,
    processing_log_migration,
    processing_log_prunes_migration,
    processing_log_trace_migration,
    pruning_of,
)
from shared.projection import ProjectionRunner, inbox_migrations
from shared.relay import Relay
from shared.schema_gate import SchemaPlan, readiness, running_when_migrated
from shared.settings import PlatformSettings
from shared.tenancy import YouthRegistry, registrations_migrations
from shared.timers.backfill import Backfilled, backfill_timers
from shared.timers.table import TimerTable, timer_migrations
from shared.timers.worker import TimerOptions, TimerWorker

if TYPE_CHECKING:
    import asyncio
    import uuid
    from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
    from pathlib import Path

    from asyncpg.pool import Pool
    from fastapi import APIRouter

    from shared.clock import Clock
    from shared.command_http import CommandExecute
    from shared.command_pipeline import CommandPipeline
    from shared.event_contracts.extensions import ExtensionsOf
    from shared.events import EventCatalogue
    from shared.migrations import Migration
    from shared.policy import Policy
    from shared.projection import ProjectionSpec
    from shared.settings import CommandingServiceSettings
    from shared.timers import TimerRules


@dataclass(frozen=True)
class ServiceParts:
    """What makes a service itself; everything else is the same for every service."""

    name: str
    schema: str
    catalogue: EventCatalogue
    migrations: list[Migration]
    router: Callable[[Authenticator], APIRouter]
    # The read model, declared once: the app runs it and `rebuild` rebuilds it from this.
    read_model: ProjectionSpec
    embedded_relay: bool = True
    # Reactions to other services' events (shared/policy): the policies, the service's own
    # command handler that carries them out, and their consumer group.
    policies: Sequence[Policy] = ()
    execute: CommandExecute | None = None
    policies_group: str = ""
    # What each published type carries in its CloudEvents extensions, for `GET /events`
    # (shared/event_contracts/extensions.py); the service's classification states it.
    extensions: ExtensionsOf = no_extensions
    # A life domain learns its young people from intake's topic in this consumer group
    # (shared/tenancy), and refuses commands for any other; empty for intake itself.
    registrations_group: str = ""
    # Durable timers (shared/timers): scheduled by the pipeline, fired by a worker in the app
    # (unless `timers_in_app` is off) or in `python -m services.<name> timers`.
    timers: TimerRules | None = None
    timers_in_app: bool = True
    timer_options: TimerOptions = field(default_factory=TimerOptions)
    # The young person's stream here, by youth id: the young person reads their own events
    # there, opened (shared/own_events.py: `GET /youths/{id}/events`, Mijn regie's download).
    stream_of: Callable[[uuid.UUID], str] | None = None


def create_service_app(
    parts: ServiceParts,
    platform: PlatformSettings,
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build the service's app: HTTP, relay and read model, with health and readiness."""
    if parts.read_model.schema != parts.schema:
        raise ValueError(
            f"{parts.name}: read model declared in schema {parts.read_model.schema},"
            f" the service's is {parts.schema}"
        )
    migrations = [
        event_store_migration(),
        anchors_migration(),
        processing_log_migration(),
        processing_log_trace_migration(),
        processing_log_prunes_migration(),
        verified_heads_migration(),
        *inbox_migrations(),
        *timer_migrations(),
        *(registrations_migrations() if parts.registrations_group else []),
        *parts.migrations,
    ]
    keys_schema = f"{parts.schema}_keys"
    plans = [SchemaPlan(parts.schema, migrations), SchemaPlan(keys_schema, [key_store_migration()])]
    wrapper = MasterKey.from_environment()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = await create_pool(platform, parts.name, min_size=2, max_size=20)
        notifier = CommitNotifier(pool, parts.schema)
        app.state.pool = pool
        app.state.schema = parts.schema
        app.state.store = PostgresEventStore(pool, parts.schema, notifier)
        app.state.keys = KeyStore(pool, keys_schema, wrapper)
        app.state.sealer = Sealer(parts.catalogue, app.state.keys)
        app.state.processing_log = ProcessingLog(pool, parts.schema)
        app.state.registry, app.state.registrations = _registrations(parts, pool, platform)
        app.state.deps = Dependencies(
            app.state.store, app.state.sealer, app.state.clock, app.state.registry
        )

        app.state.runner, app.state.reactions = _consumers(parts, pool, platform, app)
        app.state.timers = _timers(parts, pool, app.state.deps) if parts.timers_in_app else None
        loops = _loops(parts, pool, platform, app)
        try:
            async with running_when_migrated(pool, plans, platform, loops):
                yield
        finally:
            await notifier.close()
            await pool.close()

    app = FastAPI(title=f"regie {parts.name}", version="0.1.0", lifespan=lifespan)
    install_clock(app, clock)
    # What `python -m services.<name> migrate` applies (shared/schema_gate.py).
    app.state.schema_plans = plans
    # What `python -m services.<name> rebuild` rebuilds (shared/service_cli.py).
    app.state.projections = {parts.read_model.name: parts.read_model}
    # What `python -m services.<name> timers` runs: the timer worker alone, no HTTP.
    app.state.timers_alone = _timers_alone(parts, platform, plans, app) if parts.timers else None
    # `... timers backfill`: history recorded before the timers were declared gets them.
    app.state.timers_backfill = _timers_backfill(parts, platform, app) if parts.timers else None
    install_request_context(app, platform.max_body_bytes, platform)

    # The read model's consumer has reached the brokers (it starts once migrated).
    broker = {"broker": lambda: bool(app.state.runner.ready.is_set())}
    install_health(app, readiness(lambda: app.state.pool, plans, broker))
    install_contract(app, parts)
    authenticator = Authenticator(auth or AuthSettings())
    app.include_router(parts.router(authenticator))
    app.include_router(build_processing_log_router(processing_log, authenticator))
    if parts.stream_of is not None:
        app.include_router(build_own_events_router(authenticator, parts.name, parts.stream_of))
    return app


def _loops(
    parts: ServiceParts, pool: Pool, platform: PlatformSettings, app: FastAPI
) -> dict[str, Callable[[asyncio.Event], Awaitable[None]]]:
    """What runs once the schemas are complete: relay, read model and policies."""
    loops: dict[str, Callable[[asyncio.Event], Awaitable[None]]] = {}
    if parts.embedded_relay:
        topic = events_topic(parts.name, platform.kafka_topic_prefix)
        source = source_of(platform.oin, parts.name)
        relay = Relay(pool, platform, schema=parts.schema, topic=topic, source=source)
        loops["relay"] = relay.run
    loops["read-model"] = app.state.runner.run
    if app.state.reactions is not None:
        loops["policies"] = app.state.reactions.run
    if app.state.registrations is not None:
        loops["registrations"] = app.state.registrations.run
    if app.state.timers is not None:
        loops["timers"] = app.state.timers.run
    if platform.anchor_interval_s > 0:
        loops["anchors"] = Anchoring(pool, parts.schema, platform.anchor_interval_s).run
    if platform.verify_interval_s > 0:
        verifying = Verifying(
            pool, parts.schema, parts.name, platform.verify_interval_s, platform.verify_at
        )
        loops["verify"] = verifying.run
        loops["prune-processing-log"] = pruning_of(pool, parts.schema, platform).run
    return loops


def _timers(parts: ServiceParts, pool: Pool, deps: Dependencies) -> TimerWorker | None:
    """The worker that fires the service's due timers, when it declares any."""
    if parts.timers is None or parts.execute is None:
        return None
    table = TimerTable(pool, parts.schema)
    return TimerWorker.with_options(table, parts.timers, parts.execute, deps, parts.timer_options)


def _timers_alone(
    parts: ServiceParts, platform: PlatformSettings, plans: Sequence[SchemaPlan], app: FastAPI
) -> Callable[[asyncio.Event], Awaitable[None]]:
    """The timer worker with only what firing needs (store, keys, clock), until `stop`.

    It waits for the schemas as the app does (or migrates them, by `migrate_on_start`); the
    events it appends wake the relay of whichever process runs it, by NOTIFY.
    """

    async def run(stop: asyncio.Event) -> None:
        pool = await create_pool(platform, f"{parts.name}-timers", min_size=1, max_size=4)
        notifier = CommitNotifier(pool, parts.schema)
        try:
            store = PostgresEventStore(pool, parts.schema, notifier)
            keys = KeyStore(pool, f"{parts.schema}_keys", MasterKey.from_environment())
            deps = Dependencies(store, Sealer(parts.catalogue, keys), app.state.clock)
            worker = _timers(parts, pool, deps)
            loops = {"timers": worker.run} if worker is not None else {}
            async with running_when_migrated(pool, plans, platform, loops):
                await stop.wait()
        finally:
            await notifier.close()
            await pool.close()

    return run


def _timers_backfill(
    parts: ServiceParts, platform: PlatformSettings, app: FastAPI
) -> Callable[[], Coroutine[Any, Any, Backfilled]]:
    """Replay every stream through the service's timers once (shared/timers/backfill.py)."""

    async def run() -> Backfilled:
        assert parts.timers is not None  # noqa: S101 - only built when the service has timers
        pool = await create_pool(platform, f"{parts.name}-backfill", min_size=1, max_size=2)
        try:
            store = PostgresEventStore(pool, parts.schema)
            keys = KeyStore(pool, f"{parts.schema}_keys", MasterKey.from_environment())
            deps = Dependencies(store, Sealer(parts.catalogue, keys), app.state.clock)
            return await backfill_timers(pool, parts.schema, deps, parts.timers)
        finally:
            await pool.close()

    return run


def _registrations(
    parts: ServiceParts, pool: Pool, platform: PlatformSettings
) -> tuple[YouthRegistry | None, ProjectionRunner | None]:
    """The young people the service learns from intake's topic, and their consumer."""
    if not parts.registrations_group:
        return None, None
    prefix = platform.kafka_topic_prefix
    group = f"{prefix}.{parts.registrations_group}" if prefix else parts.registrations_group
    registry = YouthRegistry(pool, parts.schema, group, wait_s=platform.registration_wait_s)
    runner = ProjectionRunner(
        pool, platform, registry, schema=parts.schema,
        topics=[events_topic("intake", prefix)], max_records=2000,
    )  # fmt: skip
    return registry, runner


def _consumers(
    parts: ServiceParts, pool: Pool, platform: PlatformSettings, app: FastAPI
) -> tuple[ProjectionRunner, ProjectionRunner | None]:
    """The read model's runner, and the policies' runner when the service has policies."""
    runner = parts.read_model.runner(pool, platform)
    if not parts.policies or parts.execute is None:
        return runner, None
    reactions = Reactions(
        parts.policies_group or f"{parts.name}-policies", parts.policies,
        parts.execute, app.state.deps, service=parts.name,
    )  # fmt: skip
    return runner, ProjectionRunner(
        pool, platform, reactions, schema=parts.schema,
        topics=[events_topic(d, platform.kafka_topic_prefix) for d in reactions.domains],
        max_records=500,
    )  # fmt: skip


def install_contract(app: FastAPI, parts: ServiceParts) -> None:
    """`/asyncapi.json` and `/events`, built once from the code when the app is built."""
    consumed = sorted({domain for policy in parts.policies for domain in policy.domains})
    reactions = [Subscription(d, (f"{parts.name}-policies",), _reacts(parts, d)) for d in consumed]
    install_asyncapi(
        app,
        asyncapi_document(
            parts.name, app.version, catalogue=parts.catalogue, subscriptions=reactions
        ),
    )
    install_event_catalogue(app, catalogue_document(parts.name, parts.catalogue, parts.extensions))


def _reacts(parts: ServiceParts, domain: str) -> str:
    """What the service's policies do with `domain`'s events, from their docstrings."""
    policies = "; ".join(
        f"`{policy.name}`: {meaning_of(type(policy)).rstrip('.')}"
        for policy in parts.policies
        if domain in policy.domains
    )
    return f"{parts.name} reacts to {domain}'s events with commands of its own: {policies}."


@dataclass(frozen=True)
class CommandingService:
    """A commanding service declared once; its composition root is `create_app` of this.

    What is the service's own: its name, event catalogue, migrations folder, routes, read
    model (built from its schema and consumer group), published extensions, command pipeline
    and policies. Where it listens, its schema and its groups come from its settings.
    """

    name: str
    catalogue: EventCatalogue
    migrations: Path
    router: Callable[[Authenticator], APIRouter]
    read_model: Callable[[str, str], ProjectionSpec]
    extensions: ExtensionsOf
    pipeline: CommandPipeline[Any]
    settings: type[CommandingServiceSettings]
    policies: Sequence[Policy] = ()

    def create_app(
        self,
        platform: PlatformSettings | None = None,
        settings: CommandingServiceSettings | None = None,
        auth: AuthSettings | None = None,
        clock: Clock | None = None,
    ) -> FastAPI:
        """Build the app; connections open in its lifespan, never at import."""
        settings = settings or self.settings()
        parts = ServiceParts(
            name=self.name,
            schema=settings.schema_name,
            catalogue=self.catalogue,
            migrations=directory_migrations(self.migrations),
            router=self.router,
            read_model=self.read_model(settings.schema_name, settings.read_model_group),
            embedded_relay=settings.embedded_relay,
            policies=self.policies,
            execute=self.pipeline.execute,
            policies_group=settings.policies_group,
            extensions=self.extensions,
            registrations_group=settings.registrations_group,
            timers=self.pipeline.timers,
            stream_of=self.pipeline.stream,
            timers_in_app=settings.timers_in_app,
            timer_options=TimerOptions(
                lease=timedelta(seconds=settings.timers_lease_s),
                batch=settings.timers_batch,
                poll_s=settings.timers_poll_s,
                max_attempts=settings.timers_max_attempts,
            ),
        )
        return create_service_app(parts, platform or PlatformSettings(), auth, clock)
