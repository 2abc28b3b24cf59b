"""Small statistics: medians of repetitions, percentiles of latencies."""

from __future__ import annotations

import math
import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """The median; a single repetition is its own median."""
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`th percentile (0-100), linearly interpolated between the closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# The distribution kept beside the summary, for the latency chart (bench/pictures.py).
QUANTILES = (1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9)


def latency_summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / p99 / max in milliseconds, and the sample count."""
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "max": max(ms, default=math.nan),
    }


def quantiles_ms(seconds: Sequence[float]) -> dict[str, float]:
    """The latency distribution in milliseconds at QUANTILES, keyed by the quantile."""
    ms = [s * 1000 for s in seconds]
    return {str(q): percentile(ms, q) for q in QUANTILES}
