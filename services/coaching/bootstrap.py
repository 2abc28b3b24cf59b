"""The composition root: what makes coaching itself, declared once; the rest is shared."""

from __future__ import annotations

from pathlib import Path

from services.coaching.classification import published_extensions
from services.coaching.domain.events import CATALOGUE
from services.coaching.entrypoints.api import build_router
from services.coaching.handlers import PIPELINE
from services.coaching.policies import POLICIES
from services.coaching.projections.states import states_spec
from services.coaching.settings import CoachingSettings
from shared.service_app import CommandingService

MIGRATIONS = Path(__file__).parent / "migrations"
DECLARATION = CommandingService(
    name="coaching",
    catalogue=CATALOGUE,
    migrations=MIGRATIONS,
    router=build_router,
    read_model=states_spec,
    extensions=published_extensions,
    pipeline=PIPELINE,
    settings=CoachingSettings,
    policies=POLICIES,
)
SERVICE = DECLARATION.name

create_app = DECLARATION.create_app
