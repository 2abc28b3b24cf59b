"""The commanding services the service-layer tier runs: every one declared, none listed.

Each is found by its declaration (services/<name>/bootstrap.py, through contracts/services.py)
with its rule tests' scenario (tests/unit/<name>/givens.py's SCENARIO, whose valid commands it
reuses) and STORY there: commands valid one after the other on a young person with no history
here, the last of which records personal data (a sealed field). A new service joins every
shared test by its own givens.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from contracts.services import declarations
from shared.policy import ErasurePolicy

if TYPE_CHECKING:
    import uuid

    from pydantic import BaseModel

    from shared.service_app import CommandingService
    from tests.support.scenario import Scenario


@dataclass(frozen=True)
class Commanding:
    """A commanding service as the shared tests need it."""

    declaration: CommandingService
    scenario: Scenario[Any]
    story: tuple[type[BaseModel], ...]

    @property
    def name(self) -> str:
        """The service's name (the test id)."""
        return self.declaration.name

    def commands(self, youth_id: uuid.UUID) -> list[BaseModel]:
        """The story's commands for `youth_id`, valid one after the other from nothing."""
        return [self.scenario.command(cls, youth_id) for cls in self.story]

    @property
    def follows_intake_erasure(self) -> bool:
        """Whether the service confirms intake's erasures itself (policy 5)."""
        return any(isinstance(p, ErasurePolicy) for p in self.declaration.policies)


def _found() -> tuple[Commanding, ...]:
    found = []
    for name, declaration in declarations().items():
        givens = import_module(f"tests.unit.{name}.givens")
        found.append(Commanding(declaration, givens.SCENARIO, givens.STORY))
    return tuple(found)


SERVICES = _found()
FOLLOWING_INTAKE = tuple(s for s in SERVICES if s.follows_intake_erasure)
"""The services that confirm intake's erasure through their pipeline (ConfirmErasure)."""


def ids(service: Commanding) -> str:
    """Name parametrised tests after the service."""
    return service.name
