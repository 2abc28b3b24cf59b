"""The released contracts as readers use them at run time: known types, their fields, upcasters.

Loaded once from the committed snapshots in the `contracts` package, so every reader of Kafka
(the relay, every projection and policy, a rebuild, an as-of replay) upcasts the same way,
without importing the producing service's code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib.resources import files
from typing import TYPE_CHECKING

from shared.event_contracts.snapshots import load_all
from shared.event_contracts.upcasting import Upcaster, Upcasters

if TYPE_CHECKING:
    from collections.abc import Iterable

    from shared.event_contracts.schemas import EventContract

PACKAGE = "contracts"


@dataclass
class Released:
    """What the released snapshots say: each type's versions, fields and upcasters."""

    upcasters: Upcasters = field(default_factory=Upcasters)
    fields: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)

    def knows(self, type_name: str, version: int) -> bool:
        """Whether this type and version were released (newer versions are unknown here)."""
        return (type_name, version) in self.fields

    def unknown_fields(self, type_name: str, version: int, data: dict[str, object]) -> list[str]:
        """Fields of `data` the released schema of this version does not have."""
        known = self.fields.get((type_name, version), frozenset())
        if known.issuperset(data):  # nearly always: one set operation instead of a loop
            return []
        return sorted(k for k in data if k not in known)


def load_released() -> Released:
    """Read every snapshot of the `contracts` package."""
    return released_from(load_all(files(PACKAGE)))


def released_from(contracts: Iterable[EventContract]) -> Released:
    """What readers need to know of these contracts (every version of each type)."""
    released = Released()
    latest: dict[str, int] = {}
    for contract in contracts:
        released.fields[(contract.type_name, contract.version)] = frozenset(
            contract.schema.get("properties", {})
        )
        latest[contract.type_name] = max(latest.get(contract.type_name, 0), contract.version)
        if contract.version > 1:
            released.upcasters.add(
                Upcaster(contract.type_name, contract.version - 1, contract.upcast)
            )
    for type_name, version in latest.items():
        released.upcasters.register_latest(type_name, version)
    return released


@functools.cache
def released_contracts() -> Released:
    """The snapshots, read once per process."""
    return load_released()
