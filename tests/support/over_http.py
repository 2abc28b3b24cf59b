"""How each domain is worked over HTTP, declared beside its rule tests and collected here.

Each domain that learns its young people from intake declares, in tests/unit/<name>/givens.py,
`OVER_HTTP`: the worker's role, their first command for a young person the domain has never
seen and the read that shows it, the list of young people they read (and its processing
activity), and the roles its fuzzing sends. The cross-domain tests (tenancy, policies, fuzz)
take the domains from here, so a new domain joins them by its own givens;
tests/unit/contracts/test_service_roster.py fails when one lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from contracts.services import declarations

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class OverHttp:
    """A domain as its worker meets it over HTTP.

    `body(day)` is the first command's body dated `day` (ISO, today in a live test);
    `listing` a list of the municipality's young people, a logged read named `listing_activity`
    that a regisseur is refused; `fuzz_roles` the roles the fuzz stage sends its operations.
    """

    role: str
    path: str
    body: Callable[[str], dict[str, object]]
    read: str
    listing: str
    listing_activity: str
    fuzz_roles: tuple[str, ...]


def learns_from_intake(name: str) -> bool:
    """Whether the service learns its young people from intake's topic (every domain but it)."""
    return bool(declarations()[name].settings().registrations_group)


def domains_over_http() -> dict[str, OverHttp]:
    """Per domain that learns from intake, in the platform's order: its givens' OVER_HTTP."""
    found = {}
    for name in declarations():
        if learns_from_intake(name):
            declared = getattr(import_module(f"tests.unit.{name}.givens"), "OVER_HTTP", None)
            if not isinstance(declared, OverHttp):
                msg = f"{name}: tests/unit/{name}/givens.py declares no OVER_HTTP"
                raise LookupError(msg)
            found[name] = declared
    return found
