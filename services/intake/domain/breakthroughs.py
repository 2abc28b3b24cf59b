"""The Doorbraak: the regisseur asks an organisation to break through a rule in the way.

A Doorbraak is asked once under its id and settled once; settling one that was never asked
is `NotFoundError` (404), settling it again `AlreadyDoneError` (409), and it is settled on or
after the day it was asked. Who may ask (only the assigned regisseur) is the route's rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.intake.domain.commands import RequestBreakthrough, ResolveBreakthrough
from services.intake.domain.events import BreakthroughRequested, BreakthroughResolved
from shared.rules import AlreadyDoneError, NotFoundError, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

__all__ = ["BREAKTHROUGH_DECIDERS"]


def _request(
    state: Youth, command: RequestBreakthrough, _today: date, _age: int | None
) -> list[DomainEvent]:
    if str(command.breakthrough_id) in state.breakthroughs:
        raise AlreadyDoneError(
            "Deze doorbraak is al gevraagd",
            "This breakthrough was already requested",
            "breakthrough_id",
        )
    return [BreakthroughRequested(**command.model_dump())]


def _resolve(
    state: Youth, command: ResolveBreakthrough, _today: date, _age: int | None
) -> list[DomainEvent]:
    asked = state.breakthroughs.get(str(command.breakthrough_id))
    if asked is None:
        raise NotFoundError("Onbekende doorbraak", "Unknown breakthrough")
    requested_on, settled = asked
    if settled:
        raise AlreadyDoneError(
            "Deze doorbraak is al afgehandeld", "This breakthrough was already resolved"
        )
    if command.resolved_on < requested_on:
        raise RuleViolationError(
            f"De afhandeling ({command.resolved_on}) ligt vóór de vraag ({requested_on})",
            f"The resolution ({command.resolved_on}) is before the request ({requested_on})",
            "resolved_on",
        )
    return [BreakthroughResolved(**command.model_dump())]


# One rule set per command; Any because each takes its own command class.
BREAKTHROUGH_DECIDERS: Mapping[
    type[Any], Callable[[Youth, Any, date, int | None], list[DomainEvent]]
] = {
    RequestBreakthrough: _request,
    ResolveBreakthrough: _resolve,
}
