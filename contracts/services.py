"""Every service of the platform, found by its own declaration: the tools' one list of them.

A service is a package `services/<name>` with a `bootstrap.py` whose `create_app` builds its
app; a commanding service's bootstrap also holds `DECLARATION` (`CommandingService`: its
catalogue, policies, published extensions and pipeline), and every service writes its
processing register in `register.py`. The tools (contracts, docs, register) and the tests read
services from here, so a new service is found, not listed. Only tools import this: services
never import each other, and `shared` never imports services.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from typing import TYPE_CHECKING, Any, cast

import services
from shared.life_domains import life_domain_names
from shared.processing_register import ServiceRegister
from shared.service_app import CommandingService

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

# The services that only read the domains' topics, in the documentation's order after them.
READERS = ("timeline", "notifications")


def service_names() -> list[str]:
    """Every `services/<name>` with a bootstrap: the life domains in order, the readers, others.

    A service in neither list still comes (last, by name), so the tools show it while
    tests/unit/contracts/test_service_roster.py names it as missing from the roster.
    """
    found = {
        module.name
        for module in pkgutil.iter_modules(services.__path__)
        if module.ispkg and importlib.util.find_spec(f"services.{module.name}.bootstrap")
    }
    known = [*life_domain_names(), *READERS]
    return [n for n in known if n in found] + sorted(found - set(known))


def bootstrap(name: str) -> Any:  # noqa: ANN401 - a module, read by the typed functions below
    """The service's composition root module."""
    return importlib.import_module(f"services.{name}.bootstrap")


def app_factories() -> dict[str, Callable[[], FastAPI]]:
    """Per service, in order: the `create_app` that builds (never starts) its app."""
    return {
        name: cast("Callable[[], FastAPI]", bootstrap(name).create_app) for name in service_names()
    }


def declarations() -> dict[str, CommandingService]:
    """Per commanding service, in order: its declaration (catalogue, policies, extensions)."""
    found = {name: getattr(bootstrap(name), "DECLARATION", None) for name in service_names()}
    return {name: d for name, d in found.items() if isinstance(d, CommandingService)}


def registers() -> dict[str, ServiceRegister]:
    """Per service that writes one, in order: its `register.py`'s REGISTER."""
    found: dict[str, ServiceRegister] = {}
    for name in service_names():
        if importlib.util.find_spec(f"services.{name}.register") is None:
            continue
        register = getattr(importlib.import_module(f"services.{name}.register"), "REGISTER", None)
        if isinstance(register, ServiceRegister):
            found[name] = register
    return found
