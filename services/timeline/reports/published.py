"""From the report store's facts to the report a reader sees: exact, or protected.

The store is asked for every programme and age band of the period; the cut a reader asks
for is taken here. Each figure is one cube (shared.figures) over its leaves and all their
margins, so a programme's, an age band's and the whole municipality's report read cells of
one protected table and cannot be subtracted from one another. The auditor (threshold None)
sees exact counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from services.timeline.reports.awaited import KINDS, MET, MISSED
from services.timeline.reports.model import (
    FOLLOW_UPS,
    NOTHING_YET,
    RATINGS,
    SATISFACTION,
    SPLIT,
    ConversationCount,
    DeadlineCount,
    EscalationCount,
    Flow,
    FundCohort,
    OutcomeCount,
    PhaseCount,
    RelapseCount,
    Report,
    ReportRow,
    ReportTotal,
    SatisfactionCount,
    cell_of,
    dimensions_of,
    leaf_of,
    monthly,
)
from services.timeline.reports.time_to_outcome import DurationFact, publish_durations
from shared.figures.suppression import ALL, SECONDARY, figures, rule

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from shared.figures.suppression import Coordinates, Figure

    Published = Mapping[str, Callable[[Coordinates], Figure]]


# Who reads the municipality's figures; only the auditor, who checks them against the
# records, reads exact counts.
REPORT_READERS = ("auditor", "regisseur", "beleidsmedewerker")
EXACT = frozenset({"auditor"})


def threshold_for(roles: frozenset[str], threshold: int) -> int | None:
    """The reader's protection: None (exact) for the auditor, else the municipality's."""
    return None if roles & EXACT else threshold


@dataclass(frozen=True)
class StockFact:
    """Young people in one phase now, of one programme and age band."""

    track: str
    code: str
    programma: str
    age_band: str
    count: int


@dataclass(frozen=True)
class EscalationFact:
    """The Doorbraken of one obstructing rule, programme and age band, by how they stand."""

    obstruction: str
    programma: str
    age_band: str
    resolved: int
    not_resolved: int
    open: int


@dataclass(frozen=True)
class OutcomeFact:
    """One cohort, programme and age band, `month` months after the exit."""

    cohort: date
    programma: str
    age_band: str
    month: int
    followed_up: int
    missed: int
    still_housed: int
    work_or_education: int
    debt_free: int


@dataclass(frozen=True)
class RelapseFact:
    """One cohort, programme and age band: in nazorg, and relapsed within 12 months."""

    cohort: date
    programma: str
    age_band: str
    in_aftercare: int
    relapsed_within_12_months: int


@dataclass(frozen=True)
class FundFact:
    """One fund cohort, programme and age band: started, and each measure since the start."""

    cohort: date
    programma: str
    age_band: str
    started: int
    counterpart_agreed: int
    counterpart_completed: int
    write_off_revoked: int
    debt_free: int


@dataclass(frozen=True)
class Facts:
    """Everything of one municipality and period, over every programme and age band."""

    flows: Sequence[Flow | ReportRow] = field(default_factory=list)
    phases: list[tuple[str, str]] = field(default_factory=list)  # (track, code), in order
    stocks: list[StockFact] = field(default_factory=list)
    escalations: list[EscalationFact] = field(default_factory=list)
    outcomes: list[OutcomeFact] = field(default_factory=list)
    relapses: list[RelapseFact] = field(default_factory=list)
    durations: list[DurationFact] = field(default_factory=list)
    fund: list[FundFact] = field(default_factory=list)


@dataclass(frozen=True)
class Cut:
    """What the reader narrowed the report to: None is every programme or age band."""

    programma: str | None = None
    age_band: str | None = None

    def holds(self, programma: str, age_band: str) -> bool:
        """Whether a fact of this programme and age band is in the cut."""
        return self.programma in (None, programma) and self.age_band in (None, age_band)

    @property
    def coordinates(self) -> tuple[str, str]:
        """The cut as the cube's coordinates: a value, or `ALL`."""
        return self.programma or ALL, self.age_band or ALL


