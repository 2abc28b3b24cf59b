"""What a signal is, who sees it, and how it reads: pure rules for the API and the web view.

- The jongerenregisseur sees every signal of the young people assigned to them, of every
  domain; of another domain only the kind, the domain and the day (its detail code is the
  domain's business, as its timeline entries are without consent).
- A domain worker sees their own domain's signals in their municipality; the intake worker
  intake's own (the possible duplicates among them). A failed reaction belongs to the domain
  whose policy failed.
- The auditor sees all of their municipality; another municipality sees nothing.
- A service's broken hash chains (`integriteit_geschonden`) are the privacy officer's and the
  auditor's alone: they name no young person, and no worker's work covers them.
- A young person's request to correct or erase their data (`verzoek_betrokkene`, late:
  `verzoek_betrokkene_te_laat`) is the privacy officer's to answer (and the auditor's to see):
  the young person asked the municipality's privacy office, not their workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime  # noqa: TC003 - pydantic needs them at runtime
from typing import Literal
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, Field

from services.timeline.read_model.access import Viewer, directs
from services.timeline.signals.rules import (
    BLOCKED,
    BREAKTHROUGH,
    DEAD_LETTER,
    DUE_SOON,
    DUPLICATE,
    EVICTION,
    FOLLOW_UP_MISSED,
    INTEGRITY,
    MISSED,
    NO_CONTACT,
    NO_TRANSITION_PLAN,
    SUBJECT_REQUEST,
    SUBJECT_REQUEST_LATE,
    SUBJECT_REQUESTS,
    TRANSITION_DUE,
)

PRIVACY_OFFICER = "privacy_officer"
State = Literal["open", "erkend", "gesluimerd", "opgelost"]
STATES: tuple[State, ...] = ("open", "erkend", "gesluimerd", "opgelost")
DOMAIN_NAMES = {  # (nl, en)
    "intake": ("intake", "intake"),
    "debts": ("schulden", "debts"),
    "housing": ("wonen", "housing"),
    "coaching": ("werk en coaching", "work and coaching"),
    "income": ("inkomen", "income"),
    "timeline": ("de tijdlijn (haar verwerkingslog)", "the timeline (its processing log)"),
}
DEADLINES = {  # which deadline: (nl, en)
    "eerste_gesprek": ("het eerste schuldhulpgesprek", "the first debt-help conversation"),
    "eerste_week": ("een dak en postadres in de eerste week",
                    "a roof and postal address in the first week"),
    "eerste_week_dak": ("een dak in de eerste week", "a roof in the first week"),
    "eerste_week_briefadres": ("een briefadres in de eerste week",
                               "a postal address in the first week"),
    "woonplan": ("het woonplan", "the housing plan"),
    "toekomstplan": ("het toekomstplan", "the future plan"),
    "planevaluatie": ("de evaluatie van het toekomstplan", "the review of the future plan"),
    "doel": ("een doel uit het toekomstplan", "a goal of the future plan"),
    "nazorg": ("een nazorgcontact", "an aftercare follow-up"),
}  # fmt: skip


REQUESTS = {  # what the young person asked for: (nl, en)
    "correctie": ("correctie van gegevens (AVG art. 16)", "a correction of data (GDPR art. 16)"),
    "verwijdering": ("verwijdering van gegevens (AVG art. 17)",
                     "an erasure of data (GDPR art. 17)"),
}  # fmt: skip


@dataclass(frozen=True)
class Found:
    """A signal as the read model holds it (stored) or today's date makes it (derived)."""

    signal_id: UUID
    youth_id: str
    kind: str
    domain: str
    urgency: int
    detail: str
    due_on: date | None
    raised_at: datetime
    resolved_at: datetime | None = None
    resolved_by: UUID | None = None
    director_id: str | None = None


@dataclass(frozen=True)
class Action:
    """A worker's acknowledgement or snooze."""

    action: str
    note: str | None
    until_on: date | None
    actor: str
    acted_at: datetime


class Signal(BaseModel):
    """One thing that needs attention, as the caller may see it."""

    signal_id: UUID = Field(description="Deterministic: the same signal live and rebuilt.")
    youth_id: str
    kind: str = Field(examples=[MISSED])
    domain: str = Field(examples=["debts"])
    urgency: int = Field(description="1 te laat/geblokkeerd, 2 binnenkort, 3 ter info.")
    explanation: str = Field(description="In Dutch, for the worker.")
    explanation_en: str
    due_on: date | None = Field(description="The last day that was (or is) in time.")
    raised_at: datetime
    resolved_at: datetime | None
    resolved_by: UUID | None = Field(description="The event that resolved it, when one did.")
    state: State
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    note: str | None = None
    snoozed_until: date | None = None


class SignalPage(BaseModel):
    """One page of the caller's signals, most urgent first."""

    items: list[Signal]
    total: int
    page: int
    per_page: int


def sees(viewer: Viewer, domain: str, director_id: str | None, kind: str = "") -> bool:
    """May `viewer` (of the signal's municipality) see a signal of `domain` about this youth?"""
    if kind == INTEGRITY or kind in SUBJECT_REQUESTS:
        return viewer.auditor or PRIVACY_OFFICER in viewer.roles
    if viewer.auditor or directs(viewer, director_id):
        return True
    if domain == "intake":
        return "intake" in viewer.roles
    return domain in viewer.own_domains


def knows_detail(viewer: Viewer, domain: str) -> bool:
    """Does the viewer's own work cover the domain's detail (which deadline, what is open)?"""
    if viewer.auditor or domain in viewer.own_domains - {"intake"}:
        return True
    return domain == "intake" and bool({"intake", "regisseur"} & viewer.roles)


