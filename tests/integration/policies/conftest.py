"""Every life domain in-process, isolated by schema, prefix and group: none named by hand.

The services are the declared ones (contracts/services.py), each built by its own bootstrap
with its own settings class, so a new domain runs in these tests by its declaration alone.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from contracts.services import bootstrap, declarations
from tests.support.apps import platform_settings, serve

if TYPE_CHECKING:
    import httpx
    from fastapi import FastAPI

    from shared.settings import CommandingServiceSettings, PlatformSettings


@dataclass
class Platform:
    """The domains' clients and apps by name (the apps, to reach their runners)."""

    clients: dict[str, httpx.AsyncClient]
    apps: dict[str, FastAPI]
    prefix: str

    def __getattr__(self, name: str) -> httpx.AsyncClient:
        """`services.debts` is debts' client, as the tests read it."""
        clients = self.__dict__.get("clients", {})
        if name in clients:
            return clients[name]
        raise AttributeError(name)

    @property
    def debts_app(self) -> FastAPI:
        """Debts' app: the policy tests reach its store, pool and runners."""
        return self.apps["debts"]


def service_settings(name: str, prefix: str, group: str = "policies") -> CommandingServiceSettings:
    """The service's settings on the test's schema, each of its consumer groups under `prefix`.

    `group` names its policies' consumer group (a fresh one re-reads as after a crash).
    """
    declared = declarations()[name].settings
    defaults = declared()
    groups = {
        field: f"{prefix}-{value}"
        for field in declared.model_fields
        if field.endswith("_group") and (value := getattr(defaults, field))
    }
    if defaults.policies_group:
        groups["policies_group"] = f"{prefix}-{name}-{group}"
    return defaults.model_copy(update={"schema_name": f"{prefix}_{name}", **groups})


def domain_app(
    settings: PlatformSettings, name: str, prefix: str, group: str = "policies"
) -> FastAPI:
    """The domain's app by its own bootstrap, on the test's schema and groups."""
    app: FastAPI = bootstrap(name).create_app(settings, service_settings(name, prefix, group))
    return app


def debts_app(settings: PlatformSettings, prefix: str, group: str = "policies") -> FastAPI:
    """A debts app on the test's schema; `group` names its policies' consumer group."""
    return domain_app(settings, "debts", prefix, group)


@pytest.fixture
async def services(endpoints, topic_prefix):
    """Every declared life domain running, with its relay, read model and policies."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    apps = {name: domain_app(settings, name, topic_prefix) for name in declarations()}
    async with contextlib.AsyncExitStack() as stack:
        clients = {name: await stack.enter_async_context(serve(app)) for name, app in apps.items()}
        yield Platform(clients, apps, topic_prefix)