def _flows(
    facts: Facts, cut: Cut, threshold: int | None
) -> tuple[list[dict[str, object]], list[ReportTotal], Published]:
    """The rows of the cut (as fields: `Report` validates them all in one call), the totals.

    Each row's cell is computed once; a row is built once, not validated and then copied.
    """
    leaves: dict[str, dict[Coordinates, int]] = defaultdict(dict)
    keys = [leaf_of(row) for row in facts.flows]
    for row, key in zip(facts.flows, keys, strict=True):
        cells = leaves[row.metric]
        cells[key] = cells.get(key, 0) + int(row.count)
    published = {metric: figures(cells, threshold) for metric, cells in leaves.items()}
    rows: list[dict[str, object]] = []
    for row, key in zip(facts.flows, keys, strict=True):
        # A split metric's cube has no month: its monthly rows are no cells of it.
        if not cut.holds(row.programma, row.age_band) or not monthly(row.metric):
            continue
        count = published[row.metric](key)
        total = row.total if isinstance(count, int) or row.total is None else SECONDARY
        rows.append({"month": row.month, "programma": row.programma, "age_band": row.age_band,
                     "metric": row.metric, "dimension": row.dimension, "count": count,
                     "total": total})  # fmt: skip
    programma, age_band = cut.coordinates
    totals: list[ReportTotal] = []
    for metric, cells in leaves.items():
        figure = published[metric]
        every = (ALL,) * len(dimensions_of(metric, None))  # every dimension summed
        months = sorted({key[0] for key in cells}) if monthly(metric) else []
        totals.extend(
            ReportTotal(metric=metric, month=date.fromisoformat(month), dimension=None,
                        count=figure(cell_of(metric, month, programma, age_band, every)))
            for month in months
        )  # fmt: skip
        dimensions = sorted({key[-len(every) :] for key in cells})
        if dimensions != [("",)]:
            totals.extend(
                ReportTotal(metric=metric, month=None, dimension=SPLIT.join(dimension),
                            count=figure(cell_of(metric, None, programma, age_band, dimension)))
                for dimension in dimensions
            )  # fmt: skip
        totals.append(ReportTotal(metric=metric, month=None, dimension=None,
                                  count=figure(cell_of(metric, None, programma, age_band,
                                                       every))))  # fmt: skip
    return rows, totals, published


def _satisfaction(facts: Facts, cut: Cut, published: Published) -> list[SatisfactionCount]:
    """Per satisfaction metric and programme in the cut: the period's cells of the flows' table.

    Read from the same protected cube as the rows (over every month, the cut's age band), so
    the figure adds no equation an attacker could use beyond what the rows publish.
    """
    found: list[SatisfactionCount] = []
    age_band = cut.coordinates[1]
    for metric, about in SATISFACTION.items():
        if metric not in published:
            continue
        figure = published[metric]
        programmes = sorted({row.programma for row in facts.flows if row.metric == metric
                             and cut.holds(row.programma, row.age_band)})  # fmt: skip
        found.extend(
            SatisfactionCount(
                about=about, programma=programma,
                given=figure((ALL, programma, age_band, ALL)),
                ratings={r: figure((ALL, programma, age_band, r)) for r in RATINGS},
            )
            for programma in programmes
        )  # fmt: skip
    return found


CONVERSATIONS = "toekomstgesprek"
EVERY = "alle"  # every perspective


def _conversations(facts: Facts, cut: Cut, published: Published) -> list[ConversationCount]:
    """Per perspective chosen (and all together): held, and per follow-up, over the period.

    Cells of the `toekomstgesprek` rows' cube (month x programme x age band x perspective x
    what followed, with every margin), so they add nothing an attacker could subtract.
    """
    if CONVERSATIONS not in published:
        return []
    figure = published[CONVERSATIONS]
    perspectives = sorted({dimensions_of(CONVERSATIONS, row.dimension)[0] for row in facts.flows
                           if row.metric == CONVERSATIONS
                           and cut.holds(row.programma, row.age_band)})  # fmt: skip
    if not perspectives:
        return []
    programma, age_band = cut.coordinates
    return [
        ConversationCount(
            perspective=EVERY if perspective == ALL else perspective,
            held=figure(cell_of(CONVERSATIONS, None, programma, age_band, (perspective, ALL))),
            followed={f: figure(cell_of(CONVERSATIONS, None, programma, age_band,
                                        (perspective, f)))
                      for f in (*FOLLOW_UPS, NOTHING_YET)},
        )
        for perspective in (*perspectives, ALL)
    ]  # fmt: skip


def _deadlines(totals: list[ReportTotal]) -> list[DeadlineCount]:
    """Per kind of deadline the timers watch: met and missed, the kind being the dimension."""
    found = {(t.metric, t.dimension): t.count for t in totals if t.month is None}
    return [
        DeadlineCount(kind=kind, label=label, met=found.get((MET, kind), 0),
                      missed=found.get((MISSED, kind), 0))
        for kind, label in KINDS.items()
    ]  # fmt: skip


def _phases(facts: Facts, cut: Cut, threshold: int | None) -> list[PhaseCount]:
    leaves: dict[tuple[str, str], dict[Coordinates, int]] = defaultdict(dict)
    for stock in facts.stocks:
        cells = leaves[stock.track, stock.code]
        key = (stock.programma, stock.age_band)
        cells[key] = cells.get(key, 0) + stock.count
    return [
        PhaseCount(track=track, code=code,
                   count=figures(leaves[track, code], threshold)(cut.coordinates))
        for track, code in facts.phases
    ]  # fmt: skip


_STANDING = ("resolved", "not_resolved", "open")