def state_of(found: Found, actions: list[Action], today: date) -> State:
    """Resolved beats all; a snooze hides until its day; an acknowledgement stays shown."""
    if found.resolved_at is not None:
        return "opgelost"
    last = actions[-1] if actions else None
    if last is not None and last.action == "gesluimerd" and last.until_on and last.until_on > today:
        return "gesluimerd"
    return "erkend" if any(a.action == "erkend" for a in actions) else "open"


def shown(found: Found, viewer: Viewer, actions: list[Action], today: date) -> Signal:
    """The signal as this viewer reads it, on `today`."""
    nl, en = explain(found, today, detail=knows_detail(viewer, found.domain))
    acknowledged = [a for a in actions if a.action == "erkend"]
    snoozes = [a for a in actions if a.action == "gesluimerd"]
    ack = acknowledged[-1] if acknowledged else None
    return Signal(
        signal_id=found.signal_id, youth_id=found.youth_id, kind=found.kind,
        domain=found.domain, urgency=found.urgency, explanation=nl, explanation_en=en,
        due_on=found.due_on, raised_at=found.raised_at, resolved_at=found.resolved_at,
        resolved_by=found.resolved_by, state=state_of(found, actions, today),
        acknowledged_by=ack.actor if ack else None, acknowledged_at=ack.acted_at if ack else None,
        note=ack.note if ack else None, snoozed_until=snoozes[-1].until_on if snoozes else None,
    )  # fmt: skip


def _day(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "onbekend"


def explain(found: Found, today: date, *, detail: bool) -> tuple[str, str]:
    """The signal in a sentence, Dutch and English; without `detail`, kind and domain only."""
    domain_nl, domain_en = DOMAIN_NAMES.get(found.domain, (found.domain, found.domain))
    what_nl, what_en = DEADLINES.get(found.detail, ("een termijn", "a deadline"))
    # Without detail only the domain shows: "Een termijn bij schulden", not which one.
    term_nl, term_en = (
        (f"De termijn voor {what_nl}", f"The deadline for {what_en}")
        if detail
        else (f"Een termijn bij {domain_nl}", f"A deadline in {domain_en}")
    )
    due = _day(found.due_on)
    if found.kind == MISSED:
        return (f"{term_nl} is verstreken (uiterlijk {due}).",
                f"{term_en} has passed (due {due}).")  # fmt: skip
    if found.kind == DUE_SOON:
        days = (found.due_on - today).days if found.due_on else 0
        when_nl = "vandaag" if days == 0 else f"over {days} dag{'en' if days != 1 else ''}"
        when_en = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return (f"{term_nl} verloopt {when_nl} ({due}).",
                f"{term_en} ends {when_en} ({due}).")  # fmt: skip
    if found.kind == NO_CONTACT:
        last = _day(found.raised_at.date()) if not found.detail else found.detail
        return (f"Geen contact vastgelegd sinds {last}.", f"No contact recorded since {last}.")
    return _explain_fact(found, domain_nl, domain_en, detail=detail)


def _explain_fact(found: Found, domain_nl: str, domain_en: str, *, detail: bool) -> tuple[str, str]:
    code = f" ({found.detail.replace('_', ' ')})" if detail and found.detail else ""
    asked_nl, asked_en = REQUESTS.get(found.detail, ("een verzoek", "a request"))
    due = _day(found.due_on)
    sentences = {
        EVICTION: ("Dreigende huisuitzetting zonder lopend schuldhulptraject.",
                   "Eviction threatened without an open debt-help trajectory."),
        BLOCKED: (f"Vastgelopen bij {domain_nl}: er staat nog iets open{code}.",
                  f"Blocked in {domain_en}: something stands open{code}."),
        DUPLICATE: (f"Mogelijk dubbel ingeschreven: lijkt op een andere jongere{code}.",
                    f"Possibly registered twice: resembles another young person{code}."),
        DEAD_LETTER: (f"Een automatische reactie van {domain_nl} is mislukt en wacht op beheer.",
                      f"An automatic reaction of {domain_en} failed and awaits an operator."),
        BREAKTHROUGH: (f"Doorbraak gevraagd{code}, nog niet opgelost.",
                       f"Breakthrough requested{code}, not resolved yet."),
        TRANSITION_DUE: ("Wordt binnen zes maanden 18: spreek een overgangsplan af.",
                         "Turns 18 within six months: agree a transition plan."),
        NO_TRANSITION_PLAN: ("18 geworden zonder overgangsplan.",
                             "Turned 18 without a transition plan."),
        FOLLOW_UP_MISSED: (f"Nazorgcontact na {found.detail} maanden niet op tijd vastgelegd.",
                           f"Aftercare follow-up after {found.detail} months not in time."),
        INTEGRITY: (f"Hashketens van {domain_nl} niet intact: {found.detail} probleem/problemen.",
                    f"Hash chains of {domain_en} not intact: {found.detail} problem(s)."),
        SUBJECT_REQUEST: (f"De jongere vraagt om {asked_nl}: beantwoorden uiterlijk {due}.",
                          f"The young person asks for {asked_en}: answer by {due}."),
        SUBJECT_REQUEST_LATE: (f"Verzoek om {asked_nl} te laat: uiterlijk {due}.",
                               f"Request for {asked_en} overdue: due {due}."),
    }  # fmt: skip
    return sentences.get(found.kind, (f"Signaal bij {domain_nl}.", f"Signal in {domain_en}."))
