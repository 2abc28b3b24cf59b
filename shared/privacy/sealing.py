"""Seal domain events for storage and open them for the code paths allowed to show them.

Personal fields are encrypted before the event reaches the store, so the event table, the
Kafka topics, every projection's input and every backup hold ciphertext only. Opening an event
whose key was destroyed gives `ERASED` for each personal field, without an error.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from pydantic_core import from_json, to_json

from shared.eventstore.records import NewEvent
from shared.personal_data import ERASED, personal_fields
from shared.privacy.fields import is_ciphertext, key_id_of, open_value, seal_value

if TYPE_CHECKING:
    from shared.events import DomainEvent, EventCatalogue
    from shared.eventstore.records import Metadata, RecordedEvent
    from shared.privacy.keys import KeyStore


def _associated(event_id: uuid.UUID | str, field: str) -> str:
    return f"{event_id}|{field}"


class Sealer:
    """A catalogue's events with their personal fields sealed under each person's key."""

    def __init__(self, catalogue: EventCatalogue, keys: KeyStore) -> None:
        """Seal events of `catalogue` with keys from `keys`."""
        self.catalogue = catalogue
        self._keys = keys

    async def seal(
        self,
        event: DomainEvent,
        *,
        subject: str,
        metadata: Metadata,
        event_id: uuid.UUID | None = None,
    ) -> NewEvent:
        """The event ready to append; raises SubjectErasedError for an erased person."""
        event_id = event_id or uuid.uuid4()
        fields = personal_fields(type(event))
        data: dict[str, Any] = event.model_dump(mode="json")
        if fields:
            key = await self._keys.for_writing(subject)
            for name in fields:
                data[name] = seal_value(key, data[name], _associated(event_id, name))
        return NewEvent(
            event_id=event_id,
            event_type=self.catalogue.type_name(type(event)),
            schema_version=type(event).schema_version,
            subject=subject,
            data=to_json(data).decode(),
            metadata=metadata,
        )

    async def erase(self, subject: str, reason: str, actor: str) -> None:
        """Destroy the person's key: their sealed fields open as `ERASED` from now on."""
        await self._keys.erase(subject, reason, actor)

    async def open(self, recorded: RecordedEvent) -> DomainEvent:
        """The typed event with its personal fields in clear, or `ERASED` once the key is gone."""
        cls, data = self.catalogue.current(
            recorded.event_type, recorded.schema_version, from_json(recorded.data)
        )
        opened = await self._open_fields(cls, recorded.subject, recorded.event_id, data)
        return cls.model_validate(opened)

    def open_without_personal_data(self, recorded: RecordedEvent) -> DomainEvent:
        """The typed event with every personal field as `ERASED`, touching no key.

        For deciding and folding state, which must not depend on data that erasure removes.
        """
        cls, data = self.catalogue.current(
            recorded.event_type, recorded.schema_version, from_json(recorded.data)
        )
        for name in personal_fields(cls):
            if name in data:
                data[name] = ERASED
        return cls.model_validate(data)

    async def open_data(
        self,
        type_name: str,
        schema_version: int,
        subject: str,
        event_id: uuid.UUID | str,
        data: dict[str, Any],
    ) -> dict[str, Any]:
        """An event's data as read from Kafka, upcast to the newest version, fields opened."""
        cls, data = self.catalogue.current(type_name, schema_version, data)
        return await self._open_fields(cls, subject, event_id, data)

    async def _open_fields(
        self,
        cls: type[DomainEvent],
        subject: str,
        event_id: uuid.UUID | str,
        data: dict[str, Any],
    ) -> dict[str, Any]:
        """`data` with its sealed fields opened (or `ERASED` when the key is gone)."""
        fields = personal_fields(cls)
        sealed = [name for name in fields if is_ciphertext(data.get(name))]
        if not sealed:
            return data
        key = await self._keys.for_reading(subject)
        opened = dict(data)
        for name in sealed:
            if key is None or key.key_id != key_id_of(data[name]):
                opened[name] = ERASED
            else:
                opened[name] = open_value(key, data[name], _associated(event_id, name))
        return opened
