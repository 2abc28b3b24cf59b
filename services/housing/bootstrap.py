"""The composition root: what makes housing itself, declared once; the rest is shared."""

from __future__ import annotations

from pathlib import Path

from services.housing.classification import published_extensions
from services.housing.domain.events import CATALOGUE
from services.housing.entrypoints.api import build_router
from services.housing.handlers import PIPELINE
from services.housing.policies import POLICIES
from services.housing.projections.situations import situations_spec
from services.housing.settings import HousingSettings
from shared.service_app import CommandingService

MIGRATIONS = Path(__file__).parent / "migrations"
DECLARATION = CommandingService(
    name="housing",
    catalogue=CATALOGUE,
    migrations=MIGRATIONS,
    router=build_router,
    read_model=situations_spec,
    extensions=published_extensions,
    pipeline=PIPELINE,
    settings=HousingSettings,
    policies=POLICIES,
)
SERVICE = DECLARATION.name

create_app = DECLARATION.create_app