def _escalations(facts: Facts, cut: Cut, threshold: int | None) -> list[EscalationCount]:
    # One cube: how they stand x rule x programme x age band; "requested" is the first's margin.
    leaves: dict[Coordinates, int] = {}
    for fact in facts.escalations:
        for standing in _STANDING:
            key = (standing, fact.obstruction, fact.programma, fact.age_band)
            leaves[key] = leaves.get(key, 0) + getattr(fact, standing)
    figure = figures(leaves, threshold)
    shown = sorted({f.obstruction for f in facts.escalations if cut.holds(f.programma, f.age_band)})
    return [
        EscalationCount(
            obstruction=obstruction,
            requested=figure((ALL, obstruction, *cut.coordinates)),
            **{s: figure((s, obstruction, *cut.coordinates)) for s in _STANDING},
        )
        for obstruction in shown
    ]


_OUTCOMES = ("followed_up", "missed", "still_housed", "work_or_education", "debt_free")
_RELAPSES = ("in_aftercare", "relapsed_within_12_months")


def _outcomes(facts: Facts, cut: Cut, threshold: int | None) -> list[OutcomeCount]:
    leaves: dict[tuple[str, int], dict[Coordinates, int]] = defaultdict(dict)
    for fact in facts.outcomes:
        for measure in _OUTCOMES:
            cells = leaves[measure, fact.month]
            key = (fact.cohort.isoformat(), fact.programma, fact.age_band)
            cells[key] = cells.get(key, 0) + getattr(fact, measure)
    published = {key: figures(cells, threshold) for key, cells in leaves.items()}
    shown = sorted({(f.cohort, f.programma, f.month) for f in facts.outcomes
                    if cut.holds(f.programma, f.age_band)})  # fmt: skip
    return [
        OutcomeCount(cohort=cohort, programma=programma, month=month, **{
            measure: published[measure, month]((cohort.isoformat(), programma,
                                                cut.coordinates[1]))
            for measure in _OUTCOMES})
        for cohort, programma, month in shown
    ]  # fmt: skip


def _relapses(facts: Facts, cut: Cut, threshold: int | None) -> list[RelapseCount]:
    return [
        RelapseCount(cohort=cohort, programma=programma, **measures)
        for cohort, programma, measures in _per_cohort(facts.relapses, _RELAPSES, cut, threshold)
    ]


def _per_cohort(
    facts: Sequence[RelapseFact | FundFact],
    measures: tuple[str, ...],
    cut: Cut,
    threshold: int | None,
) -> list[tuple[date, str, dict[str, Figure]]]:
    """Per cohort and programme in the cut: one cube per measure (cohort x programme x band)."""
    leaves: dict[str, dict[Coordinates, int]] = defaultdict(dict)
    for fact in facts:
        for measure in measures:
            key = (fact.cohort.isoformat(), fact.programma, fact.age_band)
            leaves[measure][key] = leaves[measure].get(key, 0) + getattr(fact, measure)
    published = {measure: figures(cells, threshold) for measure, cells in leaves.items()}
    shown = sorted({(f.cohort, f.programma) for f in facts if cut.holds(f.programma, f.age_band)})
    return [
        (cohort, programma, {
            measure: published[measure]((cohort.isoformat(), programma, cut.coordinates[1]))
            for measure in measures})
        for cohort, programma in shown
    ]  # fmt: skip


_FUND = ("started", "counterpart_agreed", "counterpart_completed", "write_off_revoked", "debt_free")


def _fund(facts: Facts, cut: Cut, threshold: int | None) -> list[FundCohort]:
    return [
        FundCohort(cohort=cohort, programma=programma, **measures)
        for cohort, programma, measures in _per_cohort(facts.fund, _FUND, cut, threshold)
    ]


def publish(  # noqa: PLR0913 - each is named at the call site
    facts: Facts,
    *,
    gemeentecode: str,
    start: date,
    end: date,
    cut: Cut,
    threshold: int | None,
) -> Report:
    """The report of `cut`: exact where `threshold` is None, else small cells protected."""
    rows, totals, published = _flows(facts, cut, threshold)
    return Report(
        gemeentecode=gemeentecode,
        start=start,
        end=end,
        programma=cut.programma,
        age_band=cut.age_band,
        rows=rows,
        phases=_phases(facts, cut, threshold),
        deadlines=_deadlines(totals),
        escalations=_escalations(facts, cut, threshold),
        outcomes=_outcomes(facts, cut, threshold),
        relapses=_relapses(facts, cut, threshold),
        durations=publish_durations(
            facts.durations, programma=cut.programma, age_band=cut.age_band, threshold=threshold
        ),
        satisfaction=_satisfaction(facts, cut, published),
        conversations=_conversations(facts, cut, published),
        fund=_fund(facts, cut, threshold),
        totals=totals,
        suppression=None if threshold is None else rule(threshold),
    )
