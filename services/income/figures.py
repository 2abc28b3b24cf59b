"""Income's counts as shown to anyone but the auditor: small cells protected.

The distribution and the bijstand report count young people; to a reader other than the
auditor a count from 1 to the threshold (`INCOME_SMALL_CELL_THRESHOLD`, 4) reads "<5" and a
complementary cell "x" (shared.figures.suppression), as intake's relapse report does. Each
figure is one table with its margins, so no hidden count can be recovered from the others:
the distribution over situation x norm; the outflow over its reasons with the outflow as
their total; those on bijstand at the period's end split into longer and not longer than two
years (so the long-term count and the total cannot be subtracted); the allowances per kind.
The inflow stands alone. Pure: the routes choose who reads exact counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.figures.suppression import ALL, Figure, protect_cube, rule

if TYPE_CHECKING:
    from collections.abc import Mapping

    from services.income.projections.benefits import Share
    from services.income.report import BijstandReport

__all__ = ["EXACT", "protect_distribution", "protect_report", "threshold_for"]

# Who reads exact counts: the auditor (as the timeline's and intake's reports).
EXACT = frozenset({"auditor"})
_NO_NORM = "-"  # a situation without a norm (applied for, refused) in the table's coordinates
_LONGER, _SHORTER = "langer", "korter"


def threshold_for(roles: frozenset[str], threshold: int) -> int | None:
    """None (exact) for the auditor, else the service's threshold."""
    return None if roles & EXACT else threshold


def _table(leaves: Mapping[tuple[str, ...], int], threshold: int) -> dict[tuple[str, ...], Figure]:
    """Every cell of one table and its margins, as published."""
    protection = protect_cube(leaves, threshold)
    return {key: protection.figure(key) for key in protection.values}


def protect_distribution(shares: list[Share], threshold: int) -> list[Share]:
    """The distribution with small counts hidden, complements too (one table)."""
    keys = [(share.status, share.norm or _NO_NORM) for share in shares]
    shown = _table({key: int(s.count) for key, s in zip(keys, shares, strict=True)}, threshold)
    return [
        share.model_copy(update={"count": shown[key]})
        for key, share in zip(keys, shares, strict=True)
    ]


def protect_report(report: BijstandReport, threshold: int) -> BijstandReport:
    """The bijstand report with small counts hidden, per figure (see the module)."""
    outflow = _table({(r,): int(n) for r, n in report.outflow_by_reason.items()}, threshold)
    on_end, long_term = int(report.on_bijstand_at_end), int(report.long_term_at_end)
    stock = _table({(_LONGER,): long_term, (_SHORTER,): on_end - long_term}, threshold)
    granted = _table({(k,): int(n) for k, n in report.allowances_granted.items()}, threshold)
    inflow = _table({("instroom",): int(report.inflow)}, threshold)
    return report.model_copy(
        update={
            "inflow": inflow["instroom",],
            "outflow": outflow.get((ALL,), 0),
            "outflow_by_reason": {r: outflow[r,] for r in report.outflow_by_reason},
            "on_bijstand_at_end": stock[ALL,],
            "long_term_at_end": stock[_LONGER,],
            "allowances_granted": {k: granted[k,] for k in report.allowances_granted},
            "suppression": rule(threshold),
        }
    )
