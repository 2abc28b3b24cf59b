"""The composition root: intake's parts; the shared builder wires store, keys, log and relay."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI  # noqa: TC002 - the return type, used at runtime by callers

from services.intake.classification import published_extensions
from services.intake.domain.events import CATALOGUE
from services.intake.entrypoints.api import build_router
from services.intake.projections.summaries import summaries_spec
from services.intake.settings import IntakeSettings
from shared.auth import AuthSettings  # noqa: TC001 - passed on at runtime
from shared.clock import Clock  # noqa: TC001 - passed on at runtime
from shared.migrations import directory_migrations
from shared.service_app import ServiceParts, create_service_app
from shared.settings import PlatformSettings

SERVICE = "intake"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    platform: PlatformSettings | None = None,
    settings: IntakeSettings | None = None,
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build the intake app; connections open in its lifespan, never at import."""
    settings = settings or IntakeSettings()
    parts = ServiceParts(
        name=SERVICE,
        schema=settings.schema_name,
        catalogue=CATALOGUE,
        migrations=directory_migrations(MIGRATIONS),
        router=build_router,
        read_model=summaries_spec(settings.schema_name, settings.summaries_group),
        embedded_relay=settings.embedded_relay,
        extensions=published_extensions,
    )
    return create_service_app(parts, platform or PlatformSettings(), auth, clock)
