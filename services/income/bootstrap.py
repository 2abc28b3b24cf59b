"""The composition root: what makes income itself, declared once; the rest is shared."""

from __future__ import annotations

from pathlib import Path

from services.income.classification import published_extensions
from services.income.domain.events import CATALOGUE
from services.income.entrypoints.api import build_router
from services.income.handlers import PIPELINE
from services.income.policies import POLICIES
from services.income.projections.benefits import benefits_spec
from services.income.settings import IncomeSettings
from shared.service_app import CommandingService

MIGRATIONS = Path(__file__).parent / "migrations"
DECLARATION = CommandingService(
    name="income",
    catalogue=CATALOGUE,
    migrations=MIGRATIONS,
    router=build_router,
    read_model=benefits_spec,
    extensions=published_extensions,
    pipeline=PIPELINE,
    settings=IncomeSettings,
    policies=POLICIES,
)
SERVICE = DECLARATION.name

create_app = DECLARATION.create_app
