"""The composition root: the coaching service's parts; the shared builder wires the rest."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI  # noqa: TC002 - the return type, used at runtime by callers

from services.coaching.classification import published_extensions
from services.coaching.domain.events import CATALOGUE
from services.coaching.entrypoints.api import build_router
from services.coaching.handlers import execute
from services.coaching.policies import POLICIES
from services.coaching.projections.states import states_spec
from services.coaching.settings import CoachingSettings
from shared.auth import AuthSettings  # noqa: TC001 - passed on at runtime
from shared.clock import Clock  # noqa: TC001 - passed on at runtime
from shared.migrations import directory_migrations
from shared.service_app import ServiceParts, create_service_app
from shared.settings import PlatformSettings

SERVICE = "coaching"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    platform: PlatformSettings | None = None,
    settings: CoachingSettings | None = None,
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build the coaching app; connections open in its lifespan, never at import."""
    settings = settings or CoachingSettings()
    parts = ServiceParts(
        name=SERVICE,
        schema=settings.schema_name,
        catalogue=CATALOGUE,
        migrations=directory_migrations(MIGRATIONS),
        router=build_router,
        read_model=states_spec(settings.schema_name, settings.states_group),
        embedded_relay=settings.embedded_relay,
        extensions=published_extensions,
        policies=POLICIES,
        execute=execute,
        policies_group=settings.policies_group,
        registrations_group=settings.registrations_group,
    )
    return create_service_app(parts, platform or PlatformSettings(), auth, clock)
