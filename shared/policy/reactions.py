"""Run a service's policies over other services' topics, each reaction exactly once.

A policy is pure: from a received CloudEvent to the commands of its own domain (usually none).
`Reactions` is a projection for the shared `ProjectionRunner`; for each command it runs the
service's own command handler, as an HTTP request would, with:

- an event id derived from the service, the policy, the trigger and the command's place, so a
  redelivered or reordered trigger, or a crash between the append and the offset commit,
  appends nothing twice: the event store recognises the retry by that id;
- `causation_id` = the trigger's id and the trigger's `correlation_id`, so a chain can be
  followed across services;
- the trigger's municipality as the tenant, and the policy as the actor.

A refusal that means "already so" or "nothing open" (409, 404) is the domain saying there is
nothing to do: logged, not an error. Any other failure raises, and the runner parks that
event on the dead-letter topic with the reason, without holding up other young people.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import structlog

from shared import tracing
from shared.command_handling import Checks
from shared.eventstore import ConcurrencyError, Metadata
from shared.rules import AlreadyDoneError, NotFoundError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy
    from pydantic import BaseModel
    from structlog.typing import FilteringBoundLogger

    from shared.command_http import CommandExecute
    from shared.command_pipeline import Dependencies
    from shared.envelope import CloudEvent

log = structlog.get_logger("policy")
_NAMESPACE = uuid.UUID("6f1d3c52-2b0e-4a43-9d6e-8f3f5a0c7b21")
_RETRIES = 5
POLICY_ROLE = "systeem"


class Policy(Protocol):
    """One reaction rule: its name, the domains it listens to, and what it asks for."""

    name: str
    domains: tuple[str, ...]

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """The commands `event` calls for (pure; usually none)."""
        ...


def reaction_id(policy: str, trigger: uuid.UUID, place: int = 0) -> uuid.UUID:
    """The id of the first event of the `place`-th command `policy` gave for `trigger`."""
    return uuid.uuid5(_NAMESPACE, f"{policy}/{trigger}/{place}")


@dataclass
class Reactions:
    """The service's policies as one projection: `name` is the consumer group and inbox key."""

    name: str
    policies: Sequence[Policy]
    execute: CommandExecute
    # The app's store, keys and clock, as its routes use them.
    deps: Dependencies
    # Part of every reaction's event id: two services reacting to one trigger under policies
    # of the same name must not make events with the same id (consumers deduplicate on it).
    service: str = ""

    @property
    def domains(self) -> list[str]:
        """The domains whose topics the policies listen to."""
        return sorted({d for p in self.policies for d in p.domains})

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:  # noqa: ARG002 - commands append through the store, idempotently
        """React to each event in topic order (stream order per young person)."""
        for event in events:
            domain = event.name_and_version[0].split(".")[2]
            for policy in self.policies:
                if domain not in policy.domains:
                    continue
                for place, command in enumerate(policy.react(event)):
                    await self._react(policy.name, event, place, command)

    async def _react(
        self, policy: str, trigger: CloudEvent, place: int, command: BaseModel
    ) -> None:
        metadata = Metadata(
            tenant=trigger.gemeentecode,
            actor=f"beleid.{policy}",
            actor_role=POLICY_ROLE,
            correlation_id=trigger.correlationid,
            causation_id=str(trigger.id),
        )
        checks = Checks(
            tenant=trigger.gemeentecode,
            event_id=reaction_id(f"{self.service}/{policy}", trigger.id, place),
        )
        bound = log.bind(policy=policy, trigger=str(trigger.id), command=type(command).__name__)
        attributes = (
            {
                "regie.policy": policy,
                "regie.command": type(command).__name__,
                "messaging.message.id": str(trigger.id),
                "cloudevents.event_type": trigger.type,
            }
            if tracing.enabled()
            else None
        )
        # The reaction continues the trigger's trace, and its command appends inside this span:
        # the events it causes carry the same trace to their own consumers.
        with tracing.continued(f"policy {policy}", trigger.traceparent, attributes):
            await self._execute(bound, command, metadata, checks)

    async def _execute(
        self, bound: FilteringBoundLogger, command: BaseModel, metadata: Metadata, checks: Checks
    ) -> None:
        for attempt in range(_RETRIES):
            try:
                outcome = await self.execute(self.deps, command, metadata, checks)
            except ConcurrencyError:
                # A person's request appended to the same stream first: decide again on the
                # new history. A lasting conflict goes to the dead-letter topic.
                if attempt == _RETRIES - 1:
                    raise
                continue
            except (AlreadyDoneError, NotFoundError) as nothing_to_do:
                bound.info("policy_nothing_to_do", reason=getattr(nothing_to_do, "en", ""))
                return
            bound.info("policy_reacted", appended=outcome.appended, event_id=str(outcome.event_id))
            return
