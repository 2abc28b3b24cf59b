"""The state of every life domain per young person: one line each, above the timeline.

A rule per event type turns the event's clear fields (and the domain's previous detail, for
counts such as creditors agreed) into a code, a Dutch label and the day it holds since. Like
the headlines, a new domain joins by adding rules here; events without a rule change nothing.
The number of days is added when read, so "in de opvang, 12 dagen" stays true tomorrow.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from services.timeline.read_model.catalogue import domain_of, shared
from services.timeline.read_model.vocabularies import MONTH_NAMES
from services.timeline.read_model.vocabularies import label as dutch

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

Data = Mapping[str, Any]


@dataclass(frozen=True)
class Status:
    """Where one life domain stands."""

    code: str
    label: str
    since: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)


Rule = Callable[[Data, dict[str, Any]], Status | None]


def _fixed(code: str, label: str, since: str) -> Rule:
    return lambda data, detail: Status(code, label, data.get(since), detail)


def _enrolled(data: Data, detail: dict[str, Any]) -> Status:
    programma = dutch("intake.Programma", data.get("programma"), "onbekend programma")
    return Status("in_programma", f"In {programma}", data.get("start_on"), detail)


def _exited(data: Data, detail: dict[str, Any]) -> Status:
    remaining = data.get("still_enrolled_in") or []
    if remaining:  # one programme ended; the young person is still in another
        left = dutch("intake.Programma", data.get("programma"), "onbekend programma")
        still = ", ".join(dutch("intake.Programma", p, "onbekend programma") for p in remaining)
        label = f"{left} afgerond; nog in {still}"
        return Status("in_programma", label, data.get("exit_on"), detail)
    where = dutch("intake.Destination", data.get("destination"), "onbekend")
    return Status("uitgestroomd", f"Uitgestroomd, naar {where}", data.get("exit_on"), detail)


def _inventory(data: Data, detail: dict[str, Any]) -> Status:
    count = int(data.get("creditor_count") or 0)
    return Status(
        "schuldenoverzicht",
        f"Schuldenoverzicht: {count} schuldeiser{'s' if count != 1 else ''}",
        data.get("completed_on"),
        {**detail, "creditors": count},
    )


def _agreement(kind: str, agreed: int, creditors: int) -> str:
    return f"{kind} voorgesteld, {agreed} van {creditors} schuldeisers akkoord"


def _proposed(data: Data, detail: dict[str, Any]) -> Status:
    kind = dutch("debts.SolutionKind", data.get("solution_kind"), "schuldregeling").capitalize()
    creditors = int(detail.get("creditors", 0))
    label = _agreement(kind, 0, creditors)
    return Status("regeling_voorgesteld", label, data.get("proposed_on"),
                  {**detail, "kind": kind, "agreed": 0})  # fmt: skip


def _responded(data: Data, detail: dict[str, Any]) -> Status | None:
    if "kind" not in detail:
        return None  # a response outside a proposal changes no summary
    agreed = int(detail.get("agreed", 0)) + (data.get("response") == "akkoord")
    label = _agreement(str(detail["kind"]), agreed, int(detail.get("creditors", 0)))
    return Status("regeling_voorgesteld", label, detail.get("since"), {**detail, "agreed": agreed})


def _housed(data: Data, detail: dict[str, Any]) -> Status:
    form = dutch("housing.HousingForm", data.get("form"), "woning")
    return Status("gehuisvest", f"Gehuisvest: {form}", data.get("from_on"), detail)


def _coach(data: Data, detail: dict[str, Any]) -> Status:
    kind = dutch("coaching.CoachKind", data.get("kind"), "Coach")
    phase = detail.get("phase")
    label = f"Fase {phase}" if phase else f"{kind} toegewezen"
    return Status(f"fase_{phase}" if phase else "coach", label, data.get("from_on"), detail)


def _phase(data: Data, detail: dict[str, Any]) -> Status:
    phase = dutch("coaching.Phase", data.get("phase"), "onbekend")
    relapse = " (na terugval)" if data.get("after_relapse") else ""
    return Status(f"fase_{phase}", f"Fase {phase}{relapse}", data.get("started_on"),
                  {**detail, "phase": phase})  # fmt: skip


def _work(data: Data, detail: dict[str, Any]) -> Status:
    kind = dutch("coaching.WorkKind", data.get("kind"), "werk")
    return Status("aan_het_werk", f"Aan het werk ({kind})", data.get("started_on"), detail)


def _months(data: Data) -> str:
    month = data.get("month")
    return f"{month} maand{'' if month == 1 else 'en'}"


def _followed_up(data: Data, detail: dict[str, Any]) -> Status:
    label = f"In nazorg: contact na {_months(data)} vastgelegd"
    return Status("nazorg", label, data.get("followed_up_on"), detail)


def _follow_up_missed(data: Data, detail: dict[str, Any]) -> Status:
    label = f"In nazorg: contact na {_months(data)} niet op tijd"
    return Status("nazorg_contact_gemist", label, data.get("due_on"), detail)


def _aftercare_ended(data: Data, detail: dict[str, Any]) -> Status:
    reason = dutch("intake.AftercareEndReason", data.get("reason"), "onbekende reden")
    return Status("nazorg_beeindigd", f"Nazorg beëindigd ({reason})", data.get("ended_on"), detail)


def _graduated(data: Data, detail: dict[str, Any]) -> Status:
    diploma = "met diploma" if data.get("diploma") else "zonder diploma"
    return Status("opleiding_afgerond", f"Opleiding afgerond, {diploma}",
                  data.get("graduated_on"), detail)  # fmt: skip


def _coaching_ended(data: Data, _detail: dict[str, Any]) -> Status:
    where = dutch("coaching.Destination", data.get("destination"), "onbekend")
    return Status("afgesloten", f"Begeleiding afgesloten, naar {where}", data.get("ended_on"), {})


def _on_benefit(data: Data, detail: dict[str, Any]) -> Status:
    """On bijstand since the grant's first day: "Bijstand sinds maart 2024" (months when read)."""
    since = data.get("from_on") or detail.get("from_on")
    label = "Bijstand"
    if isinstance(since, str):
        first = date.fromisoformat(since)
        label = f"Bijstand sinds {MONTH_NAMES[first.month - 1]} {first.year}"
    return Status("bijstand", label, since, {**detail, "from_on": since})


