"""The reports' read model: one row per counted fact.

The durable timers' facts (met and missed deadlines, the Doorbraak) are kept by awaited.py:
what the timers recorded is what counts, never a due date compared again when a report is read,
so reports, signals and the timeline agree. Nazorg's follow-ups are kept by outcomes.py,
the milestones of time to outcome by milestones.py. (The table `report_deadlines`, where
earlier versions compared due dates for the Wgs and six-week breaches, is no longer written.)

A second projection beside the timeline's, in its own consumer group, over the same topics.
Which event counts for which metric is data (`FACTS`): a new metric is a new line.
Programme and age band are not stored with a fact: most domain events do not carry them.
The facts are counted into `report_cells` per programme and age band in the same statement
(cells.py), classified with the reports' own copy of intake's facts, and counted again when a
late registration or a new band changes them; the toekomstgesprekken with what followed them
into `report_conversation_cells`; a report reads the cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from services.timeline.read_model.projection import occurred_at
from services.timeline.reports.awaited import AwaitedDeadlines
from services.timeline.reports.cells import Classification, Conversations, counted_insert
from services.timeline.reports.milestones import Milestones
from services.timeline.reports.outcomes import LastingOutcomes

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent


@dataclass(frozen=True)
class Counts:
    """An event counts once for `metric`, on the day in its field `on`.

    `dimension` names the field that splits the metric (referrer, destination, form); `value`
    names a number summed into the row's total, and then the event counts only if it has one;
    `only` (field, code) counts only the events whose field holds that code.
    """

    metric: str
    on: str
    dimension: str | None = None
    value: str | None = None
    only: tuple[str, str] | None = None


FACTS: dict[str, tuple[Counts, ...]] = {
    "nl.regie.intake.youth-referred": (Counts("aanmelding", "received_on", "referrer_type"),),
    "nl.regie.intake.youth-registered": (Counts("inschrijving", "registered_on"),),
    "nl.regie.intake.programme-enrolled": (Counts("start_programma", "start_on", "programma"),),
    "nl.regie.intake.programme-exited": (Counts("uitstroom", "exit_on", "destination"),),
    "nl.regie.debts.debt-help-requested": (
        Counts("schuldhulp_aangevraagd", "requested_on"),
        # Opened for a jpf enrolment: a start in the Jongeren Perspectief Fonds.
        Counts("jpf_gestart", "requested_on", only=("programma", "jpf")),
    ),
    "nl.regie.debts.trajectory-joined-fund": (Counts("jpf_gestart", "joined_on"),),
    "nl.regie.debts.counterpart-agreed": (
        Counts("jpf_tegenprestatie_afgesproken", "agreed_on", "kind"),
    ),
    "nl.regie.debts.debt-taken-over-by-fund": (
        Counts("jpf_schulden_overgenomen", "taken_over_on"),
    ),
    "nl.regie.debts.debts-settled": (Counts("schulden_geregeld", "settled_on", "solution_kind"),),
    "nl.regie.debts.counterpart-completed": (
        Counts("jpf_tegenprestatie_afgerond", "completed_on"),
    ),
    "nl.regie.debts.write-off-revoked": (
        Counts("jpf_kwijtschelding_ingetrokken", "revoked_on", "reason"),
    ),
    "nl.regie.housing.homelessness-registered": (
        Counts("dakloos_geregistreerd", "registered_on", "situation"),
    ),
    "nl.regie.housing.housed": (
        Counts("gehuisvest", "from_on", "form"),
        Counts("dagen_dakloos_tot_gehuisvest", "from_on", value="days_homeless"),
    ),
    "nl.regie.housing.eviction-threatened": (
        Counts("huisuitzetting_dreigt", "signalled_on", "reason"),
    ),
    "nl.regie.housing.eviction-prevented": (
        Counts("huisuitzetting_voorkomen", "prevented_on", "how"),
    ),
    "nl.regie.housing.evicted": (Counts("uitgezet", "evicted_on"),),
    "nl.regie.housing.housing-allowance-granted": (Counts("woontoelage_toegekend", "from_on"),),
    "nl.regie.coaching.relapse-signalled": (Counts("terugval", "signalled_on", "returns_to"),),
    "nl.regie.coaching.coaching-ended": (
        Counts("begeleiding_afgesloten", "ended_on", "destination"),
    ),
    # Outcomes while coached, whether or not the young person leaves a programme with them.
    "nl.regie.coaching.work-started": (Counts("werk_gestart", "started_on", "kind"),),
    "nl.regie.coaching.education-started": (Counts("opleiding_gestart", "started_on", "level"),),
    "nl.regie.coaching.daytime-activity-started": (Counts("dagbesteding_gestart", "started_on"),),
    "nl.regie.coaching.care-referred": (Counts("zorg_doorverwezen", "referred_on"),),
    # The perspective chosen; what followed is read beside it when a report is drawn up.
    "nl.regie.coaching.future-conversation-held": (
        Counts("toekomstgesprek", "held_on", "perspective"),
    ),
    # Income (issue 21): inflow into bijstand on its first paid day, by norm; outflow on its
    # last day, by reason (detention reads `anders` in clear); allowances granted, by kind; the
    # search period waived as maatwerk, by reason. Long-term bijstand is a stock: income's own
    # GET /reports/bijstand counts it.
    "nl.regie.income.benefit-granted": (Counts("bijstand_instroom", "from_on", "norm"),),
    "nl.regie.income.benefit-ended": (Counts("bijstand_uitstroom", "ended_on", "reason"),),
    "nl.regie.income.allowance-granted": (Counts("toeslag_toegekend", "granted_on", "kind"),),
    "nl.regie.income.search-period-waived": (
        Counts("zoektermijn_vrijgesteld", "waived_on", "reason"),
    ),
    # Maatwerk per rule deviated from: which should become structural.
    "nl.regie.intake.customisation-applied": (Counts("maatwerk_toegepast", "applied_on", "rule"),),
    # Mijn mening: the young person's ratings (1-5, the dimension), a metric per what they rate.
    "nl.regie.intake.feedback-given": (
        Counts("tevredenheid_contact", "given_on", "rating", only=("about", "contact")),
        Counts("tevredenheid_programma", "given_on", "rating", only=("about", "programma")),
    ),
}


@dataclass(frozen=True)
class Fact:
    """One row of `report_facts`."""

    event_id: Any
    metric: str
    youth_id: str
    gemeentecode: str
    dimension: str | None
    occurred_on: date
    value: int | None


def facts_of(event: CloudEvent) -> list[Fact]:
    """The facts one event counts for; none for an event no metric is about."""
    found = []
    for counts in FACTS.get(event.name_and_version[0], ()):
        value = event.data.get(counts.value) if counts.value else None
        if counts.value and (not isinstance(value, int) or isinstance(value, bool)):
            continue
        if counts.only and event.data.get(counts.only[0]) != counts.only[1]:
            continue
        dimension = event.data.get(counts.dimension) if counts.dimension else None
        found.append(
            Fact(
                event.id,
                counts.metric,
                event.subject,
                event.gemeentecode,
                None if dimension is None else str(dimension),
                occurred_at(event, counts.on).date(),
                value,
            )
        )
    return found


_INSERT = """
INSERT INTO {schema}.report_facts
    (event_id, metric, youth_id, gemeentecode, dimension, occurred_on, value)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[],
                     $7::integer[])
