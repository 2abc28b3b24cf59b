"""The young person's income as the income service knows it: state folded from events.

Pure and synchronous: time arrives as an argument, nothing here does I/O. The state (`Income`)
lives in `state.py` and the rules (`decide`, the errors) in `rules.py`; both are exported from
here: this is the module to import. The state holds no amounts (sealed in the events).

A benefit runs from its application (`aangevraagd`) through a grant (`lopend`, perhaps
`opgeschort` and resumed) to its end (`beeindigd`), or is refused (`afgewezen`); a new
application starts the next one afresh, search period included.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from services.income.domain.events import (
    PRIVACY_EVENTS,
    AllowanceApplied,
    AllowanceGranted,
    AllowanceRefused,
    BenefitApplied,
    BenefitEnded,
    BenefitGranted,
    BenefitRefused,
    BenefitResumed,
    BenefitSuspended,
    IncomeFromWorkRecorded,
    SearchPeriodEnded,
    SearchPeriodStarted,
    SearchPeriodWaived,
)
from services.income.domain.rules import (
    AlreadyDoneError,
    ConflictError,
    NothingOpenError,
    RuleViolationError,
    decide,
    search_period_ends,
)
from services.income.domain.state import Allowance, BenefitStatus, Income, SearchStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from shared.events import DomainEvent

__all__ = [
    "EVOLVERS",
    "AlreadyDoneError",
    "BenefitStatus",
    "ConflictError",
    "Income",
    "NothingOpenError",
    "RuleViolationError",
    "SearchStatus",
    "decide",
    "evolve",
    "search_period_ends",
]


def _applied(state: Income, event: BenefitApplied) -> Income:
    # A new benefit: everything of the last one goes, but the allowances and the count stay.
    return replace(
        Income(),
        status="aangevraagd",
        benefit_id=event.benefit_id,
        applied_on=event.applied_on,
        benefits=state.benefits,
        allowances=state.allowances,
        work_income_on=state.work_income_on,
        privacy=state.privacy,
    )


def _search_started(state: Income, event: SearchPeriodStarted) -> Income:
    return replace(
        state, search="loopt", search_started_on=event.started_on, search_ends_on=event.ends_on
    )


def _search_ended(state: Income, event: SearchPeriodEnded) -> Income:
    return replace(state, search="beeindigd", search_closed_on=event.ended_on)


def _search_waived(state: Income, event: SearchPeriodWaived) -> Income:
    return replace(state, search="vrijgesteld", search_closed_on=event.waived_on)


def _granted(state: Income, event: BenefitGranted) -> Income:
    return replace(
        state,
        status="lopend",
        norm=event.norm,
        cost_sharers=event.cost_sharers,
        granted_on=event.granted_on,
        from_on=event.from_on,
        benefits=state.benefits + 1,
    )


def _refused(state: Income, event: BenefitRefused) -> Income:
    return replace(
        state, status="afgewezen", decided_on=event.refused_on, refusal_reason=event.reason
    )


def _suspended(state: Income, event: BenefitSuspended) -> Income:
    return replace(state, status="opgeschort", suspended_on=event.suspended_on)


def _resumed(state: Income, event: BenefitResumed) -> Income:
    return replace(state, status="lopend", resumed_on=event.resumed_on)


def _ended(state: Income, event: BenefitEnded) -> Income:
    return replace(state, status="beeindigd", decided_on=event.ended_on, end_reason=event.reason)


def _allowance_applied(state: Income, event: AllowanceApplied) -> Income:
    allowance = Allowance(event.allowance_id, "aangevraagd", event.applied_on)
    return replace(state, allowances=state.allowances.set(event.kind, allowance))


def _allowance_decided(state: Income, event: AllowanceGranted | AllowanceRefused) -> Income:
    last = state.allowances.get(event.kind)
    if last is None or last.allowance_id != event.allowance_id:
        return state  # not the open application
    if isinstance(event, AllowanceGranted):
        decided = replace(last, status="toegekend", decided_on=event.granted_on)
    else:
        decided = replace(last, status="afgewezen", decided_on=event.refused_on)
    return replace(state, allowances=state.allowances.set(event.kind, decided))


def _work_income(state: Income, event: IncomeFromWorkRecorded) -> Income:
    return replace(state, work_income_on=event.received_on)


def _privacy(state: Income, event: DomainEvent) -> Income:
    return replace(state, privacy=state.privacy.evolve(event))


# Any: each folds its own event class.
EVOLVERS: Mapping[type[DomainEvent], Callable[[Income, Any], Income]] = {
    BenefitApplied: _applied,
    SearchPeriodStarted: _search_started,
    SearchPeriodEnded: _search_ended,
    SearchPeriodWaived: _search_waived,
    BenefitGranted: _granted,
    BenefitRefused: _refused,
    BenefitSuspended: _suspended,
    BenefitResumed: _resumed,
    BenefitEnded: _ended,
    AllowanceApplied: _allowance_applied,
    AllowanceGranted: _allowance_decided,
    AllowanceRefused: _allowance_decided,
    IncomeFromWorkRecorded: _work_income,
    **dict.fromkeys(PRIVACY_EVENTS, _privacy),
}


def evolve(state: Income, event: DomainEvent) -> Income:
    """Fold one event into the state; an event income does not know leaves it as it is."""
    evolver = EVOLVERS.get(type(event))
    if evolver is None:
        return state
    return evolver(state, event)
