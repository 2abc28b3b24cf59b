"""A commanding service wired with fakes: the in-memory store, in-memory keys, a fixed day.

The service's own declaration (`services/<name>/bootstrap.py`: its pipeline, catalogue and
policies) runs unchanged; only what it talks to is replaced, so a test of the command path
needs no PostgreSQL and no Kafka and takes milliseconds:

    wired = wire(DECLARATION)
    await wired.given(youth, event(DebtHelpRequested))
    outcome = await wired.when(command(RecordDebt), event_id=...)
    assert await wired.kinds(youth) == ["debt-help-requested", "debt-recorded"]

The in-memory event store is the one the store contract suite holds to PostgreSQL's
(shared/eventstore/memory.py); the key store below keeps the promises of
`shared.privacy.KeyStore` that the sealer relies on: a key made on first write, none after
erasure (`SubjectErasedError`), erasure idempotent and remembered.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shared.clock import FixedClock
from shared.command_handling import Checks
from shared.command_pipeline import Dependencies
from shared.eventstore import InMemoryEventStore, Metadata
from shared.policy import Reactions
from shared.privacy import DataKey, Sealer, SubjectErasedError
from tests.support.scenario import TODAY

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from pydantic import BaseModel

    from shared.command_pipeline import CommandPipeline, Outcome
    from shared.events import DomainEvent
    from shared.eventstore import RecordedEvent
    from shared.service_app import CommandingService

TENANT = "0518"
OTHER_TENANT = "0599"


class InMemoryKeyStore:
    """Per-person data keys in a dict, with the erasure tombstones `KeyStore` keeps."""

    def __init__(self) -> None:
        """No keys, no erasures."""
        self.keys: dict[str, DataKey] = {}
        self.erasures: dict[str, tuple[str, str]] = {}  # subject -> (reason, actor), the first

    async def for_writing(self, subject: str) -> DataKey:
        """The person's key, made now if they have none; refused after erasure."""
        if subject in self.erasures:
            raise SubjectErasedError(subject)
        return self.keys.setdefault(subject, DataKey(uuid.uuid4(), secrets.token_bytes(32)))

    async def for_reading(self, subject: str) -> DataKey | None:
        """The person's key, or None when it was destroyed (or never existed)."""
        return self.keys.get(subject)

    async def erase(self, subject: str, reason: str, actor: str) -> None:
        """Destroy the key and keep a tombstone; idempotent."""
        self.erasures.setdefault(subject, (reason, actor))
        self.keys.pop(subject, None)

    async def is_erased(self, subject: str) -> bool:
        """Whether the person's data was erased."""
        return subject in self.erasures


@dataclass
class Wired:
    """One commanding service on fakes; `given`, `when` and the readers speak in its terms."""

    declaration: CommandingService
    store: InMemoryEventStore = field(default_factory=InMemoryEventStore)
    keys: InMemoryKeyStore = field(default_factory=InMemoryKeyStore)
    clock: FixedClock = field(default_factory=lambda: FixedClock(TODAY))
    sealer: Sealer = field(init=False)
    deps: Dependencies = field(init=False)

    def __post_init__(self) -> None:
        """Build the sealer and the dependency bundle as the composition root does."""
        self.sealer = Sealer(self.declaration.catalogue, self.keys)  # type: ignore[arg-type]
        self.deps = Dependencies(self.store, self.sealer, self.clock)

    @property
    def name(self) -> str:
        """The service's name."""
        return self.declaration.name

    @property
    def pipeline(self) -> CommandPipeline[Any]:
        """The service's own command pipeline."""
        return self.declaration.pipeline

    async def given(self, youth_id: uuid.UUID, *events: DomainEvent, tenant: str = TENANT) -> None:
        """Append `events` to the young person's stream, sealed, as `tenant`'s."""
        stream = self.pipeline.stream(youth_id)
        recorded = await self.store.load(stream)
        sealed = [
            await self.sealer.seal(e, subject=str(youth_id), metadata=metadata(tenant))
            for e in events
        ]
        await self.store.append(stream, sealed, len(recorded))

    async def when(
        self,
        command: BaseModel,
        *,
        tenant: str = TENANT,
        event_id: uuid.UUID | None = None,
        expected_version: int | None = None,
        may_act: Callable[[Any], bool] | None = None,
    ) -> Outcome:
        """Execute `command` as a route does: the caller's municipality, retry id, If-Match."""
        checks = Checks(
            tenant=tenant, event_id=event_id, expected_version=expected_version, may_act=may_act
        )
        return await self.pipeline.execute(self.deps, command, metadata(tenant), checks)

    async def recorded(self, youth_id: uuid.UUID) -> list[RecordedEvent]:
        """The young person's stream as stored."""
        return await self.store.load(self.pipeline.stream(youth_id))

    async def kinds(self, youth_id: uuid.UUID) -> list[str]:
        """The contract name of each event in the stream, in order."""
        events = [self.sealer.open_without_personal_data(r) for r in await self.recorded(youth_id)]
        return [type(e).name for e in events]

    async def opened(self, youth_id: uuid.UUID) -> list[DomainEvent]:
        """The stream's events with their personal fields opened (ERASED once erased)."""
        return [await self.sealer.open(r) for r in await self.recorded(youth_id)]

    def reactions(self, deps: Dependencies | None = None) -> Reactions:
        """The service's policies as its app runs them, on these fakes (or on `deps`)."""
        return Reactions(
            f"{self.name}-policies", self.declaration.policies, self.pipeline.execute,
            deps or self.deps, service=self.name,
        )  # fmt: skip


def metadata(tenant: str = TENANT, actor: str = "medewerker-1") -> Metadata:
    """Who gives a command in the tests: a worker of `tenant`."""
    return Metadata(tenant=tenant, actor=actor, actor_role="test", correlation_id="test")


def wire(declaration: CommandingService, day: date = TODAY) -> Wired:
    """`declaration`'s pipeline on a fresh in-memory store and key store, on `day`."""
    return Wired(declaration, clock=FixedClock(day))
