"""The composition root: what makes debts itself, declared once; the rest is shared."""

from __future__ import annotations

from pathlib import Path

from services.debts.classification import published_extensions
from services.debts.domain.events import CATALOGUE
from services.debts.entrypoints.api import build_router
from services.debts.handlers import PIPELINE
from services.debts.policies import POLICIES
from services.debts.projections.trajectories import trajectories_spec
from services.debts.settings import DebtsSettings
from shared.service_app import CommandingService

MIGRATIONS = Path(__file__).parent / "migrations"
DECLARATION = CommandingService(
    name="debts",
    catalogue=CATALOGUE,
    migrations=MIGRATIONS,
    router=build_router,
    read_model=trajectories_spec,
    extensions=published_extensions,
    pipeline=PIPELINE,
    settings=DebtsSettings,
    policies=POLICIES,
)
SERVICE = DECLARATION.name

create_app = DECLARATION.create_app
