"""The composition root: what makes intake itself, declared once; the rest is shared."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from services.intake.classification import published_extensions
from services.intake.domain.events import CATALOGUE
from services.intake.entrypoints.api import build_router
from services.intake.entrypoints.destruction_api import build_destruction_router
from services.intake.entrypoints.subject_requests_api import build_subject_requests_router
from services.intake.handlers import PIPELINE, use_plan_settings
from services.intake.projections.read_model import intake_read_model
from services.intake.settings import IntakeSettings
from shared.service_app import CommandingService

if TYPE_CHECKING:
    from fastapi import APIRouter, FastAPI

    from shared.auth import Authenticator, AuthSettings
    from shared.clock import Clock
    from shared.settings import PlatformSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def _routes(auth: Authenticator) -> APIRouter:
    """Intake's routes, the destruction list's (the archivaris's desk) and the requests'."""
    router = build_router(auth)
    router.include_router(build_destruction_router(auth))
    router.include_router(build_subject_requests_router(auth))
    return router


DECLARATION = CommandingService(
    name="intake",
    catalogue=CATALOGUE,
    migrations=MIGRATIONS,
    router=_routes,
    read_model=intake_read_model,
    extensions=published_extensions,
    pipeline=PIPELINE,
    settings=IntakeSettings,
)
SERVICE = DECLARATION.name


def create_app(
    platform: PlatformSettings | None = None,
    settings: IntakeSettings | None = None,
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build intake's app; its settings' plan and review periods are what the rules are told."""
    chosen = settings or IntakeSettings()
    use_plan_settings(chosen)
    app = DECLARATION.create_app(platform, chosen, auth, clock)
    # The reports' small-cell protection (GET /reports/relapse): anyone but the auditor.
    app.state.small_cell_threshold = chosen.small_cell_threshold
    # The sign-in's service key for `POST /identities/lookup` (None: the route is a 404).
    app.state.identity_lookup_key = chosen.identity_lookup_key
    return app
