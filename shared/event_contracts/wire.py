"""Pydantic models of the CloudEvents a catalogue publishes, one per type, for generated docs.

A consumer sees one envelope whose `data` depends on `type`. To let FastStream's AsyncAPI
generator describe that, each type gets a model of its own: the envelope (shared/envelope.py)
with `type` fixed to the type's CloudEvents type and `data` the type's data as it travels
(sealed fields as ciphertext, like `data_schema`); the topic's payload is the union of them,
told apart by `type`. These models only describe: nothing validates messages with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import Field, create_model

from shared.envelope import CloudEvent
from shared.event_contracts.schemas import contract_of, seal_properties

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

    from shared.events import DomainEvent, EventCatalogue


class SealedOnTheWire:
    """Annotation for an event class used as `data`: its personal fields shown as ciphertext."""

    def __init__(self, cls: type[DomainEvent]) -> None:
        """Seal the fields `cls` marks as personal."""
        self.cls = cls

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The class's schema with `seal_properties` applied to the definition itself."""
        schema = handler(core_schema)
        seal_properties(handler.resolve_ref_schema(schema), self.cls)
        return schema


def cloudevent_model(catalogue: EventCatalogue, cls: type[DomainEvent]) -> type[CloudEvent]:
    """`<Class>CloudEvent`: the envelope of one type, with its data."""
    contract = contract_of(catalogue, cls)
    # Type expressions built at run time: typed as values for mypy.
    fixed_type: Any = Literal[contract.cloudevent_type]
    sealed_data: Any = Annotated[cls, SealedOnTheWire(cls)]
    model: type[CloudEvent] = create_model(
        f"{cls.__name__}CloudEvent",
        __base__=CloudEvent,
        __doc__=f"{contract.cloudevent_type}: {contract.meaning}",
        type=(
            fixed_type,
            Field(description="The CloudEvents type: the stable name, `.vN` from version 2."),
        ),
        data=(
            sealed_data,
            Field(description=f"The facts of `{contract.type_name}` v{contract.version}."),
        ),
    )
    return model


def published_payload(catalogue: EventCatalogue) -> Any:  # noqa: ANN401 - a type expression
    """Any event the catalogue publishes: one model per type, discriminated by `type`."""
    models = tuple(cloudevent_model(catalogue, cls) for cls in catalogue)
    return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007 - built at run time
