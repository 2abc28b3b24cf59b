"""What a report holds: the shapes the JSON, the CSV and the web view's charts share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Literal

from pydantic import BaseModel, computed_field

from shared.figures.suppression import (
    ALL,
    Figure,
)

# Metric code -> Dutch label. Flows are counted per month of the day they happened.
METRICS: dict[str, str] = {
    "aanmelding": "Aanmeldingen",
    "inschrijving": "Inschrijvingen",
    "start_programma": "Gestart in een programma",
    "schulden_geregeld": "Schuldenvrij",
    "jpf_tegenprestatie_afgerond": "JPF-tegenprestaties afgerond",
    "jpf_kwijtschelding_ingetrokken": "JPF-kwijtscheldingen ingetrokken",
    "gehuisvest": "Gehuisvest",
    "wgs_termijn_overschreden": "Wgs-termijn eerste gesprek overschreden",
    "zes_weken_termijn_overschreden": "Woonplan niet binnen zes weken",
    "uitstroom": "Uitstroom",
    "terugval": "Terugval",
    "schuldhulp_aangevraagd": "Schuldhulp aangevraagd",
    "dakloos_geregistreerd": "Dakloos geregistreerd",
    "dagen_dakloos_tot_gehuisvest": "Dagen van dakloos tot gehuisvest",
    "huisuitzetting_dreigt": "Dreigende huisuitzettingen",
    "huisuitzetting_voorkomen": "Huisuitzettingen voorkomen",
    "uitgezet": "Huisuitzettingen uitgevoerd",
    "begeleiding_afgesloten": "Begeleiding afgesloten",
    "werk_gestart": "Aan het werk gegaan (tijdens begeleiding)",
    "opleiding_gestart": "Opleiding gestart (tijdens begeleiding)",
    "dagbesteding_gestart": "Dagbesteding gestart (tijdens begeleiding)",
    "zorg_doorverwezen": "Doorverwezen naar zorg (tijdens begeleiding)",
    # From the durable timers' facts (awaited.py); the dimension is the deadline's kind.
    "termijn_gehaald": "Termijn gehaald",
    "termijn_gemist": "Termijn gemist",
    # Mijn mening (intake's feedback-given): the dimension is the rating, 1 to 5.
    "tevredenheid_contact": "Tevredenheid over een contact (cijfer 1-5)",
    "tevredenheid_programma": "Tevredenheid over het programma (cijfer 1-5)",
    # The seeds' figures (issue 22 item 5).
    "toekomstgesprek": "Toekomstgesprekken (gekozen perspectief / wat volgde)",
    "woontoelage_toegekend": "Woontoelagen toegekend",
    "maatwerk_toegepast": "Maatwerk toegepast (per regel)",
    "jpf_gestart": "Gestart in het Jongeren Perspectief Fonds",
    "jpf_tegenprestatie_afgesproken": "JPF-tegenprestaties afgesproken",
    "jpf_schulden_overgenomen": "JPF: schulden overgenomen door het fonds",
    # Income (issue 21): in and out of bijstand, allowances, the search period waived.
    "bijstand_instroom": "Instroom in de bijstand (per norm)",
    "bijstand_uitstroom": "Uitstroom uit de bijstand (per reden)",
    "toeslag_toegekend": "Toeslagen toegekend (per soort)",
    "zoektermijn_vrijgesteld": "Zoektermijn vrijgesteld (maatwerk, per reden)",
}
# A metric whose dimension holds two coordinates, "perspective/what followed": its cube splits
# them, so each is a margin of its own (the conversations per perspective, per follow-up), and
# has no month: five coordinates made the protection's hypercube search take minutes on a
# year's table (bench/reports.py), so it is published over the period only (no monthly rows).
SPLIT = "/"
SPLIT_METRICS = {"toekomstgesprek": 2}
# What may follow a toekomstgesprek (the first of these on or after its day; none yet: NOTHING).
FOLLOW_UPS = ("werk", "vrijwilligerswerk", "opleiding", "dagbesteding", "zorg")
NOTHING_YET = "nog_niets"
# The satisfaction metrics, what each rates, and the ratings a young person can give.
SATISFACTION = {"tevredenheid_contact": "contact", "tevredenheid_programma": "programma"}
RATINGS = ("1", "2", "3", "4", "5")
# Where a metric's count alone misleads, its total says more: `dagen_dakloos_tot_gehuisvest`
# counts the young people housed out of homelessness and totals their days (mean = total/count).

# The programme or age band of a young person whose registration has not arrived (yet).
UNKNOWN = "onbekend"

# What a report may be narrowed to: intake's codes, or the young people not (yet) registered.
Programma = Literal["jpf", "dtj", "toekomstgesprek", "rodeloper", "regulier", "onbekend"]
AgeBand = Literal["16-17", "18-22", "23-27", "onbekend"]


class ReportRow(BaseModel):
    """One metric in one cell: municipality and month, programme and age band.

    `dimension` splits a metric where that matters (the referrer of an aanmelding, the
    destination of uitstroom: werk, opleiding, dagbesteding, zorg); `total` sums a value where
    one is counted (days from homeless to housed), else None. Shown to anyone but the
    auditor, a small `count` reads "<5" and a complementary one "x" (shared.figures), and
    the `total` of either "x".
    """

    month: date
    programma: str
    age_band: str
    metric: str
    dimension: str | None
    count: Figure
    total: Figure | None


@dataclass(slots=True)
class Flow:
    """One row of the flows as the store sums them: what a report's rows are made from.

    A plain record, not a model: a municipality's year has some 10,000, and validating each
    into a `ReportRow` only to copy it again when published cost more than the SQL.
    """

    month: date
    programma: str
    age_band: str
    metric: str
    dimension: str | None
    count: int
    total: int | None


def dimensions_of(metric: str, dimension: str | None) -> tuple[str, ...]:
    """A row's dimension as the cube's coordinates: one, or a split metric's parts."""
    parts = SPLIT_METRICS.get(metric)
    if parts is None:
        return (dimension or "",)
    found = (dimension or "").split(SPLIT, parts - 1)
    return (*found, *[UNKNOWN] * (parts - len(found)))


