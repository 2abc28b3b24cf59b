"""One declaration per commanding service, from which its routes, policies and app are built.

A service states what is its own: how its streams are named, how history folds into state
(opening sealed fields or not), how it decides, which CloudEvents extensions its events carry,
and whose young person it is (the director who may act). The pipeline around that is the same
everywhere: load, check tenant, retry, version and rights, fold, decide, seal, append; an
erasure confirmation records first, then destroys the key (shared/policy/erasure.py).

Its dependencies come as one bundle made at the composition root (`Dependencies`), with the
clock, so no handler asks the system for the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from shared.command_handling import Checks, Decision, Outcome, handle
from shared.policy.erasure import record_then_erase
from shared.subject_rights import ConfirmErasure

if TYPE_CHECKING:
    import uuid
    from collections.abc import Awaitable, Callable
    from datetime import date

    from shared.clock import Clock
    from shared.events import DomainEvent
    from shared.eventstore import EventStore, Metadata, RecordedEvent
    from shared.privacy import Sealer
    from shared.tenancy import Registration, YouthRegistry
    from shared.timers.changes import TimerRules

S = TypeVar("S")

__all__ = ["CommandPipeline", "Dependencies", "Outcome"]


@dataclass(frozen=True)
class Dependencies:
    """What executing a command needs, built once per app: the store, the keys, the clock.

    `registry`: what a life domain learnt of its young people from intake's topic
    (shared/tenancy), for a pipeline that folds it into the state (`learnt`); None elsewhere.
    """

    store: EventStore
    sealer: Sealer
    clock: Clock
    registry: YouthRegistry | None = None


@dataclass(frozen=True)
class CommandPipeline(Generic[S]):
    """A commanding service's own parts; `execute` runs any of its commands through them.

    - `service`: the name idempotency keys are scoped to (and logs name).
    - `category`: streams are `<category>-<youth id>`.
    - `initial`, `evolve`: the fold; with `opens_sealed` on decrypted history (rules that need
      amounts), otherwise without touching a key.
    - `decide(state, command, today, **facts)`: the rules; `facts` (optional) opens what a
      rule needs beyond the state, only for the command that needs it (intake: the age).
    - `extensions(event, state, command)`: the CloudEvents extensions of each new event.
    - `director_of(state)`: the young person's jongerenregisseur, for "only the assigned one
      may"; None where the service learns the director from intake (shared/tenancy).
    - `timers`: the service's durable timers (shared/timers), if it has any.
    - `learnt(state, registration)`: what the service learnt of the young person from intake
      (shared/tenancy; None when it has not) joined to the folded state, for facts that follow
      intake's (coaching: the age band its legal basis follows). A command from a policy may
      come before the registration did: it waits for it as a command over HTTP does.
    """

    service: str
    category: str
    initial: S
    evolve: Callable[[S, DomainEvent], S]
    decide: Callable[..., list[DomainEvent]]
    extensions: Callable[[DomainEvent, S, Any], dict[str, str]]
    opens_sealed: bool = False
    facts: Callable[[Sealer, list[RecordedEvent], Any, date], Awaitable[dict[str, Any]]] | None = (
        None
    )
    director_of: Callable[[S], str | None] | None = None
    # Durable timers (shared/timers): what each new event schedules or cancels, in the same
    # transaction, and the command a due timer records; the app runs a worker for them.
    timers: TimerRules | None = None
    learnt: Callable[[S, Registration | None], S] | None = None

    def stream(self, youth_id: uuid.UUID) -> str:
        """The young person's stream in this service."""
        return f"{self.category}-{youth_id}"

    async def fold(self, sealer: Sealer, recorded: list[RecordedEvent]) -> S:
        """The state the history adds up to."""
        if self.opens_sealed:
            events = [await sealer.open(r) for r in recorded]
        else:
            events = [sealer.open_without_personal_data(r) for r in recorded]
        return reduce(self.evolve, events, self.initial)

    async def execute(
        self,
        deps: Dependencies,
        command: Any,  # noqa: ANN401 - each service's own command classes
        metadata: Metadata,
        checks: Checks | None = None,
    ) -> Outcome:
        """Decide on `command` against the young person's history and record the outcome."""
        today = deps.clock.today()
        sealer = deps.sealer
        registration = await self._registration(deps, command, metadata)

        async def folded(recorded: list[RecordedEvent]) -> S:
            state = await self.fold(sealer, recorded)
            return self.learnt(state, registration) if self.learnt else state

        async def decided(state: S, recorded: list[RecordedEvent]) -> list[DomainEvent]:
            facts = await self.facts(sealer, recorded, command, today) if self.facts else {}
            return self.decide(state, command, today, **facts)

        def extensions(event: DomainEvent, state: S) -> dict[str, str]:
            return self.extensions(event, state, command)

        subject = str(command.youth_id)

        async def record() -> Outcome:
            return await handle(
                deps.store, sealer, stream=self.stream(command.youth_id), subject=subject,
                command=command, metadata=metadata,
                decision=Decision(
                    folded, decided, extensions, self.timers.schedules if self.timers else None
                ),
                checks=checks, now=deps.clock.now(),
            )  # fmt: skip

        if isinstance(command, ConfirmErasure):
            return await record_then_erase(sealer, subject, metadata.actor, record)
        return await record()

    async def _registration(
        self,
        deps: Dependencies,
        command: Any,  # noqa: ANN401 - each service's own command classes
        metadata: Metadata,
    ) -> Registration | None:
        """The registration `learnt` needs; an erasure needs none (nor waits for one)."""
        if self.learnt is None or deps.registry is None or isinstance(command, ConfirmErasure):
            return None
        return await deps.registry.of_municipality(command.youth_id, metadata.tenant)

    def directed_by(self, actor: str) -> Callable[[S], bool] | None:
        """The rule "only the young person's own director": None where the state cannot say."""
        director_of = self.director_of
        if director_of is None:
            return None
        return lambda state: director_of(state) == actor
