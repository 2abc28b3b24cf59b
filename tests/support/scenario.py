"""Given events, when a command, then events or a refusal: the language every rule test speaks.

One helper for every commanding service. A service's tests declare a `Scenario` once (its
fold and rules, a valid command and event of each kind, the fixed day) in their `givens.py`,
and speak through it:

    state = given(*requested())                # the events fold into the state
    assert when(state, command(RecordDebt)) == [...]   # the events the command yields today
    assert refusal(state, command(EndTrajectory)).field == "ended_on"

`command` and `event` build a valid instance from the declared defaults with the test's
overrides on top, so a test names only what it is about. Everything is decided on `TODAY`.
The service-layer tier (tests/unit/service_layer) runs the same commands through the real
pipeline with in-memory fakes (tests/support/fakes.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pytest

from shared.rules import RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from pydantic import BaseModel

    from shared.events import DomainEvent

S = TypeVar("S")
M = TypeVar("M", bound="BaseModel")

TODAY = date(2026, 11, 22)  # a Sunday: the fixed day every rule test decides on
TOMORROW = TODAY + timedelta(days=1)
START = date(2026, 10, 1)  # when the givens happened
YOUTH = uuid.UUID("00000000-0000-4000-8000-000000000001")


@dataclass(frozen=True)
class Scenario(Generic[S]):
    """One service's rules and examples, for given / when / then on a fixed day.

    - `initial`, `evolve`, `decide`: the service's pure domain (its `model`).
    - `commands`, `events`: a valid instance of each kind, as keyword arguments without the
      young person; tests override what they are about.
    - `youth_id`: the young person every command and event is about unless one is passed
      (None: the test must name one, as intake's tests do).
    - `event_fields`: fields every event carries besides the young person (debts: the
      trajectory).
    - `facts`: what `decide` is told beyond the state unless a test says otherwise (intake:
      the age).
    """

    initial: S
    evolve: Callable[[S, DomainEvent], S]
    decide: Callable[..., list[DomainEvent]]
    commands: Mapping[type[BaseModel], Mapping[str, Any]]
    events: Mapping[type[DomainEvent], Mapping[str, Any]]
    youth_id: uuid.UUID | None = YOUTH
    event_fields: Mapping[str, Any] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    today: date = TODAY

    def _youth(self, youth_id: uuid.UUID | None) -> dict[str, uuid.UUID]:
        chosen = youth_id or self.youth_id
        return {"youth_id": chosen} if chosen else {}

    def command(self, cls: type[M], youth_id: uuid.UUID | None = None, /, **overrides: Any) -> M:
        """A valid `cls` command for the young person, with `overrides` applied."""
        return cls(**(self._youth(youth_id) | dict(self.commands[cls]) | overrides))

    def event(self, cls: type[M], youth_id: uuid.UUID | None = None, /, **overrides: Any) -> M:
        """A `cls` event of the young person, with `overrides` applied."""
        base = self._youth(youth_id) | dict(self.event_fields)
        return cls(**(base | dict(self.events[cls]) | overrides))

    def given(self, *events: DomainEvent) -> S:
        """The state these events fold into."""
        return reduce(self.evolve, events, self.initial)

    def when(self, state: S, cmd: BaseModel, **facts: Any) -> list[DomainEvent]:
        """The events `cmd` yields today (with the default facts, or those given)."""
        return self.decide(state, cmd, self.today, **(dict(self.facts) | facts))

    def refusal(self, state: S, cmd: BaseModel, **facts: Any) -> RuleViolationError:
        """The error `cmd` is refused with; fails the test if it is accepted."""
        with pytest.raises(RuleViolationError) as refused:
            self.when(state, cmd, **facts)
        return refused.value
