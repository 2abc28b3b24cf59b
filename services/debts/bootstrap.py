"""The composition root: the debts service's parts; the shared builder wires the rest."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI  # noqa: TC002 - the return type, used at runtime by callers

from services.debts.classification import published_extensions
from services.debts.domain.events import CATALOGUE
from services.debts.entrypoints.api import build_router
from services.debts.handlers import execute
from services.debts.policies import POLICIES
from services.debts.projections.trajectories import trajectories_spec
from services.debts.settings import DebtsSettings
from shared.auth import AuthSettings  # noqa: TC001 - passed on at runtime
from shared.clock import Clock  # noqa: TC001 - passed on at runtime
from shared.migrations import directory_migrations
from shared.service_app import ServiceParts, create_service_app
from shared.settings import PlatformSettings

SERVICE = "debts"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    platform: PlatformSettings | None = None,
    settings: DebtsSettings | None = None,
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build the debts app; connections open in its lifespan, never at import."""
    settings = settings or DebtsSettings()
    parts = ServiceParts(
        name=SERVICE,
        schema=settings.schema_name,
        catalogue=CATALOGUE,
        migrations=directory_migrations(MIGRATIONS),
        router=build_router,
        read_model=trajectories_spec(settings.schema_name, settings.trajectories_group),
        embedded_relay=settings.embedded_relay,
        extensions=published_extensions,
        policies=POLICIES,
        execute=execute,
        policies_group=settings.policies_group,
        registrations_group=settings.registrations_group,
    )
    return create_service_app(parts, platform or PlatformSettings(), auth, clock)
