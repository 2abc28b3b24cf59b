"""The commanding services the service-layer tier runs: one line each.

Each names its declaration (services/<name>/bootstrap.py), its rule tests' scenario (whose
valid commands it reuses) and a story: commands valid one after the other on a young person
with no history here, the last of which records personal data (a sealed field). A fifth
service joins every shared test by adding its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from services.coaching.bootstrap import DECLARATION as COACHING
from services.coaching.domain.commands import AssignCoach, SetGoal
from services.debts.bootstrap import DECLARATION as DEBTS
from services.debts.domain.commands import RecordDebt, RequestDebtHelp
from services.housing.bootstrap import DECLARATION as HOUSING
from services.housing.domain.commands import ArrangePostalAddress, RegisterHomelessness
from services.income.bootstrap import DECLARATION as INCOME
from services.income.domain.commands import ApplyForBenefit, RecordIncomeFromWork
from services.intake.bootstrap import DECLARATION as INTAKE
from services.intake.domain.commands import RegisterYouth, VerifyIdentity
from shared.policy import ErasurePolicy
from tests.unit.coaching.givens import SCENARIO as COACHING_SCENARIO
from tests.unit.debts.givens import SCENARIO as DEBTS_SCENARIO
from tests.unit.housing.givens import SCENARIO as HOUSING_SCENARIO
from tests.unit.income.givens import SCENARIO as INCOME_SCENARIO
from tests.unit.intake.givens import SCENARIO as INTAKE_SCENARIO

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


SERVICES = (
    Commanding(INTAKE, INTAKE_SCENARIO, (RegisterYouth, VerifyIdentity)),
    Commanding(DEBTS, DEBTS_SCENARIO, (RequestDebtHelp, RecordDebt)),
    Commanding(HOUSING, HOUSING_SCENARIO, (RegisterHomelessness, ArrangePostalAddress)),
    Commanding(COACHING, COACHING_SCENARIO, (AssignCoach, SetGoal)),
    Commanding(INCOME, INCOME_SCENARIO, (ApplyForBenefit, RecordIncomeFromWork)),
)
FOLLOWING_INTAKE = tuple(s for s in SERVICES if s.follows_intake_erasure)
"""The services that confirm intake's erasure through their pipeline (ConfirmErasure)."""


def ids(service: Commanding) -> str:
    """Name parametrised tests after the service."""
    return service.name
