"""What a published type says in its CloudEvents extensions, stated without an event in hand.

At run time a service's classification computes the extensions of each event from the event
and the state before it (`services/<name>/classification.py`). Integrators filter on them
(leefgebied, vertrouwelijkheid, grondslag, programma) without opening `data`, so they need to
know beforehand which codes a type can carry and when: each service states that per type with
these values, next to the code that computes them, and a test holds the two together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Extension:
    """The codes one extension of a type can take, and when it is there.

    `when` empty: the extension is on every event of the type, with its one value.
    """

    values: tuple[str, ...]
    when: str = ""

    @property
    def always(self) -> bool:
        """On every event of the type, always with the same code."""
        return not self.when and len(self.values) == 1

    def to_json(self) -> dict[str, Any]:
        """For the catalogue: the codes, whether it is always there, and when it is."""
        return {"values": list(self.values), "always": self.always, "when": self.when}


def always(value: str) -> Extension:
    """On every event of the type, with this code."""
    return Extension((value,))


def sometimes(*values: str, when: str) -> Extension:
    """One of `values`, on the events `when` describes (or chosen as it describes)."""
    return Extension(tuple(values), when)


# How a service states them: from a stable type name to its extensions by name.
ExtensionsOf = Callable[[str], Mapping[str, Extension]]


def no_extensions(_type_name: str) -> Mapping[str, Extension]:
    """For a service whose events carry none beyond the envelope's."""
    return {}


def extensions_json(extensions: ExtensionsOf, type_name: str) -> dict[str, Any]:
    """The catalogue's view of a type's extensions, sorted by name."""
    stated = extensions(type_name)
    return {name: stated[name].to_json() for name in sorted(stated)}
