"""Time to outcome per enrolment cohort: the days from a start to each milestone, published.

Per cohort (the month, and the quarter, of the young person's first start in a programme)
and programme: how many started, how many reached each milestone, and the median and 75th
percentile of their days. The counts are protected as every count is (one cube per measure
over quarter x month x programme x age band, so a quarter is a margin of its months and no
cut can be subtracted from another). A median or percentile is a figure about the young
people it was taken over: it is published only where their count is published and above the
threshold (`threshold + 1` or more); else it is null, and `withheld` says why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.timeline.reports.model import CohortTimes, MilestoneTime
from shared.figures.suppression import ALL, figures, wording

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from shared.figures.suppression import Coordinates, Figure

__all__ = [
    "HIDDEN",
    "MILESTONES",
    "NOBODY",
    "STARTED",
    "DurationFact",
    "percentile",
    "publish_durations",
    "quarter_of",
]

# Milestone code -> Dutch label, in the order a trajectory usually reaches them.
MILESTONES: dict[str, str] = {
    "eerste_gesprek": "Eerste schuldhulpgesprek",
    "toekomstplan": "Toekomstplan afgesproken",
    "gehuisvest": "Gehuisvest",
    "schuldenvrij": "Schuldenvrij",
    "werk_of_opleiding": "Werk of opleiding",
    "uitval": "Uitgevallen",
}
STARTED = "gestart"  # the measure of the cohort's size
MONTH, QUARTER = "maand", "kwartaal"
NOBODY = "Niemand uit dit cohort bereikte dit (nog)."
HIDDEN = "Niet gepubliceerd: het aantal is afgeschermd."


@dataclass(frozen=True)
class DurationFact:
    """One cohort month, programme and age band: how many started, and days per milestone.

    `days` holds, per milestone, one number per young person who reached it: the days from
    the first start in the programme to the first time on or after it.
    """

    cohort: date
    programma: str
    age_band: str
    started: int
    days: dict[str, tuple[int, ...]]


def percentile(days: Sequence[int], share: float) -> float | None:
    """The `share` percentile by linear interpolation between closest ranks; None if empty.

    The inclusive method (numpy's default, Excel's PERCENTILE.INC): rank (n - 1) * share,
    so the median of an even count is the mean of the two middle values.
    """
    if not days:
        return None
    ordered = sorted(days)
    rank = (len(ordered) - 1) * share
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (rank - low), 1)


def quarter_of(month: str) -> str:
    """The quarter of a cohort month written "2024-01": "2024-K1"."""
    return f"{month[:4]}-K{(int(month[5:7]) - 1) // 3 + 1}"


def _withheld(reached: Figure, threshold: int | None) -> str | None:
    """Why a median is not published, or None where it is."""
    if reached == 0:
        return NOBODY
    if threshold is None:
        return None
    if reached == wording(threshold) or (isinstance(reached, int) and reached <= threshold):
        return f"Niet gepubliceerd: {wording(threshold)} jongeren."
    if not isinstance(reached, int):
        return HIDDEN
    return None


def _time(milestone: str, reached: Figure, days: list[int], threshold: int | None) -> MilestoneTime:
    withheld = _withheld(reached, threshold)
    shown = withheld is None
    return MilestoneTime(
        milestone=milestone,
        reached=reached,
        median_days=percentile(days, 0.5) if shown else None,
        p75_days=percentile(days, 0.75) if shown else None,
        withheld=withheld,
    )


_Gathered = tuple[
    dict[str, dict["Coordinates", int]],  # measure -> the cube's leaves
    dict[tuple[str, str, str], list[int]],  # (cohort, programma, milestone) -> days in the cut
    set[tuple[str, str, str]],  # (grain, cohort, programma) of the cut
]


def _gathered(
    facts: Sequence[DurationFact], programma: str | None, age_band: str | None
) -> _Gathered:
    """Every fact a leaf of its measures' cubes; the days and the rows of the cut apart."""
    leaves: dict[str, dict[Coordinates, int]] = defaultdict(dict)
    days: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    shown: set[tuple[str, str, str]] = set()
    for fact in facts:
        month = fact.cohort.isoformat()[:7]
        quarter = quarter_of(month)
        key = (quarter, month, fact.programma, fact.age_band)
        leaves[STARTED][key] = fact.started
        for milestone in MILESTONES:
            reached = fact.days.get(milestone, ())
            leaves[milestone][key] = len(reached)
            if age_band in (None, fact.age_band):
                days[month, fact.programma, milestone].extend(reached)
                days[quarter, fact.programma, milestone].extend(reached)
        if programma in (None, fact.programma) and age_band in (None, fact.age_band):
            shown |= {(MONTH, month, fact.programma), (QUARTER, quarter, fact.programma)}
    return leaves, days, shown


def publish_durations(
    facts: Sequence[DurationFact],
    *,
    programma: str | None,
    age_band: str | None,
    threshold: int | None,
) -> list[CohortTimes]:
    """Per cohort month, then per quarter, and programme of the cut: counts and days.

    `threshold` None publishes exact counts and every median (the auditor's).
    """
    leaves, days, shown = _gathered(facts, programma, age_band)
    published = {measure: figures(cells, threshold) for measure, cells in leaves.items()}
    band = age_band or ALL
    rows = []
    # The months first, then the quarters; each a cell of the same cubes.
    for grain, cohort, programme in sorted(shown, key=lambda s: (s[0] != MONTH, s[1], s[2])):
        cell = (quarter_of(cohort), cohort, programme, band) if grain == MONTH else (
            cohort, ALL, programme, band)  # fmt: skip
        rows.append(
            CohortTimes(
                grain=grain,
                cohort=cohort,
                programma=programme,
                started=published[STARTED](cell),
                milestones=[
                    _time(m, published[m](cell), days[cohort, programme, m], threshold)
                    for m in MILESTONES
                ],
            )
        )
    return rows
