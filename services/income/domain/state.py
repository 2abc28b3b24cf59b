"""The young person's income state: what the rules and the views know, folded by `model.evolve`.

Its own module so that the rules (`rules.py`) and the fold (`model.py`) both import it. It holds
no amounts (those stay sealed in the events), only ids, codes and dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from shared.rules import FrozenMap
from shared.subject_rights import Privacy

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

__all__ = ["Allowance", "BenefitStatus", "Income", "SearchStatus"]

BenefitStatus = Literal["geen", "aangevraagd", "lopend", "opgeschort", "beeindigd", "afgewezen"]
SearchStatus = Literal["geen", "loopt", "beeindigd", "vrijgesteld"]
AllowanceStatus = Literal["aangevraagd", "toegekend", "afgewezen"]


@dataclass(frozen=True)
class Allowance:
    """The last application for one kind of allowance and where it stands."""

    allowance_id: UUID
    status: AllowanceStatus
    applied_on: date
    decided_on: date | None = None


@dataclass(frozen=True)
class Income:
    """The current or last benefit, its search period, the allowances per kind.

    `status` is the benefit's: `aangevraagd` (an application waits for a decision), `lopend`,
    `opgeschort`, then `beeindigd` or `afgewezen`; `geen` before the first application.
    """

    status: BenefitStatus = "geen"
    benefit_id: UUID | None = None
    applied_on: date | None = None
    search: SearchStatus = "geen"  # of the current application
    search_started_on: date | None = None
    search_ends_on: date | None = None
    search_closed_on: date | None = None  # ended or waived
    norm: str | None = None
    cost_sharers: int | None = None
    granted_on: date | None = None
    from_on: date | None = None  # on bijstand since
    suspended_on: date | None = None  # of the open or last suspension
    resumed_on: date | None = None
    decided_on: date | None = None  # refused or ended
    end_reason: str | None = None
    refusal_reason: str | None = None
    benefits: int = 0  # granted, ever
    allowances: FrozenMap[str, Allowance] = field(default_factory=FrozenMap)
    work_income_on: date | None = None  # the last income from work received
    # Erasure confirmed, timeline sharing (shared/subject_rights.py): apart from the domain.
    privacy: Privacy = field(default_factory=Privacy)

    @property
    def open(self) -> bool:
        """Whether a benefit is open: applied for and undecided, running or suspended."""
        return self.status in {"aangevraagd", "lopend", "opgeschort"}

    @property
    def on_benefit(self) -> bool:
        """Whether a granted benefit has not ended (suspended counts: it is not ended)."""
        return self.status in {"lopend", "opgeschort"}

    @property
    def search_running(self) -> bool:
        """Whether the search period runs: started, neither ended nor waived."""
        return self.search == "loopt"
