"""An example of each published event, assembled from the examples on its fields.

The field examples are the documentation (`Field(examples=...)`, plaintext for sealed fields);
building whole events from them lets the catalogue show one complete `data` per type and lets
a test prove every example is valid for its field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


def example_data(cls: type[BaseModel]) -> dict[str, Any]:
    """The first example of every field that has one, as JSON values (plaintext, never sealed)."""
    return {name: info.examples[0] for name, info in cls.model_fields.items() if info.examples}


def example_event(cls: type[BaseModel]) -> dict[str, Any]:
    """The event built from its field examples, validated, in its JSON form."""
    return cls.model_validate(example_data(cls)).model_dump(mode="json")
