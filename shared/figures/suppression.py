"""Small-cell protection: no published figure may point at a young person.

**Primary suppression.** A count from 1 to the threshold (a setting per service, default 4)
is published as ``<{threshold + 1}`` ("<5"); 0 stays 0 (no one to point at) and so does
every count above the threshold.

**Secondary suppression.** Published figures come in tables whose totals are published too
(per month, per programme, per age band, over the period): a hidden cell could be recovered
by subtracting the other cells from a total. So every figure of one period is one *cube*:
its leaves (e.g. month x programme x age band x dimension) and every margin over any subset
of its coordinates, each margin a cell of the cube as well (`ALL` in the summed
coordinates). Each margin and the cells it sums form one equation. The classic rule: in
every equation that holds a hidden cell, at least two cells are hidden. Where one is alone,
the smallest non-zero visible cell of that equation (a leaf or its total) is hidden too, as
``x`` ("afgeschermd"); this repeats until no equation changes (a fixed point), so a total
hidden to protect a row makes its own column need a second hidden cell in turn. A zero is
never chosen: a hidden cell is non-zero, so its equation always holds a non-zero visible
cell to hide. Two hidden cells per equation can still leak through a chain of equations (a
hidden cell bridging two closed groups of hidden cells is their difference), so after the
fixed point an exact elimination over the rationals looks for any hidden cell the published
ones pin down, hides the smallest non-zero visible cell beside it, and the rule runs again
until none is. Because every cut of the period (a programme, an age band, a month) is a cell
of the same cube, one suppression serves every cut alike and no two cuts can be subtracted.

A sum derived from published cells (a share, a mean) is only published where each cell it
uses is visible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "ALL",
    "DEFAULT_THRESHOLD",
    "SECONDARY",
    "Equation",
    "Figure",
    "Protection",
    "cube",
    "protect",
    "protect_cube",
    "rule",
    "wording",
]

DEFAULT_THRESHOLD = 4
ALL = "*"  # the coordinate of a margin: summed over every value
SECONDARY = "x"  # hidden so that a small cell cannot be recovered from the others
K = TypeVar("K", bound=Hashable)

Figure: TypeAlias = int | str
"""A published count: the exact count, `wording(threshold)` or `SECONDARY`."""


def rule(threshold: int) -> str:
    """The suppression rule in Dutch, stated beside every protected figure."""
    return (
        f"Aantallen van 1 tot en met {threshold} staan als {wording(threshold)}; met"
        f" {SECONDARY} is een aantal afgeschermd zodat een klein aantal niet uit totalen of"
        " andere cellen is terug te rekenen. 0 is 0."
    )


def wording(threshold: int) -> str:
    """What a count from 1 to `threshold` is shown as: "<5" for the default 4."""
    return f"<{threshold + 1}"


@dataclass(frozen=True)
class Equation(Generic[K]):
    """`total` is the sum of `parts`: whoever sees all but one of them can compute it."""

    total: K
    parts: tuple[K, ...]

    @property
    def cells(self) -> tuple[K, ...]:
        """The total and its parts: every cell of the equation."""
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Protection(Generic[K]):
    """The cells of one table and which of them are hidden, and why."""

    values: Mapping[K, int]
    primary: frozenset[K]
    secondary: frozenset[K]
    threshold: int

    @property
    def hidden(self) -> frozenset[K]:
        """Every cell not published as its count."""
        return self.primary | self.secondary

    def figure(self, key: K) -> Figure:
        """The cell as published: exact, or its suppression's wording."""
        if key in self.primary:
            return wording(self.threshold)
        if key in self.secondary:
            return SECONDARY
        return self.values[key]


