"""The composition root: what makes intake itself, declared once; the rest is shared."""

from __future__ import annotations

from pathlib import Path

from services.intake.classification import published_extensions
from services.intake.domain.events import CATALOGUE
from services.intake.entrypoints.api import build_router
from services.intake.handlers import PIPELINE
from services.intake.projections.read_model import intake_read_model
from services.intake.settings import IntakeSettings
from shared.service_app import CommandingService

MIGRATIONS = Path(__file__).parent / "migrations"
DECLARATION = CommandingService(
    name="intake",
    catalogue=CATALOGUE,
    migrations=MIGRATIONS,
    router=build_router,
    read_model=intake_read_model,
    extensions=published_extensions,
    pipeline=PIPELINE,
    settings=IntakeSettings,
)
SERVICE = DECLARATION.name

create_app = DECLARATION.create_app
