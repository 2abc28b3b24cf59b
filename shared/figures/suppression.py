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
fixed point an exact null vector of the equations on the hidden cells (`_determined`) finds
any hidden cell the published ones may pin down, the smallest non-zero visible cell beside
each is hidden (in a cube: the cheapest hypercube through it), and the rule runs again until
none is: the last null vector is the proof that no hidden cell can be computed from what is
published. Because every cut of the period (a programme, an age band, a month) is a cell of
the same cube, one suppression serves every cut alike and no two cuts can be subtracted.

A sum derived from published cells (a share, a mean) is only published where each cell it
uses is visible.
"""

from __future__ import annotations

import functools
import heapq
import random
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from itertools import product
from math import gcd
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "ALL",
    "DEFAULT_THRESHOLD",
    "SECONDARY",
    "Equation",
    "Figure",
    "Protection",
    "cube",
    "figures",
    "forget_protections",
    "hypercubes",
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
    values: Mapping[K, int],
    equations: Iterable[Equation[K]],
    threshold: int,
    *,
    free: Callable[[K, set[K]], list[K] | None] | None = None,
) -> Protection[K]:
    """Primary and secondary suppression of `values` under `equations` (see the module).

    `free(cell, hidden)` may name cells whose hiding frees a pinned cell at once (a cube's
    hypercube); without it, or where it names none, the smallest cell beside it is hidden.
    """
    table = _Suppression(values, list(equations), threshold, free)
    table.run()
    return Protection(values, table.primary, frozenset(table.hidden) - table.primary, threshold)


class _Suppression(Generic[K]):
    """The hidden cells of one table as they grow: the rule's fixed point, then the proof."""

    def __init__(
        self,
        values: Mapping[K, int],
        rules: list[Equation[K]],
        threshold: int,
        free: Callable[[K, set[K]], list[K] | None] | None,
    ) -> None:
        self.values = values
        self.rules = rules
        self.free = free
        self.order = {key: index for index, key in enumerate(values)}
        self.of_cell: dict[K, list[Equation[K]]] = defaultdict(list)
        for equation in rules:
            for cell in equation.cells:
                self.of_cell[cell].append(equation)
        self.primary = frozenset(key for key, value in values.items() if 1 <= value <= threshold)
        self.hidden = set(self.primary)
        self.boxed: set[K] = set()  # pinned cells a box was hidden for once

    def run(self) -> None:
        """Hide until no equation holds one hidden cell and no hidden cell is pinned down."""
        pending = self.rules
        while True:
            while pending:  # the classic rule, to a fixed point: where a new cell is
                touched: list[Equation[K]] = []
                for equation in pending:
                    if sum(1 for cell in equation.cells if cell in self.hidden) == 1:
                        touched.extend(self.of_cell[self.hide_smallest(equation.cells)])
                pending = touched
            determined = _determined(self.rules, self.hidden)
            if not determined:
                return
            pending = self.free_pinned(sorted(determined, key=self.order.__getitem__))
            if not pending:  # pragma: no cover - every non-zero cell hidden: none is pinned
                raise ArithmeticError("a cell is pinned with nothing left to hide")

    def free_pinned(self, pinned: list[K]) -> list[Equation[K]]:
        """Hide beside each pinned cell in one round; return the equations that changed.

        A cell beside one this round already hid next to waits for the next elimination: it
        may be free by then.
        """
        changed: list[Equation[K]] = []
        seen: set[int] = set()
        for cell in pinned:
            if any(id(equation) in seen for equation in self.of_cell[cell]):
                continue
            for added in self.hide_beside(cell):
                seen.update(id(equation) for equation in self.of_cell[added])
                changed.extend(self.of_cell[added])
        return changed

    def hide_beside(self, cell: K) -> list[K]:
        """A box that frees `cell` (once: should it stay pinned, the rule), else one neighbour."""
        box = None
        if self.free is not None and cell not in self.boxed:
            box = self.free(cell, self.hidden)
            self.boxed.add(cell)
        if box:
            self.hidden.update(box)
            return box
        near = [c for e in self.of_cell[cell] for c in e.cells]
        if not any(c not in self.hidden and self.values[c] > 0 for c in near):
            near = [c for e in self.rules if not self.hidden.isdisjoint(e.cells) for c in e.cells]
        if not any(c not in self.hidden and self.values[c] > 0 for c in near):
            # A sparse cube: every cell beside the hidden ones is hidden or zero. Any cell of
            # the table then (hiding one more never lets a hidden one be computed, and the
            # proof runs again after it); none where every non-zero cell is hidden already (by
            # the pinned cells before it this round): then the published figures are all
            # zeros, and the true counts times any factor fit them, so none is pinned.
            near = list(self.values)
            if not any(c not in self.hidden and self.values[c] > 0 for c in near):
                return []
        return [self.hide_smallest(near)]

    def hide_smallest(self, cells: Iterable[K]) -> K:
        """Hide the smallest non-zero visible cell among `cells` (the first, on a tie)."""
        visible = [c for c in cells if c not in self.hidden and self.values[c] > 0]
        cell = min(visible, key=lambda c: (self.values[c], self.order[c]))
        self.hidden.add(cell)
        return cell