"""
# No ON CONFLICT, as in the timeline: the inbox makes each event arrive once.


class ReportsProjection:
    """Applied by its own projection runner, inside its transaction, with its inbox."""

    def __init__(self, schema: str, name: str = "timeline-reports") -> None:
        """Write into `schema`.report_facts and the parts' tables; `name` is the consumer group."""
        self.name = name
        self._insert = counted_insert(_INSERT.format(schema=schema), schema)
        self._classification = Classification(schema)
        self._conversations = Conversations(schema)
        self._awaited = AwaitedDeadlines(schema)
        self._lasting = LastingOutcomes(schema)
        self._milestones = Milestones(schema)

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """One insert each for the batch's facts and milestones; a statement per deadline event.

        The batch's programmes and bands first, so its facts count where they now belong; the
        conversations of the young people the batch touches out of their cells before, and in
        again after.
        """
        facts = [fact for event in events for fact in facts_of(event)]
        touched = Conversations.touched(events, [(f.youth_id, f.metric) for f in facts])
        await self._conversations.take_out(conn, touched)
        await self._classification.apply(conn, events)
        if facts:
            rows = [
                (f.event_id, f.metric, f.youth_id, f.gemeentecode, f.dimension,
                 f.occurred_on, f.value)
                for f in facts
            ]  # fmt: skip
            await conn.execute(self._insert, *(list(column) for column in zip(*rows, strict=True)))
        await self._conversations.count_in(conn, touched)
        for event in events:
            await self._awaited.apply(conn, event)
            await self._lasting.apply(conn, event)
        await self._milestones.apply(conn, events)