def _benefit_ended(data: Data, _detail: dict[str, Any]) -> Status:
    reason = dutch("income.BenefitEndReason", data.get("reason"), "onbekende reden")
    return Status("bijstand_beeindigd", f"Bijstand beëindigd ({reason})", data.get("ended_on"), {})


def _benefit_refused(data: Data, _detail: dict[str, Any]) -> Status:
    reason = dutch("income.BenefitRefusalReason", data.get("reason"), "onbekende reden")
    return Status("bijstand_afgewezen", f"Bijstand afgewezen ({reason})",
                  data.get("refused_on"), {})  # fmt: skip


RULES: dict[str, Rule] = {
    "nl.regie.intake.youth-referred": _fixed("aangemeld", "Aangemeld", "received_on"),
    "nl.regie.intake.youth-registered": _fixed("ingeschreven", "Ingeschreven", "registered_on"),
    "nl.regie.intake.programme-enrolled": _enrolled,
    "nl.regie.intake.programme-exited": _exited,
    "nl.regie.intake.aftercare-started": _fixed("nazorg", "In nazorg", "started_on"),
    "nl.regie.intake.follow-up-recorded": _followed_up,
    "nl.regie.intake.follow-up-missed": _follow_up_missed,
    "nl.regie.intake.aftercare-ended": _aftercare_ended,
    "nl.regie.debts.debt-help-requested": _fixed(
        "aangevraagd", "Schuldhulp aangevraagd", "requested_on"
    ),
    "nl.regie.debts.first-conversation-held": _fixed(
        "eerste_gesprek", "Eerste gesprek gevoerd", "held_on"
    ),
    "nl.regie.debts.debt-inventory-completed": _inventory,
    "nl.regie.debts.settlement-proposed": _proposed,
    "nl.regie.debts.creditor-responded": _responded,
    "nl.regie.debts.debt-taken-over-by-fund": _fixed(
        "fonds", "Schulden overgenomen door het fonds", "taken_over_on"
    ),
    "nl.regie.debts.write-off-revoked": _fixed(
        "kwijtschelding_ingetrokken", "Kwijtschelding ingetrokken", "revoked_on"
    ),
    "nl.regie.debts.debts-settled": _fixed("schuldenvrij", "Schuldenvrij", "settled_on"),
    "nl.regie.debts.debt-trajectory-ended": _fixed("beeindigd", "Traject beëindigd", "ended_on"),
    "nl.regie.housing.homelessness-registered": _fixed("dakloos", "Dakloos", "since"),
    "nl.regie.housing.shelter-admitted": _fixed("in_opvang", "In de opvang", "admitted_on"),
    "nl.regie.housing.shelter-left": _fixed("dakloos", "Opvang verlaten, dakloos", "left_on"),
    "nl.regie.housing.housed": _housed,
    "nl.regie.housing.eviction-threatened": _fixed(
        "huisuitzetting_dreigt", "Huisuitzetting dreigt", "signalled_on"
    ),
    "nl.regie.housing.eviction-prevented": _fixed(
        "gehuisvest", "Gehuisvest, huisuitzetting voorkomen", "prevented_on"
    ),
    "nl.regie.housing.evicted": _fixed("uitgezet", "Uitgezet", "evicted_on"),
    "nl.regie.housing.housing-ended": _fixed("beeindigd", "Woonsituatie beëindigd", "ended_on"),
    "nl.regie.coaching.coach-assigned": _coach,
    "nl.regie.coaching.coaching-phase-started": _phase,
    "nl.regie.coaching.work-started": _work,
    "nl.regie.coaching.education-started": _fixed("opleiding", "Opleiding gestart", "started_on"),
    "nl.regie.coaching.work-ended": _fixed("werk_beeindigd", "Werk beëindigd", "ended_on"),
    "nl.regie.coaching.education-completed": _graduated,
    "nl.regie.coaching.education-dropped": _fixed(
        "opleiding_verlaten", "Opleiding voortijdig verlaten", "left_on"
    ),
    "nl.regie.coaching.daytime-activity-started": _fixed(
        "dagbesteding", "Dagbesteding gestart", "started_on"
    ),
    "nl.regie.coaching.coaching-ended": _coaching_ended,
    "nl.regie.income.benefit-applied": _fixed("aangevraagd", "Bijstand aangevraagd", "applied_on"),
    "nl.regie.income.search-period-started": _fixed(
        "zoektermijn", "Bijstand aangevraagd, zoektermijn loopt", "started_on"
    ),
    "nl.regie.income.benefit-granted": _on_benefit,
    "nl.regie.income.benefit-resumed": _on_benefit,
    "nl.regie.income.benefit-suspended": _fixed(
        "bijstand_opgeschort", "Bijstand opgeschort", "suspended_on"
    ),
    "nl.regie.income.benefit-refused": _benefit_refused,
    "nl.regie.income.benefit-ended": _benefit_ended,
}
# Statuses whose days are worth counting ("in de opvang, 12 dagen").
COUNTED = frozenset({"dakloos", "in_opvang", "aangevraagd", "huisuitzetting_dreigt"})