# A 61-bit prime: the null vector below is computed modulo it (see `_determined`).
_PRIME = (1 << 61) - 1


def _determined(equations: list[Equation[K]], hidden: set[K]) -> list[K]:
    """The hidden cells the published ones may pin down, found with one exact null vector.

    Two hidden cells in each equation can still be solved through a chain of equations (a
    "bridge" between two closed groups of hidden cells). A hidden cell is undetermined exactly
    when some change of the hidden cells that keeps every equation true (a null vector of the
    equations restricted to the hidden cells) changes it. So: bring those equations to echelon
    form in exact integers, give every free cell a random value and solve the pivots. Where the
    solution is not zero, that cell is proven free: the vector is the proof. It is solved
    modulo a 61-bit prime, which is exact for this purpose: every denominator is a product of
    pivots too small to be a multiple of the prime, so a residue that is not zero is a value
    that is not zero. A zero (the cell pinned down, or, once in about 2**61, a random zero) is
    reported as determined: at worst one more cell is hidden, never one too few. The seed is
    fixed, so the same table is always protected alike (JSON, CSV and page agree).
    """
    pivots = _echelon(row for e in equations if (row := _unknowns(e, hidden)))
    rng = random.Random(0)  # noqa: S311 - a proof's witness, not a secret
    value = {cell: rng.randrange(1, _PRIME) for cell in hidden if cell not in pivots}
    for pivot in reversed(pivots):
        row = pivots[pivot]
        rest = sum(c * value[cell] for cell, c in row.items() if cell != pivot)
        value[pivot] = -rest * pow(row[pivot], -1, _PRIME) % _PRIME
    return [cell for cell in hidden if value[cell] == 0]


