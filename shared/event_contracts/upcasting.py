"""Upcasters as data: the steps that turn an event's `data` from one schema version into the next.

Steps are declarative (add, rename, remove, map values) rather than Python functions, so the
same upcaster ships in the committed contract snapshots (`contracts/`) and every reader applies
it: the producer loading an aggregate, its relay, every consumer of its topic, a rebuild, an
as-of replay, and an integrator in another language. A change that needs code to convert is
not an upcast: it is a new event type.

A sealed (personal) field may be removed but never renamed or mapped: its ciphertext is bound
to the field's name and cannot be converted without the young person's key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


@dataclass(frozen=True)
class Add:
    """A new field, with the value that old events meant (when the event does not carry it)."""

    field: str
    value: Any
    why: str = ""


@dataclass(frozen=True)
class Rename:
    """A field under a new name."""

    old: str
    new: str
    why: str = ""


@dataclass(frozen=True)
class Remove:
    """A field that is no longer part of the event."""

    field: str
    why: str = ""


@dataclass(frozen=True)
class MapValues:
    """A code field whose codes changed: old code -> new code; codes not named stay.

    The field holds a code, a list of codes, or an object keyed by codes (a value per life
    domain); in an object a renamed key yields to the new code's own entry, if it has one.
    """

    field: str
    mapping: Mapping[str, Any]
    why: str = ""


Step = Add | Rename | Remove | MapValues


def apply_steps(data: Mapping[str, Any], steps: Sequence[Step]) -> dict[str, Any]:
    """A new dict: `data` with `steps` applied in order (the input is never changed)."""
    result = dict(data)
    for step in steps:
        match step:
            case Add(name, value):
                result.setdefault(name, value)
            case Rename(old, new):
                if old in result:
                    result[new] = result.pop(old)
            case Remove(name):
                result.pop(name, None)
            case MapValues(name, mapping):
                current = result.get(name)
                if isinstance(current, str) and current in mapping:
                    result[name] = mapping[current]
                elif isinstance(current, list):
                    result[name] = [mapping.get(v, v) if isinstance(v, str) else v for v in current]
                elif isinstance(current, dict):
                    renamed = {mapping.get(k, k): v for k, v in current.items() if k in mapping}
                    result[name] = renamed | {k: v for k, v in current.items() if k not in mapping}
    return result


def step_to_json(step: Step) -> dict[str, Any]:
    """The step as it is written in a contract snapshot."""
    match step:
        case Add(name, value, why):
            return {"op": "add", "field": name, "value": value, "why": why}
        case Rename(old, new, why):
            return {"op": "rename", "from": old, "to": new, "why": why}
        case Remove(name, why):
            return {"op": "remove", "field": name, "why": why}
        case MapValues(name, mapping, why):
            return {"op": "map", "field": name, "mapping": dict(mapping), "why": why}


def step_from_json(raw: Mapping[str, Any]) -> Step:
    """Inverse of `step_to_json`; a step this reader does not know is an error, never skipped."""
    op, why = raw.get("op"), str(raw.get("why", ""))
    if op == "add":
        return Add(raw["field"], raw["value"], why)
    if op == "rename":
        return Rename(raw["from"], raw["to"], why)
    if op == "remove":
        return Remove(raw["field"], why)
    if op == "map":
        return MapValues(raw["field"], dict(raw["mapping"]), why)
    raise ValueError(f"unknown upcast step {op!r}")


@dataclass(frozen=True)
class Upcaster:
    """From `from_version` to `from_version + 1` of one event type."""

    type_name: str
    from_version: int
    steps: tuple[Step, ...]


@dataclass
class Upcasters:
    """Every upcaster of a set of event types, and each type's newest version."""

    latest: dict[str, int] = field(default_factory=dict)
    _chain: dict[tuple[str, int], Upcaster] = field(default_factory=dict)

    def add(self, upcaster: Upcaster) -> None:
        """Register one step of a chain."""
        key = (upcaster.type_name, upcaster.from_version)
        if key in self._chain:
            raise ValueError(f"two upcasters from {key}")
        self._chain[key] = upcaster

    def register_latest(self, type_name: str, version: int) -> None:
        """The version readers upcast `type_name` to."""
        self.latest[type_name] = version

    def outdated(self) -> set[tuple[str, int]]:
        """Every (type, version) that is read as a newer version."""
        return set(self._chain)

    def needs_upcast(self, type_name: str, version: int) -> bool:
        """Whether an event of this type and version is older than what readers expect."""
        return version < self.latest.get(type_name, version)

    def upcast(
        self, type_name: str, version: int, data: Mapping[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """`data` brought to the newest version, and that version."""
        result = dict(data)
        target = self.latest.get(type_name, version)
        while version < target:
            upcaster = self._chain.get((type_name, version))
            if upcaster is None:
                raise LookupError(f"no upcaster from {type_name} v{version}")
            result = apply_steps(result, upcaster.steps)
            version += 1
        return version, result