def monthly(metric: str) -> bool:
    """Whether the metric's cube has the month as a coordinate (every one but a split one)."""
    return metric not in SPLIT_METRICS


def cell_of(
    metric: str, month: str | None, programma: str, age_band: str, dimensions: tuple[str, ...]
) -> tuple[str, ...]:
    """A cell of the metric's cube; `month` None: over every month (a split metric has none)."""
    if not monthly(metric):
        return (programma, age_band, *dimensions)
    return (month or ALL, programma, age_band, *dimensions)


def leaf_of(row: Flow | ReportRow) -> tuple[str, ...]:
    """The row's cell in its metric's cube: (month,) programme, age band and its dimensions.

    The report and the comparison's publisher both use it, so both protect the same table.
    """
    dimensions = dimensions_of(row.metric, row.dimension)
    return cell_of(row.metric, row.month.isoformat(), row.programma, row.age_band, dimensions)


class ReportTotal(BaseModel):
    """A metric summed over the report's cut: per month, per dimension, or over the period.

    `month` None: the whole period; `dimension` None: every dimension ("" where a fact named
    none). Protected in the same table as the rows, so no total gives a hidden row away.
    """

    metric: str
    month: date | None
    dimension: str | None
    count: Figure


class PhaseCount(BaseModel):
    """How many young people stand in one phase now: a stock, not a flow."""

    track: str  # "rodeloper", "schulden" or "wonen"
    code: str
    count: Figure


class DeadlineCount(BaseModel):
    """One kind of deadline over the period: met, and missed as its timer recorded."""

    kind: str  # eerste_gesprek, eerste_week, woonplan, toekomstplan, overgangsplan
    label: str
    met: Figure
    missed: Figure

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share_met(self) -> float | None:
        """Met over met and missed (overgangsplan: transitions agreed before 18); None if none.

        None too where either is hidden: the share would give it away.
        """
        if not isinstance(self.met, int) or not isinstance(self.missed, int):
            return None
        return _share(self.met, self.met + self.missed)


class EscalationCount(BaseModel):
    """The Doorbraken asked in the period for one obstructing rule, and how they stand."""

    obstruction: str
    requested: Figure
    resolved: Figure  # broken through: by maatwerk or a changed rule
    not_resolved: Figure  # settled as not broken through
    open: Figure  # not settled by the end of the period


def _share(part: Figure, whole: Figure) -> float | None:
    """A share only of exact counts: of a hidden one it would give the count away."""
    if not isinstance(part, int) or not isinstance(whole, int):
        return None
    return round(part / whole, 3) if whole else None


class OutcomeCount(BaseModel):
    """One enrolment cohort of a programme, `month` months after the exit (nazorg).

    The shares are of the young people followed up; those missed are counted apart, never
    guessed.
    """

    cohort: date  # the month of the first start in the programme
    programma: str
    month: int  # 6 or 12
    followed_up: Figure
    missed: Figure
    still_housed: Figure
    work_or_education: Figure
    debt_free: Figure

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share_still_housed(self) -> float | None:
        """Still housed over followed up; None if no one was."""
        return _share(self.still_housed, self.followed_up)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share_work_or_education(self) -> float | None:
        """In work or education over followed up."""
        return _share(self.work_or_education, self.followed_up)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share_debt_free(self) -> float | None:
        """Debt-free over followed up."""
        return _share(self.debt_free, self.followed_up)