def _echelon(rows: Iterable[dict[K, int]]) -> dict[K, dict[K, int]]:
    """Integer rows in echelon form, by pivot in insertion order (sparsest rows first).

    Each new row is cleared of the pivots before it, in their order, so a pivot's row holds
    only later pivots and free cells; entries stay small integers (divided by their gcd).
    """
    ordered = sorted(rows, key=len)
    degree: dict[K, int] = defaultdict(int)
    for row in ordered:
        for cell in row:
            degree[cell] += 1
    pivots: dict[K, dict[K, int]] = {}
    rank: dict[K, int] = {}
    for candidate in ordered:
        row = _reduced(candidate, pivots, rank)
        if not row:
            continue
        divisor = gcd(*row.values())
        if divisor > 1:
            row = {cell: c // divisor for cell, c in row.items()}
        pivot = min(row, key=degree.__getitem__)  # the cell in fewest equations: less fill-in
        if row[pivot] % _PRIME == 0:  # pragma: no cover - coefficients stay far below 2**61
            raise ArithmeticError("a pivot is a multiple of the prime")
        rank[pivot] = len(pivots)
        pivots[pivot] = row
    return pivots


def _reduced(row: dict[K, int], pivots: dict[K, dict[K, int]], rank: dict[K, int]) -> dict[K, int]:
    """`row` with every pivot's column cleared, earliest pivot first (integers only).

    Copied once, then changed in place; scaled only where the pivot's entry is not 1 (most
    entries are 1 or -1): the same integers as scaling a copy at every step.
    """
    row = dict(row)
    queue = [(rank[cell], cell) for cell in row if cell in rank]
    heapq.heapify(queue)
    while queue:
        _, pivot = heapq.heappop(queue)
        a = row.get(pivot)
        if not a:
            continue
        known = pivots[pivot]
        b = known[pivot]
        g = gcd(a, b)
        scale, times = b // g, a // g
        if scale != 1:
            row = {cell: c * scale for cell, c in row.items()}
        for cell, c in known.items():
            value = row.get(cell, 0) - c * times
            if not value:
                row.pop(cell, None)
                continue
            if cell not in row and cell in rank:
                heapq.heappush(queue, (rank[cell], cell))
            row[cell] = value
    return row


def _unknowns(equation: Equation[K], hidden: set[K]) -> dict[K, int]:
    """The equation's coefficients on its hidden cells (the published ones are constants)."""
    row: dict[K, int] = {}
    for cell, sign in ((equation.total, -1), *((part, 1) for part in equation.parts)):
        if cell in hidden:
            row[cell] = row.get(cell, 0) + sign
    return {cell: c for cell, c in row.items() if c}


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
        for key in _margins(leaf):
            values[key] = values.get(key, 0) + count
    parts: dict[tuple[Coordinates, int], list[Coordinates]] = defaultdict(list)
    for key in values:
        for index, coordinate in enumerate(key):
            if coordinate != ALL:
                parts[(*key[:index], ALL, *key[index + 1 :]), index].append(key)
    equations = [Equation(total, tuple(cells)) for (total, _), cells in parts.items()]
    return values, equations


def _margins(leaf: Coordinates) -> list[Coordinates]:
    """The leaf and every margin over it, in the order of `product((False, True), ...)`.

    The first coordinate is summed last: the order of a cube's cells, which breaks the
    protection's ties, so it must not change.
    """
    keys: list[Coordinates] = [()]
    for coordinate in leaf:
        keys = [(*key, value) for key in keys for value in (coordinate, ALL)]
    return keys


def protect_cube(leaves: Mapping[Coordinates, int], threshold: int) -> Protection[Coordinates]:
    """The leaves and every margin of one period's figure, protected as one table.

    Remembered per exact input (issue 22 item 7: the proof takes seconds on a year's table):
    the same leaves, in the same order, under the same threshold give the protection computed
    before, which is what computing it again would give (every step is deterministic, the
    proof's seed fixed), so nothing is weakened. Any new fact changes a leaf and so the key:
    no stale protection can be served, and nothing needs invalidating. Another cut of the
    same period reads the same cube, so it is served too.
    """
    return _protected_cube(tuple(leaves.items()), threshold)


def forget_protections() -> None:
    """Drop every remembered protection: the bench times a first read after it."""
    _protected_cube.cache_clear()


# One report reads up to about 70 cubes (the metrics' flows, phases, outcomes, funds and
# durations): a least-recently-used memo smaller than that, read in the same order each time,
# would hit nothing. 128 holds two reports' cubes. A year's largest cube holds about 1 MB but
# most are a few KB, so the memo stays far below 128 MB; the soak's memory check watches it.
@functools.lru_cache(maxsize=128)
def _protected_cube(
    leaves: tuple[tuple[Coordinates, int], ...], threshold: int
) -> Protection[Coordinates]:
    values, equations = cube(dict(leaves))
    return protect(values, equations, threshold, free=hypercubes(values))


def figures(
    leaves: Mapping[Coordinates, int], threshold: int | None
) -> Callable[[Coordinates], Figure]:
    """Each cell of the cube over `leaves` as published (None: exact); a cell without facts is 0."""
    if threshold is None:
        values, _ = cube(leaves)
        return lambda key: values.get(key, 0)
    protection = protect_cube(leaves, threshold)
    return lambda key: protection.figure(key) if key in protection.values else 0


def hypercubes(
    values: Mapping[Coordinates, int],
) -> Callable[[Coordinates, set[Coordinates]], list[Coordinates] | None]:
    """For a pinned cell of a cube: the cheapest hypercube of non-zero cells through it.

    In each coordinate the cell's own value and one other (a value or `ALL`): the 2**d cells
    of such a box, with alternating signs, change no equation of the cube (along a line the
    two cells cancel; a value and its `ALL` move together), so once all are hidden each of them
    is free. The box chosen hides the least (sum of the counts newly hidden), as the classic
    hypercube method does; a box with a zero in it cannot be hidden and is skipped.
    """
    domains = [sorted({key[i] for key in values}) for i in range(len(next(iter(values), ())))]

    def free(cell: Coordinates, hidden: set[Coordinates]) -> list[Coordinates] | None:
        best: tuple[tuple[int, int], list[Coordinates]] | None = None
        choices = [
            [v for v in domain if v != own] for domain, own in zip(domains, cell, strict=True)
        ]
        for others in product(*choices):
            added: list[Coordinates] = []
            for corner in product(*zip(cell, others, strict=True)):
                if corner in hidden:
                    continue
                if values.get(corner, 0) == 0:
                    break
                added.append(corner)
            else:
                cost = (sum(values[c] for c in added), len(added))
                if best is None or cost < best[0]:
                    best = (cost, added)
        return best[1] if best is not None else None

    return free