def protect(
    values: Mapping[K, int], equations: Iterable[Equation[K]], threshold: int
) -> Protection[K]:
    """Primary and secondary suppression of `values` under `equations` (see the module)."""
    order = {key: index for index, key in enumerate(values)}
    rules = list(equations)
    primary = frozenset(key for key, value in values.items() if 1 <= value <= threshold)
    hidden = set(primary)

    def hide_smallest(cells: Iterable[K]) -> None:
        visible = [cell for cell in cells if cell not in hidden and values[cell] > 0]
        hidden.add(min(visible, key=lambda cell: (values[cell], order[cell])))

    while True:
        changed = True
        while changed:
            changed = False
            for equation in rules:
                cells = equation.cells
                if sum(1 for cell in cells if cell in hidden) == 1:
                    hide_smallest(cells)
                    changed = True
        determined = _determined(rules, hidden)
        if not determined:
            return Protection(values, primary, frozenset(hidden) - primary, threshold)
        # Hide a cell beside it; where its own equations have none left, one of the group's.
        cell = min(determined, key=order.__getitem__)
        near = [c for e in rules if cell in e.cells for c in e.cells]
        if not any(c not in hidden and values[c] > 0 for c in near):
            near = [c for e in rules if not hidden.isdisjoint(e.cells) for c in e.cells]
        hide_smallest(near)


def _determined(equations: list[Equation[K]], hidden: set[K]) -> list[K]:
    """The hidden cells the published ones pin down, by exact elimination over the rationals.

    Two hidden cells in each equation can still be solved through a chain of equations (a
    "bridge" between two closed groups of hidden cells): the unit vector of such a cell lies
    in the row space of the equations restricted to the hidden cells.
    """
    rows = [row for equation in equations if (row := _unknowns(equation, hidden))]
    reduced: dict[K, dict[K, Fraction]] = {}  # pivot -> its row, kept fully reduced
    for candidate in rows:
        row = dict(candidate)
        for pivot, known in reduced.items():
            factor = row.get(pivot)
            if factor:
                _subtract(row, known, factor)
        if not row:
            continue
        pivot = next(iter(row))
        scale = row[pivot]
        row = {cell: c / scale for cell, c in row.items()}
        for other in reduced.values():
            factor = other.get(pivot)
            if factor:
                _subtract(other, row, factor)
        reduced[pivot] = row
    return [pivot for pivot, row in reduced.items() if len(row) == 1]


def _unknowns(equation: Equation[K], hidden: set[K]) -> dict[K, Fraction]:
    """The equation's coefficients on its hidden cells (the published ones are constants)."""
    row: dict[K, Fraction] = {}
    for cell, sign in ((equation.total, -1), *((part, 1) for part in equation.parts)):
        if cell in hidden:
            row[cell] = row.get(cell, Fraction(0)) + sign
    return {cell: c for cell, c in row.items() if c}


def _subtract(row: dict[K, Fraction], other: dict[K, Fraction], factor: Fraction) -> None:
    """`row -= factor * other`, dropping the cells that reach zero."""
    for cell, coefficient in other.items():
        value = row.get(cell, Fraction(0)) - factor * coefficient
        if value:
            row[cell] = value
        else:
            row.pop(cell, None)


Coordinates: TypeAlias = tuple[str, ...]


def cube(
    leaves: Mapping[Coordinates, int],
) -> tuple[dict[Coordinates, int], list[Equation[Coordinates]]]:
    """Every margin of `leaves` (coordinates of one length) and the equations that bind them.

    A margin has `ALL` in the coordinates it sums over; each margin sums, along each of its
    `ALL` coordinates, the cells that name a value there.
    """
    values: dict[Coordinates, int] = {}
    for leaf, count in leaves.items():
        for summed in product((False, True), repeat=len(leaf)):
            key = tuple(ALL if s else c for c, s in zip(leaf, summed, strict=True))
            values[key] = values.get(key, 0) + count
    parts: dict[tuple[Coordinates, int], list[Coordinates]] = defaultdict(list)
    for key in values:
        for index, coordinate in enumerate(key):
            if coordinate != ALL:
                parts[(*key[:index], ALL, *key[index + 1 :]), index].append(key)
    equations = [Equation(total, tuple(cells)) for (total, _), cells in parts.items()]
    return values, equations


def protect_cube(leaves: Mapping[Coordinates, int], threshold: int) -> Protection[Coordinates]:
    """The leaves and every margin of one period's figure, protected as one table."""
    values, equations = cube(leaves)
    return protect(values, equations, threshold)
