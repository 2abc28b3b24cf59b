"""What a published event type promises: its names, version, meaning and the JSON Schema of `data`.

The schema describes `data` as it travels: a personal field is ciphertext on the wire, so it is
published as a string marked `x-regie-personal` (its category) with its plaintext schema under
`x-regie-plain` for the few who hold the key. Everything here is generated from the pydantic
models, so the catalogue, the AsyncAPI documents and the snapshots cannot disagree with the code.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.envelope import cloudevent_type
from shared.personal_data import personal_fields

if TYPE_CHECKING:
    from shared.event_contracts.upcasting import Step
    from shared.events import DomainEvent, EventCatalogue

SEALED_PATTERN = r"^enc:v1:"


@dataclass(frozen=True)
class EventContract:
    """One published event type at one schema version."""

    type_name: str  # nl.regie.<domain>.<kebab-name>, stable across versions
    version: int
    meaning: str  # what happened, in a sentence (the class docstring's first paragraph)
    schema: dict[str, Any]  # JSON Schema of `data` as published
    personal: dict[str, str]  # field -> category (ID, FIN, SPD, FT); sealed on the wire
    upcast: tuple[Step, ...] = ()  # from version - 1; empty for version 1

    @property
    def cloudevent_type(self) -> str:
        """The CloudEvents `type`: the name, with `.vN` from version 2."""
        return cloudevent_type(self.type_name, self.version)

    @property
    def domain(self) -> str:
        """The producing domain (`intake`, `debts`, ...)."""
        return self.type_name.split(".")[2]


def data_schema(cls: type[DomainEvent]) -> dict[str, Any]:
    """The JSON Schema of the event's `data` on the wire (sealed fields as ciphertext strings)."""
    schema = cls.model_json_schema(mode="serialization")
    seal_properties(schema, cls)
    return schema


def seal_properties(schema: dict[str, Any], cls: type[DomainEvent]) -> None:
    """Turn the personal fields of `cls`'s object schema into their ciphertext form, in place."""
    properties: dict[str, Any] = schema.get("properties", {})
    for name, marker in personal_fields(cls).items():
        plain = properties[name]
        properties[name] = {
            "type": "string",
            "pattern": SEALED_PATTERN,
            "title": plain.get("title", name),
            "description": plain.get("description", ""),
            "x-regie-personal": marker.category,
            "x-regie-plain": {k: v for k, v in plain.items() if k not in {"title", "description"}},
        }


def meaning_of(cls: type[object]) -> str:
    """The first paragraph of the class docstring, on one line."""
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


def contract_of(catalogue: EventCatalogue, cls: type[DomainEvent]) -> EventContract:
    """The contract of `cls` at its current version."""
    return EventContract(
        type_name=catalogue.type_name(cls),
        version=cls.schema_version,
        meaning=meaning_of(cls),
        schema=data_schema(cls),
        personal={name: m.category for name, m in personal_fields(cls).items()},
        upcast=tuple(cls.upcasts.get(cls.schema_version, ())),
    )


def contracts_of(catalogue: EventCatalogue) -> list[EventContract]:
    """Every type the catalogue publishes, at its current version, in catalogue order."""
    return [contract_of(catalogue, cls) for cls in catalogue]
