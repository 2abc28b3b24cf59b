"""Mijn mening: the young person rates a contact or a programme (issue 23 item 8, issue 22 item 5).

The rules, all pure:

- A contact is rated without a programme: the rating is about the contact, and the reports
  count it in the young person's programme as every flow.
- A programme is rated by naming it, one the young person is in, left or was registered
  for (its end is when Rode loper asks); one they never were in is refused, on `programma`.
- The day is not ahead (the shared check of fact dates); the comment is their own words,
  sealed by the event's marking.

Who may give it (only the young person, for themself) is the route's rule, not these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.intake.domain.commands import GiveFeedback
from services.intake.domain.events import FeedbackGiven
from shared.rules import RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

__all__ = ["FEEDBACK_DECIDERS", "FEEDBACK_EVOLVERS"]


def _give_feedback(
    state: Youth, command: GiveFeedback, _today: date, _age: int | None
) -> list[DomainEvent]:
    if command.about == "contact" and command.programma is not None:
        raise RuleViolationError(
            "Een mening over een contact noemt geen programma",
            "A say about a contact names no programme",
            "programma",
        )
    if command.about == "programma":
        known = state.active_programmes | {exit_[0] for exit_ in state.exits}
        known |= {state.programma} if state.programma else set()
        if command.programma is None or command.programma not in known:
            raise RuleViolationError(
                "Kies een programma waar je in zit of in zat",
                "Name a programme the young person is or was in",
                "programma",
            )
    return [FeedbackGiven(**command.model_dump())]


FEEDBACK_DECIDERS: Mapping[
    type[Any], Callable[[Youth, Any, date, int | None], list[DomainEvent]]
] = {
    GiveFeedback: _give_feedback,
}


def _heard(state: Youth, _event: FeedbackGiven) -> Youth:
    """A say changes nothing the rules decide on: the reports count it, the state does not."""
    return state


FEEDBACK_EVOLVERS: Mapping[type[DomainEvent], Callable[[Youth, Any], Youth]] = {
    FeedbackGiven: _heard,
}
