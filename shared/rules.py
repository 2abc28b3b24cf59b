"""The vocabulary every domain model refuses in, and a frozen map for states.

Pure: services' `domain/` packages import it. Refusals carry a Dutch message (for the user;
`str(error)`) and an English one, plus the input field at fault; the HTTP layer maps the class
to a status (422, 409, 404) without knowing the domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class RuleViolationError(ValueError):
    """A command breaks a rule (HTTP 422); `field` names the input at fault, if one is.

    A subclass that always means the same may set `default_nl` and `default_en`, and be
    raised without arguments.
    """

    default_nl: ClassVar[str] = ""
    default_en: ClassVar[str] = ""

    def __init__(self, nl: str = "", en: str = "", field: str | None = None) -> None:
        """Keep both messages; the Dutch one is the error's text."""
        self.nl = nl or self.default_nl
        self.en = en or self.default_en
        self.field = field
        super().__init__(self.nl)


class ConflictError(RuleViolationError):
    """The command does not fit the state it finds (HTTP 409)."""


class AlreadyDoneError(ConflictError):
    """The command would repeat what already holds (HTTP 409)."""


class NotFoundError(RuleViolationError):
    """The command needs something that does not exist (HTTP 404)."""


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable mapping, so a state stays a frozen value."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        """Copy `items`; later changes to them do not reach this map."""
        self._items: dict[K, V] = dict(items)

    def __getitem__(self, key: K) -> V:
        """The value under `key`."""
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        """The keys, in insertion order."""
        return iter(self._items)

    def __len__(self) -> int:
        """The number of keys."""
        return len(self._items)

    def __hash__(self) -> int:
        """Equal maps hash equally, whatever their order."""
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        """Like a dict, named."""
        return f"FrozenMap({self._items!r})"

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """A copy with `key` set to `value`."""
        return FrozenMap({**self._items, key: value})

    def without(self, key: K) -> FrozenMap[K, V]:
        """A copy without `key` (the same content if it was absent)."""
        return FrozenMap((k, v) for k, v in self._items.items() if k != key)


class NotPermittedError(Exception):
    """The caller's role is right but a rule about rights is not met (HTTP 403)."""

    def __init__(self, *, other_municipality: bool = False) -> None:
        """Say whether the subject belongs to another municipality."""
        super().__init__("other municipality" if other_municipality else "not permitted")
        self.other_municipality = other_municipality


@dataclass(frozen=True)
class FactDates:
    """A domain's dates of facts, which cannot lie ahead, and the refusals that name them.

    `labels`: field name -> (Dutch, English) label; `planned`: per command class, the date
    fields that plan rather than record (those may lie ahead).
    """

    labels: Mapping[str, tuple[str, str]]
    planned: Mapping[type, frozenset[str]] = field(default_factory=dict)

    def refuse_future(self, command: object, today: date) -> None:
        """Refuse the first date of a fact on `command` that lies after `today`."""
        planned = self.planned.get(type(command), frozenset())
        for name, (nl, en) in self.labels.items():
            value = getattr(command, name, None)
            if name not in planned and isinstance(value, date) and value > today:
                raise RuleViolationError(
                    f"{nl} ligt in de toekomst", f"{en} is in the future", name
                )

    def not_before(self, value: date, earliest: date | None, field: str, nl: str, en: str) -> None:
        """Refuse `value` on `field` when it lies before `earliest` (`nl`/`en` name that)."""
        if earliest is not None and value < earliest:
            raise RuleViolationError(
                f"{self.labels[field][0]} ({value}) ligt vóór {nl} ({earliest})",
                f"{self.labels[field][1]} ({value}) is before {en} ({earliest})",
                field,
            )
