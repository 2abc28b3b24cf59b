"""Domain events as pydantic models with a stable type name and a schema version.

Stored and published under `nl.regie.<domain>.<kebab-name>` plus a version: never a Python
import path, so classes can move and be renamed without breaking history.

Pure (pydantic and the pure parts of `shared`): the domain ring imports it. It knows a stored
record only by the fields it reads (`Stored`), not the event store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict
from pydantic_core import from_json

from shared.event_contracts.upcasting import Step, Upcaster, Upcasters
from shared.personal_data import personal_fields

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping


def open_to_additions(schema: dict[str, Any]) -> None:
    """Publish no `additionalProperties: false`: writers forbid unknown fields, readers must not.

    A new optional field is a compatible change within a version; a reader validating strictly
    against a schema that forbade additions would reject the next release's events.
    """
    schema.pop("additionalProperties", None)


class DomainEvent(BaseModel):
    """Base of every event: a fact in the past tense, frozen, with its contract name."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=open_to_additions)

    # kebab-case name within the domain, e.g. "youth-registered"
    name: ClassVar[str]
    schema_version: ClassVar[int] = 1
    # For version N > 1: the steps from N-1 to N, by N, for every N up to `schema_version`
    # (shared/event_contracts/upcasting.py). Old events are read through them on every path.
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {}


class Stored(Protocol):
    """What `EventCatalogue.decode` reads of a stored record (`shared.eventstore.RecordedEvent`)."""

    @property
    def event_type(self) -> str:
        """The stable type name, without version."""
        ...

    @property
    def schema_version(self) -> int:
        """The version of the schema it was stored in."""
        ...

    @property
    def data(self) -> str:
        """The payload, as JSON text."""
        ...


class UnknownEventTypeError(LookupError):
    """A stored or received type this catalogue has no class for."""


class EventCatalogue:
    """The events one domain publishes: type names to classes and back."""

    def __init__(self, domain: str, events: Iterable[type[DomainEvent]]) -> None:
        """Register `events` under `nl.regie.<domain>.`."""
        self.domain = domain
        self._by_key: dict[tuple[str, int], type[DomainEvent]] = {}
        self._current: dict[str, type[DomainEvent]] = {}
        self.upcasters = Upcasters()
        for cls in events:
            personal_fields(cls)  # registers the field names for the log redactor
            type_name = self.type_name(cls)
            if type_name in self._current:
                raise ValueError(f"two classes for {type_name}: only the newest version is code")
            self._by_key[(type_name, cls.schema_version)] = cls
            self._current[type_name] = cls
            self.upcasters.register_latest(type_name, cls.schema_version)
            for version in range(1, cls.schema_version):
                steps = cls.upcasts.get(version + 1)
                if steps is None:
                    raise ValueError(
                        f"{type_name} v{version + 1} needs an upcaster from v{version}"
                    )
                self.upcasters.add(Upcaster(type_name, version, steps))

    def type_name(self, cls: type[DomainEvent]) -> str:
        """The stable name stored and published for `cls` (without version)."""
        return f"nl.regie.{self.domain}.{cls.name}"

    def __iter__(self) -> Iterator[type[DomainEvent]]:
        """The registered classes."""
        return iter(self._by_key.values())

    def decode(self, recorded: Stored) -> DomainEvent:
        """The typed event of a stored record, upcast to the newest version if it is older."""
        cls, data = self.current(
            recorded.event_type, recorded.schema_version, from_json(recorded.data)
        )
        return cls.model_validate(data)

    def current(
        self, type_name: str, schema_version: int, data: dict[str, Any]
    ) -> tuple[type[DomainEvent], dict[str, Any]]:
        """The newest class of a type, and `data` upcast to it, ready to validate.

        Stored history keeps its versions; only the code moves on. Every path that reads a
        stored event comes through here, so none can skip an upcaster. Fields the class does
        not know are left out: during a rolling upgrade an older process reads events that a
        newer one wrote with a new optional field, and must not fail on them.
        """
        cls = self._current.get(type_name)
        if cls is None or schema_version > cls.schema_version:
            raise UnknownEventTypeError(f"{type_name} v{schema_version}")
        if schema_version < cls.schema_version:
            data = self.upcasters.upcast(type_name, schema_version, data)[1]
        if not data.keys() <= cls.model_fields.keys():
            data = {k: v for k, v in data.items() if k in cls.model_fields}
        return cls, data

    def event_class(self, type_name: str, schema_version: int) -> type[DomainEvent] | None:
        """The class for a name and version, if that version is the current one."""
        return self._by_key.get((type_name, schema_version))

    def newest_class(self, type_name: str) -> type[DomainEvent] | None:
        """The class an event of `type_name` is read as, whatever version it was stored in."""
        return self._current.get(type_name)
