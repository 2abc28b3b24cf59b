"""The one way a command becomes events: load, check, fold, decide, seal, append.

Each service supplies its fold (how history becomes state), its decision and the CloudEvents
extensions of its events; the checks around them are the same everywhere: the municipality,
a retried request, the client's expected version, a rule about rights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import structlog

from shared.eventstore import ConcurrencyError, Metadata
from shared.rules import NotPermittedError
from shared.timers.changes import TimerOrder

if TYPE_CHECKING:
    import uuid
    from collections.abc import Awaitable, Callable, Sequence
    from datetime import datetime

    from pydantic import BaseModel

    from shared.events import DomainEvent
    from shared.eventstore import EventStore, RecordedEvent
    from shared.privacy import Sealer
    from shared.timers.changes import TimerChange

S = TypeVar("S")
log = structlog.get_logger("commands")


def with_metadata(metadata: Metadata, **extensions: str | None) -> Metadata:
    """A copy of `metadata` with extra CloudEvents extensions (None values are left out)."""
    merged = dict(metadata.extensions)
    merged.update({k: v for k, v in extensions.items() if v is not None})
    return Metadata(
        tenant=metadata.tenant,
        actor=metadata.actor,
        actor_role=metadata.actor_role,
        correlation_id=metadata.correlation_id,
        causation_id=metadata.causation_id,
        extensions=merged,
    )


@dataclass(frozen=True)
class Outcome:
    """What a command did: the stream's version and the event it recorded (if any)."""

    stream_version: int
    event_id: uuid.UUID | None
    appended: bool


@dataclass(frozen=True)
class Checks:
    """The request's conditions: whose data, a retry's event id, the version the client saw."""

    tenant: str | None = None
    event_id: uuid.UUID | None = None
    expected_version: int | None = None
    # A rule about rights over the stream's state (only the assigned director may), if any.
    may_act: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Decision(Generic[S]):
    """How a service turns history and a command into events."""

    fold: Callable[[list[RecordedEvent]], Awaitable[S]]
    decide: Callable[[S, list[RecordedEvent]], Awaitable[list[DomainEvent]]]
    extensions: Callable[[DomainEvent, S], dict[str, str]]
    # The timers each new event schedules or cancels (shared/timers); stored with the events.
    timers: Callable[[DomainEvent], Sequence[TimerChange]] | None = None


async def handle(  # noqa: PLR0913 - the parts of a command, each named at the call site
    store: EventStore,
    sealer: Sealer,
    *,
    stream: str,
    subject: str,
    command: BaseModel,
    metadata: Metadata,
    decision: Decision[S],
    checks: Checks | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Decide on `command` against the stream's history and append what it yields.

    `now` (the pipeline's clock) is the moment its timer changes are recorded as made.

    A retry with the same event id records nothing twice; an expected version that is not the
    stream's raises ConcurrencyError; another municipality's stream raises NotPermittedError.
    """
    checks = checks or Checks()
    recorded = await store.load(stream)
    if checks.tenant is not None and recorded and recorded[0].metadata.tenant != checks.tenant:
        raise NotPermittedError(other_municipality=True)
    if checks.event_id is not None and any(r.event_id == checks.event_id for r in recorded):
        return Outcome(len(recorded), checks.event_id, appended=False)
    if checks.expected_version is not None and checks.expected_version != len(recorded):
        raise ConcurrencyError(stream, checks.expected_version, len(recorded), "stale version")
    state = await decision.fold(recorded)
    if checks.may_act is not None and recorded and not checks.may_act(state):
        raise NotPermittedError
    events = await decision.decide(state, recorded)
    log.info("command_decided", command=command, stream_id=stream, events=len(events))
    sealed = [
        await sealer.seal(
            event,
            subject=subject,
            metadata=with_metadata(metadata, **decision.extensions(event, state)),
            event_id=checks.event_id if n == 0 else None,
        )
        for n, event in enumerate(events)
    ]
    orders = [
        TimerOrder(change, sealed[n].event_id, metadata.correlation_id, now)
        for n, event in enumerate(events)
        for change in (decision.timers(event) if decision.timers else ())
    ]
    if orders:
        result = await store.append(stream, sealed, len(recorded), timers=orders)
    else:
        result = await store.append(stream, sealed, len(recorded))
    return Outcome(result.stream_version, sealed[0].event_id if sealed else None, result.appended)
