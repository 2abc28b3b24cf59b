"""The composition root: what makes income itself, declared once; the rest is shared."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from services.income.classification import published_extensions
from services.income.domain.events import CATALOGUE
from services.income.entrypoints.api import build_router
from services.income.handlers import PIPELINE
from services.income.policies import POLICIES
from services.income.projections.benefits import benefits_spec
from services.income.settings import IncomeSettings
from shared.service_app import CommandingService

if TYPE_CHECKING:
    from fastapi import FastAPI

    from shared.auth import AuthSettings
    from shared.clock import Clock
    from shared.settings import PlatformSettings

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


def create_app(
    platform: PlatformSettings | None = None,
    settings: IncomeSettings | None = None,
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """Build income's app; its small-cell threshold is what the counts' routes read."""
    chosen = settings or IncomeSettings()
    app = DECLARATION.create_app(platform, chosen, auth, clock)
    app.state.small_cell_threshold = chosen.small_cell_threshold
    return app
