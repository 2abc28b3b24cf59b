"""Domain events as pydantic models with a stable type name and a schema version.

Stored and published under `nl.regie.<domain>.<kebab-name>` plus a version: never a Python
import path, so classes can move and be renamed without breaking history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict

from shared.eventstore.records import Metadata
from shared.privacy.markers import personal_fields

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from shared.eventstore.records import RecordedEvent


class DomainEvent(BaseModel):
    """Base of every event: a fact in the past tense, frozen, with its contract name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # kebab-case name within the domain, e.g. "youth-registered"
    name: ClassVar[str]
    schema_version: ClassVar[int] = 1


class UnknownEventTypeError(LookupError):
    """A stored or received type this catalogue has no class for."""


class EventCatalogue:
    """The events one domain publishes: type names to classes and back."""

    def __init__(self, domain: str, events: Iterable[type[DomainEvent]]) -> None:
        """Register `events` under `nl.regie.<domain>.`."""
        self.domain = domain
        self._by_key: dict[tuple[str, int], type[DomainEvent]] = {}
        for cls in events:
            personal_fields(cls)  # registers the field names for the log redactor
            key = (self.type_name(cls), cls.schema_version)
            if key in self._by_key:
                raise ValueError(f"two classes for {key}")
            self._by_key[key] = cls

    def type_name(self, cls: type[DomainEvent]) -> str:
        """The stable name stored and published for `cls` (without version)."""
        return f"nl.regie.{self.domain}.{cls.name}"

    def __iter__(self) -> Iterator[type[DomainEvent]]:
        """The registered classes."""
        return iter(self._by_key.values())

    def decode(self, recorded: RecordedEvent) -> DomainEvent:
        """The typed event of a stored record."""
        cls = self._by_key.get((recorded.event_type, recorded.schema_version))
        if cls is None:
            raise UnknownEventTypeError(f"{recorded.event_type} v{recorded.schema_version}")
        return cls.model_validate_json(recorded.data)

    def event_class(self, type_name: str, schema_version: int) -> type[DomainEvent] | None:
        """The class for a name and version, if known."""
        return self._by_key.get((type_name, schema_version))


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
