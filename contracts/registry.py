"""Every service's published catalogue, for the repository's tools (checks, docs, AsyncAPI).

Only tools import this: services never import each other, and `shared` never imports services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.coaching.domain.events import CATALOGUE as COACHING
from services.debts.domain.events import CATALOGUE as DEBTS
from services.housing.domain.events import CATALOGUE as HOUSING
from services.income.domain.events import CATALOGUE as INCOME
from services.intake.domain.events import CATALOGUE as INTAKE

if TYPE_CHECKING:
    from shared.events import EventCatalogue

CATALOGUES: dict[str, EventCatalogue] = {
    c.domain: c for c in (INTAKE, DEBTS, HOUSING, COACHING, INCOME)
}