_UPSERT = """
INSERT INTO {schema}.domain_states
    (youth_id, domain, gemeentecode, code, label, since, detail, stream_version, shared)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[],
                     $7::jsonb[], $8::integer[], $9::boolean[])
ON CONFLICT (youth_id, domain) DO UPDATE SET code = EXCLUDED.code, label = EXCLUDED.label,
    since = EXCLUDED.since, detail = EXCLUDED.detail, stream_version = EXCLUDED.stream_version,
    shared = EXCLUDED.shared
"""
# By the key's first column, so the primary key's index serves it: a row-wise IN over unnest
# was planned as a sequential scan of the whole table, per batch (quadratic in a rebuild).
_SELECT = """
SELECT youth_id, domain, detail FROM {schema}.domain_states WHERE youth_id = ANY($1::text[])
"""


class DomainStates:
    """Keeps `domain_states`; applied inside the timeline projection's transaction.

    Two round trips per batch whatever its size: read the details the batch's domains had,
    fold the batch's events over them in topic order (stream order per young person), write
    each domain's last state.
    """

    def __init__(self, schema: str) -> None:
        """Write into `schema`.domain_states."""
        self._upsert = _UPSERT.format(schema=schema)
        self._select = _SELECT.format(schema=schema)

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Fold the events with a rule into each domain's state; write the last of each."""
        ruled = [
            (e, RULES[e.name_and_version[0]]) for e in events if e.name_and_version[0] in RULES
        ]
        if not ruled:
            return
        keys = {(e.subject, domain_of(e.name_and_version[0])) for e, _ in ruled}
        stored = await conn.fetch(self._select, sorted({youth for youth, _ in keys}))
        details: dict[tuple[str, str], dict[str, Any]] = {
            (r["youth_id"], r["domain"]): json.loads(r["detail"])
            for r in stored
            if (r["youth_id"], r["domain"]) in keys
        }
        latest: dict[tuple[str, str], tuple[CloudEvent, Status]] = {}
        for event, rule in ruled:
            key = (event.subject, domain_of(event.name_and_version[0]))
            status = rule(event.data, details.get(key, {}))
            if status is None:
                continue
            since = status.since if isinstance(status.since, str) else None
            details[key] = {**status.detail, "since": since}
            latest[key] = (event, status if since == status.since else replace(status, since=since))
        if not latest:
            return
        rows = [
            (youth, domain, event.gemeentecode, status.code, status.label,
             date.fromisoformat(status.since) if status.since else None,
             json.dumps(details[youth, domain]), event.streamversion, shared(event))
            for (youth, domain), (event, status) in latest.items()
        ]  # fmt: skip
        await conn.execute(self._upsert, *(list(column) for column in zip(*rows, strict=True)))


# Statuses whose years and months are worth counting ("Bijstand sinds maart 2024, 2 jaar en 8
# maanden": the toekomstgesprek is for young people on bijstand over two years).
COUNTED_IN_MONTHS = frozenset({"bijstand"})


def years_and_months(since: date, today: date) -> str:
    """`2 jaar en 8 maanden`, `5 maanden`, `1 jaar`: whole months from `since` to `today`."""
    months = (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day)
    years, rest = divmod(max(months, 0), 12)
    parts = [f"{years} jaar"] if years else []
    if rest or not years:
        parts.append(f"{rest} maand{'' if rest == 1 else 'en'}")
    return " en ".join(parts)


def describe(code: str, label: str, since: date | None, today: date) -> str:
    """The label, with the days (or years and months) it has held where counting them helps."""
    if since is not None and code in COUNTED_IN_MONTHS:
        return f"{label}, {years_and_months(since, today)}"
    if since is None or code not in COUNTED:
        return label
    days = (today - since).days
    return f"{label}, {days} dag{'en' if days != 1 else ''}"
