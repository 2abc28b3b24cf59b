"""The event catalogue a service serves at `GET /events`: every type it publishes, as promised.

Public contract documentation, so it holds no personal data: names, versions, meanings, the
JSON Schema of `data` as it travels, which fields are sealed personal data, and which
CloudEvents extensions each type carries. Like the AsyncAPI document it describes the
contract, not a deployment: the topic is named without `KAFKA_TOPIC_PREFIX`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.envelope import CONTENT_TYPE
from shared.event_contracts.extensions import extensions_json
from shared.event_contracts.schemas import contracts_of
from shared.event_contracts.upcasting import step_to_json
from shared.kafka import events_topic

if TYPE_CHECKING:
    from shared.event_contracts.extensions import ExtensionsOf
    from shared.event_contracts.schemas import EventContract
    from shared.events import EventCatalogue

# The categories of shared/personal_data.py, in words.
CATEGORIES = {
    "ID": "direct identifier",
    "FIN": "financial",
    "SPD": "special category (AVG art. 9/10)",
    "FT": "free text, which may contain anything",
}


def catalogue_document(
    service: str, catalogue: EventCatalogue, extensions: ExtensionsOf
) -> dict[str, Any]:
    """The service's catalogue: where its events are, and one entry per published type."""
    return {
        "service": service,
        "topic": events_topic(service),
        "content_type": CONTENT_TYPE,
        "asyncapi": "/asyncapi.json",
        "events": [event_entry(c, extensions) for c in contracts_of(catalogue)],
    }


def event_entry(contract: EventContract, extensions: ExtensionsOf) -> dict[str, Any]:
    """One type: its names and version, meaning, data schema, personal fields, extensions."""
    return {
        "type": contract.cloudevent_type,
        "name": contract.type_name,
        "version": contract.version,
        "meaning": contract.meaning,
        "data_schema": contract.schema,
        "personal": {
            field: {"category": category, "label": CATEGORIES[category], "encrypted": True}
            for field, category in contract.personal.items()
        },
        "extensions": extensions_json(extensions, contract.type_name),
        "upcast_from_previous": [step_to_json(step) for step in contract.upcast],
    }
