"""The composition root: the housing service's parts; the shared builder wires the rest."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI  # noqa: TC002 - the return type, used at runtime by callers

from services.housing.classification import published_extensions
from services.housing.domain.events import CATALOGUE
from services.housing.entrypoints.api import build_router
from services.housing.handlers import execute
from services.housing.policies import POLICIES
from services.housing.projections.situations import situations_spec
from services.housing.settings import HousingSettings
from shared.auth import AuthSettings  # noqa: TC001 - passed on at runtime
from shared.clock import Clock  # noqa: TC001 - passed on at runtime
from shared.migrations import directory_migrations
from shared.service_app import ServiceParts, create_service_app
from shared.settings import PlatformSettings

SERVICE = "housing"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    platform: PlatformSettings | None = None,
    settings: HousingSettings | None = None,
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build the housing app; connections open in its lifespan, never at import."""
    settings = settings or HousingSettings()
    parts = ServiceParts(
        name=SERVICE,
        schema=settings.schema_name,
        catalogue=CATALOGUE,
        migrations=directory_migrations(MIGRATIONS),
        router=build_router,
        read_model=situations_spec(settings.schema_name, settings.situations_group),
        embedded_relay=settings.embedded_relay,
        extensions=published_extensions,
        policies=POLICIES,
        execute=execute,
        policies_group=settings.policies_group,
        registrations_group=settings.registrations_group,
    )
    return create_service_app(parts, platform or PlatformSettings(), auth, clock)
