"""Marks on event fields that hold personal data, by category (DOMAIN.md).

    full_name: Annotated[str, ID]
    date_of_birth: Annotated[date | Erased, ID]

Marked fields are encrypted with the young person's own key before they are stored; once the
key is destroyed they read as `ERASED`. A field whose type cannot hold that text (a date, a
number) must admit `Erased` in its type.

Pure (standard library only): the domain ring imports it. The sealing itself, with its keys,
is `shared.privacy`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "ERASED",
    "FIN",
    "FT",
    "ID",
    "PERSONAL_FIELD_NAMES",
    "SPD",
    "Category",
    "Erased",
    "PersonalData",
    "personal_fields",
]

Category = Literal["ID", "FIN", "SPD", "FT"]
ERASED = "gegevens vernietigd"
Erased = Literal["gegevens vernietigd"]


@dataclass(frozen=True)
class PersonalData:
    """A field of personal data, with its category.

    ID: direct identifier; FIN: financial; SPD: special category (AVG art. 9/10);
    FT: free text, which may contain anything.
    """

    category: Category


ID = PersonalData("ID")
FIN = PersonalData("FIN")
SPD = PersonalData("SPD")
FT = PersonalData("FT")

# Every personal field name seen so far, for the log processor that strips them.
PERSONAL_FIELD_NAMES: set[str] = set()


@functools.cache
def personal_fields(model: type[BaseModel]) -> dict[str, PersonalData]:
    """The marked fields of a model, by name."""
    found = {
        name: meta
        for name, info in model.model_fields.items()
        for meta in info.metadata
        if isinstance(meta, PersonalData)
    }
    PERSONAL_FIELD_NAMES.update(found)
    return found
