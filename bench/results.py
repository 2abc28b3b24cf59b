"""What a workload hands back: table rows with their targets, and the raw numbers behind them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Target:
    """A goal from ARCHITECTURE.md section 7, on the ratio or on our own figure."""

    label: str
    kind: Literal["ratio_at_least", "ratio_at_most", "at_least", "below"]
    threshold: float

    def met(self, row: Row) -> bool | None:
        """Whether `row` meets it; None when the figures are missing."""
        if self.kind in ("ratio_at_least", "ratio_at_most"):
            ratio = row.ratio
            if ratio is None:
                return None
            if self.kind == "ratio_at_least":
                return ratio >= self.threshold
            return ratio <= self.threshold
        if row.ours is None or math.isnan(row.ours):
            return None
        if self.kind == "at_least":
            return row.ours >= self.threshold
        return row.ours < self.threshold


@dataclass(frozen=True)
class Row:
    """One line of the table: our figure, the raw reference's, and the goal if there is one."""

    workload: str
    ours: float | None
    reference: float | None
    unit: Literal["ev/s", "ms"]
    target: Target | None = None
    # How the ratio reads best: a share of the reference, or a multiple of it.
    ratio_as: Literal["%", "x"] = "%"

    @property
    def ratio(self) -> float | None:
        """Ours over the reference: a share for throughput, a multiple for latency."""
        if self.ours is None or not self.reference or math.isnan(self.ours):
            return None
        return self.ours / self.reference

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None without a target or without figures."""
        return None if self.target is None else self.target.met(self)

    def as_json(self) -> dict[str, Any]:
        """The row with its derived ratio and verdict, for `bench-results.json`."""
        return {
            "workload": self.workload,
            "ours": self.ours,
            "reference": self.reference,
            "unit": self.unit,
            "ratio": self.ratio,
            "target": self.target.label if self.target else None,
            "met": self.met,
        }


@dataclass
class WorkloadResult:
    """Rows for the table, every measured number for the JSON, and remarks for the reader."""

    name: str
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
