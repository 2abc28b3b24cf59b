"""What the debts service shows: the trajectory, amounts only for the debt counsellor."""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from functools import reduce
from typing import TYPE_CHECKING

from pydantic import BaseModel

from services.debts.domain.events import DebtHelpRequested, DebtRecorded
from services.debts.domain.model import Trajectory, evolve

if TYPE_CHECKING:
    from shared.auth import Principal
    from shared.events import DomainEvent


class Debt(BaseModel):
    """One debt; creditor and amount only for those who handle the debts."""

    debt_id: str
    creditor_type: str
    creditor_name: str | None
    amount: int | str | None
    response: str | None


class Money(BaseModel):
    """Totals in whole euros ("gegevens vernietigd" once erased)."""

    debt_total: int
    inventory_total: int | None
    balance: int
    written_off: int
    owed_to_fund: int


class TrajectoryView(BaseModel):
    """A young person's current (or last) debt trajectory."""

    youth_id: uuid.UUID
    trajectory_id: uuid.UUID | None
    phase: str
    open: bool
    crisis: bool
    requested_on: date | None
    first_conversation_due: date | None
    first_conversation_on: date | None
    deadline: str | None
    debts: list[Debt]
    money: Money | None
    hours_agreed: int
    hours_done: int
    hours_left: int
    taken_over: bool
    write_off_revoked: bool
    settled: bool
    ended_reason: str | None
    closure_blocked: str | None = None
    version: int


def handles_money(principal: Principal) -> bool:
    """Amounts and creditors are financial data: for the debt counsellor only."""
    return principal.has_any("schuldhulpverlener")


def trajectory_view(
    youth_id: uuid.UUID, events: list[DomainEvent], principal: Principal, today: date
) -> TrajectoryView:
    """Fold the opened events into the view; what the viewer may not see stays out."""
    state: Trajectory = reduce(evolve, events, Trajectory())
    current = _current(events)
    money_visible = handles_money(principal)
    debts = [
        Debt(
            debt_id=e.debt_id,
            creditor_type=e.creditor_type,
            creditor_name=e.creditor_name if money_visible else None,
            amount=e.amount if money_visible else None,
            response=state.responses.get(e.debt_id),
        )
        for e in current
        if isinstance(e, DebtRecorded)
    ]
    return TrajectoryView(
        youth_id=youth_id,
        trajectory_id=state.trajectory_id,
        phase=state.phase,
        open=state.open,
        crisis=state.crisis,
        requested_on=state.requested_on,
        first_conversation_due=state.first_conversation_due,
        first_conversation_on=state.first_conversation_on,
        deadline=state.deadline_status(today) if state.first_conversation_due else None,
        debts=debts,
        money=_money(state) if money_visible else None,
        hours_agreed=state.counterpart_hours,
        hours_done=state.hours_done,
        hours_left=state.hours_left,
        taken_over=state.taken_over,
        write_off_revoked=state.write_off_revoked,
        settled=state.settled,
        ended_reason=state.ended_reason,
        closure_blocked=state.closure_blocked,
        version=len(events),
    )


def _current(events: list[DomainEvent]) -> list[DomainEvent]:
    """The events of the latest trajectory."""
    starts = [n for n, e in enumerate(events) if isinstance(e, DebtHelpRequested)]
    return events[starts[-1] :] if starts else []


def _money(state: Trajectory) -> Money:
    return Money(
        debt_total=state.debt_total,
        inventory_total=state.inventory_total,
        balance=state.balance,
        written_off=state.written_off,
        owed_to_fund=state.owed_to_fund,
    )
