"""Intake, debts, housing, coaching and income in-process, isolated by schema, prefix and group."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from services.coaching.bootstrap import create_app as create_coaching
from services.coaching.settings import CoachingSettings
from services.debts.bootstrap import create_app as create_debts
from services.debts.settings import DebtsSettings
from services.housing.bootstrap import create_app as create_housing
from services.housing.settings import HousingSettings
from services.income.bootstrap import create_app as create_income
from services.income.settings import IncomeSettings
from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from tests.support.apps import platform_settings, serve

if TYPE_CHECKING:
    import httpx
    from fastapi import FastAPI


@dataclass
class Platform:
    """The five services' clients and apps (the apps, to reach their runners)."""

    intake: httpx.AsyncClient
    debts: httpx.AsyncClient
    housing: httpx.AsyncClient
    coaching: httpx.AsyncClient
    income: httpx.AsyncClient
    debts_app: FastAPI
    prefix: str


def debts_app(settings, prefix: str, group: str = "policies") -> FastAPI:
    """A debts app on the test's schema; `group` names its policies' consumer group."""
    return create_debts(
        settings,
        DebtsSettings(
            schema_name=f"{prefix}_debts",
            trajectories_group=f"{prefix}-debts",
            policies_group=f"{prefix}-debts-{group}",
        ),
    )


@pytest.fixture
async def services(endpoints, topic_prefix):
    """All five running, with their relays, read models and policies."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    p = topic_prefix
    intake = create_intake(
        settings, IntakeSettings(schema_name=f"{p}_intake", summaries_group=f"{p}-intake")
    )
    debts = debts_app(settings, p)
    housing = create_housing(
        settings,
        HousingSettings(
            schema_name=f"{p}_housing",
            situations_group=f"{p}-housing",
            policies_group=f"{p}-housing-policies",
        ),
    )
    coaching = create_coaching(
        settings,
        CoachingSettings(
            schema_name=f"{p}_coaching",
            states_group=f"{p}-coaching",
            policies_group=f"{p}-coaching-policies",
        ),
    )
    income = create_income(
        settings,
        IncomeSettings(
            schema_name=f"{p}_income",
            benefits_group=f"{p}-income",
            policies_group=f"{p}-income-policies",
        ),
    )
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(serve(app))
            for app in (intake, debts, housing, coaching, income)
        ]
        yield Platform(*clients, debts_app=debts, prefix=p)