class RelapseCount(BaseModel):
    """One enrolment cohort of a programme: in nazorg, and relapsed within 12 months of exit."""

    cohort: date
    programma: str
    in_aftercare: Figure
    relapsed_within_12_months: Figure

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share_relapsed(self) -> float | None:
        """Relapsed over in nazorg."""
        return _share(self.relapsed_within_12_months, self.in_aftercare)


class MilestoneTime(BaseModel):
    """Days from the start in a programme to one milestone, over those of a cohort who reached it.

    `median_days` and `p75_days` are null where `withheld` says why: no one reached it, or
    (protected) the count they would be taken over is hidden or at most the threshold.
    """

    milestone: str  # time_to_outcome.MILESTONES
    reached: Figure
    median_days: float | None
    p75_days: float | None
    withheld: str | None


class CohortTimes(BaseModel):
    """One enrolment cohort of a programme: its size and its time to each milestone."""

    grain: Literal["maand", "kwartaal"]
    cohort: str  # the month ("2024-01") or quarter ("2024-K1") of the first start
    programma: str
    started: Figure
    milestones: list[MilestoneTime]


class SatisfactionCount(BaseModel):
    """Young people's ratings of one programme over the period (Mijn mening).

    How many ratings, and how many gave each, from 1 (not at all satisfied) to 5 (very).

    Cells of the rows' protected table (per metric: month x programme x age band x rating,
    with every margin), so no rating count is recovered from the monthly rows or another cut.
    """

    about: str  # contact or programma
    programma: str
    given: Figure
    ratings: dict[str, Figure]  # "1" to "5"


class ConversationCount(BaseModel):
    """Toekomstgesprekken held in the period with one chosen perspective, and what followed.

    `perspective` "alle": every perspective. `followed` counts, per follow-up, the
    conversations whose first follow-up on or after their day (up to the report's day) was
    that one: work or education started, dagbesteding started, a referral to care, or an exit
    to any of them or to volunteering; `nog_niets` none yet. Cells of the `toekomstgesprek`
    rows' protected cube, so none is recovered from the rows or another cut.
    """

    perspective: str
    held: Figure
    followed: dict[str, Figure]  # FOLLOW_UPS and NOTHING_YET


class FundCohort(BaseModel):
    """One cohort of the Jongeren Perspectief Fonds: who started in the month, and since.

    Per young person (their first start in the fund: a jpf trajectory asked for or joined);
    each measure counts those with that fact on or after the start, up to the report's day.
    A share is of exact counts only (a hidden count would be given away).
    """

    cohort: date
    programma: str
    started: Figure
    counterpart_agreed: Figure
    counterpart_completed: Figure
    write_off_revoked: Figure
    debt_free: Figure

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share_debt_free(self) -> float | None:
        """Debt-free over started: the fund's debt-free rate."""
        return _share(self.debt_free, self.started)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def share_counterpart_completed(self) -> float | None:
        """Counterparts completed over agreed."""
        return _share(self.counterpart_completed, self.counterpart_agreed)


class Report(BaseModel):
    """A municipality's report over a period, optionally for one programme or age band."""

    gemeentecode: str
    start: date
    end: date
    programma: str | None
    age_band: str | None
    rows: list[ReportRow]
    phases: list[PhaseCount]
    deadlines: list[DeadlineCount] = []
    escalations: list[EscalationCount] = []
    # Outcomes that last, per enrolment cohort in the period (outcomes.py).
    outcomes: list[OutcomeCount] = []
    relapses: list[RelapseCount] = []
    # Time to outcome per enrolment cohort (month, then quarter) in the period.
    durations: list[CohortTimes] = []
    # Young people's satisfaction per programme over the period (Mijn mening).
    satisfaction: list[SatisfactionCount] = []
    # Toekomstgesprekken per chosen perspective and what followed (the seeds' figures).
    conversations: list[ConversationCount] = []
    # The Jongeren Perspectief Fonds per start cohort: debt-free rate, counterpart completion.
    fund: list[FundCohort] = []
    # The rows' margins over the cut, protected with them: what charts and key figures show.
    totals: list[ReportTotal] = []
    # How small counts are protected, in Dutch; None where the counts are exact (the auditor).
    suppression: str | None = None
