"""What the income service shows: the benefit and allowances; amounts for income workers only."""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from services.income.domain.events import AllowanceGranted, BenefitGranted, IncomeFromWorkRecorded
from services.income.handlers import fold
from services.income.projections.benefits import whole_months

if TYPE_CHECKING:
    from services.income.domain.model import Income
    from shared.auth import Principal
    from shared.eventstore import RecordedEvent
    from shared.privacy import Sealer

# Who handles the money: they see the amounts (FIN); the auditor sees the rest.
SEE_AMOUNTS = ("inkomensconsulent", "klantmanager")
_SEALED = (".benefit-granted", ".allowance-granted", ".income-from-work-recorded")


class AllowanceView(BaseModel):
    """The last application for one kind of allowance."""

    kind: str
    status: str
    applied_on: date
    decided_on: date | None


class Amounts(BaseModel):
    """Whole euros ("gegevens vernietigd" once erased); None where nothing was granted."""

    benefit_monthly: int | str | None
    allowances_monthly: dict[str, int | str]
    last_income_from_work: int | str | None


class IncomeView(BaseModel):
    """A young person's current (or last) benefit, its search period, and the allowances."""

    youth_id: uuid.UUID
    status: str
    benefit_id: uuid.UUID | None
    applied_on: date | None
    search: str
    search_started_on: date | None
    search_ends_on: date | None
    norm: str | None
    cost_sharers: int | None
    on_benefit_since: date | None
    months_on_benefit: int | None
    suspended_on: date | None
    ended_on: date | None
    end_reason: str | None
    refusal_reason: str | None
    allowances: list[AllowanceView]
    amounts: Amounts | None
    version: int


def sees_amounts(principal: Principal) -> bool:
    """Amounts are financial personal data: for the income consultant and the klantmanager."""
    return principal.has_any(*SEE_AMOUNTS)


async def income_view(
    sealer: Sealer,
    youth_id: uuid.UUID,
    recorded: list[RecordedEvent],
    principal: Principal,
    today: date,
) -> IncomeView:
    """Fold the state; open the amounts only for those who may see them."""
    state = await fold(sealer, recorded)
    amounts = await _amounts(sealer, recorded, state) if sees_amounts(principal) else None
    since = state.from_on if state.on_benefit else None
    return IncomeView(
        youth_id=youth_id,
        status=state.status,
        benefit_id=state.benefit_id,
        applied_on=state.applied_on,
        search=state.search,
        search_started_on=state.search_started_on,
        search_ends_on=state.search_ends_on,
        norm=state.norm,
        cost_sharers=state.cost_sharers,
        on_benefit_since=since,
        months_on_benefit=whole_months(since, today) if since else None,
        suspended_on=state.suspended_on if state.status == "opgeschort" else None,
        ended_on=state.decided_on if state.status == "beeindigd" else None,
        end_reason=state.end_reason,
        refusal_reason=state.refusal_reason,
        allowances=[
            AllowanceView(
                kind=kind, status=a.status, applied_on=a.applied_on, decided_on=a.decided_on
            )
            for kind, a in sorted(state.allowances.items())
        ],
        amounts=amounts,
        version=len(recorded),
    )


async def _amounts(sealer: Sealer, recorded: list[RecordedEvent], state: Income) -> Amounts:
    """The current benefit's, each kind's last granted allowance's, the last work income."""
    found = Amounts(benefit_monthly=None, allowances_monthly={}, last_income_from_work=None)
    for record in recorded:
        if not record.event_type.endswith(_SEALED):
            continue
        event = await sealer.open(record)
        if isinstance(event, BenefitGranted) and event.benefit_id == state.benefit_id:
            found.benefit_monthly = event.monthly_amount
        elif isinstance(event, AllowanceGranted):
            found.allowances_monthly[event.kind] = event.monthly_amount
        elif isinstance(event, IncomeFromWorkRecorded):
            found.last_income_from_work = event.amount
    return found
