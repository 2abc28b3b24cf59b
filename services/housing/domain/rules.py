"""The rules of housing: a command against the state either yields events or is refused.

Pure and synchronous: today arrives as an argument; nothing here does I/O. Refusals carry a
Dutch message (for the user; `str(error)`) and an English one (for the logs and the API's `en`
text), plus the input field at fault when there is one. Addresses and amounts are personal
data (ID, FIN): no message repeats them. Import these names from
`services.housing.domain.model`.

Choices the rules make:

- Dates of facts lie today or earlier; the period of a woontoelage may lie ahead (a grant for
  a coming period), but it ends after it starts. Periods are half-open, `[from_on, until_on)`:
  a new allowance may start on the day the previous one ends.
- Facts keep their order: a registration's `since` lies on or after the day the last housing
  ended; a stay is left on or after its admission, and admitted on or after the last stay was
  left and the last housing ended; a young person is housed on or after the registration of
  their homelessness, the admission of an open stay and the end of the last housing; eviction
  steps and the end of housing follow the housing and the threat they are about.
- `HouseYouth` while a shelter stay is open yields `ShelterLeft` (left on the day of housing)
  and then `Housed`, so the history says explicitly that the stay ended; `evolve` closes any
  stay on `Housed` too, for histories that lack it. `days_homeless` counts from `since` (when
  the homelessness began, as far as known) to the day of housing; None when not homeless.
- An eviction ends the housing and nothing else: homelessness is registered explicitly, as
  the young person may find a place elsewhere. `EndHousing` never says `uitgezet`: an eviction
  is `SignalEvictionThreat` then `CarryOutEviction`, so every eviction is counted once.
  Housing that ends otherwise while a threat is open lapses the threat.
- Registering homelessness needs the young person not to be housed (end or evict first).
- `StartHousingRegistration` is heard once until the young person is housed (being housed
  ends the search); `AgreeHousingPlan` once per episode of homelessness, and only in one.
- What needs something open that is not (a shelter stay, an eviction threat, homelessness,
  housing) is `NothingOpenError` (404); what repeats what holds is `AlreadyDoneError` (409).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from services.housing.domain.commands import (
    AdmitToShelter,
    AgreeHousingPlan,
    ArrangePostalAddress,
    CarryOutEviction,
    EndHousing,
    EndHousingAllowance,
    GrantHousingAllowance,
    HouseYouth,
    LeaveShelter,
    OfferAccommodation,
    PreventEviction,
    RegisterHomelessness,
    ReviewForExit,
    SignalEvictionThreat,
    StartHousingRegistration,
)
from services.housing.domain.deadlines import DEADLINE_DECIDERS
from services.housing.domain.events import (
    AccommodationOffered,
    ErasureConfirmed,
    Evicted,
    EvictionPrevented,
    EvictionThreatened,
    HomelessnessRegistered,
    Housed,
    HousingAllowanceEnded,
    HousingAllowanceGranted,
    HousingAttentionNeeded,
    HousingEnded,
    HousingPlanAgreed,
    HousingRegistrationStarted,
    PostalAddressArranged,
    ShelterAdmitted,
    ShelterLeft,
    TimelineSharingResumed,
    TimelineSharingStopped,
)
from services.housing.domain.vocabulary import FIRST_WEEK_DAYS, PLAN_DAYS
from shared.rules import AlreadyDoneError, FactDates, NotFoundError, RuleViolationError
from shared.subject_rights import PrivacyCommand, PrivacyEvents, decide_privacy

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from uuid import UUID

    from services.housing.domain.commands import Command
    from services.housing.domain.state import Housing
    from services.housing.domain.vocabulary import OpenAtExit
    from shared.events import DomainEvent

    # One rule set per command; Any because each takes its own command class.
    Decider = Callable[[Housing, Any, date], list[DomainEvent]]

# What this domain records when intake erases or a consent changes (shared/subject_rights.py).
PRIVACY = PrivacyEvents(
    "housing", "wonen", ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed
)

__all__ = [
    "DECIDERS",
    "FACT_DATES",
    "PLANNED_DATES",
    "AlreadyDoneError",
    "NothingOpenError",
    "RuleViolationError",
    "decide",
    "first_week_due",
    "plan_due",
]


class NothingOpenError(NotFoundError):
    """The command needs something open and it is not (HTTP 404).

    No open shelter stay, no open eviction threat, no registered homelessness, no housing: the
    message says which.
    """


def first_week_due(registered_on: date) -> date:
    """The day by which a roof and a postal address are due (Actieprogramma DTJ: one week)."""
    return registered_on + timedelta(days=FIRST_WEEK_DAYS)


def plan_due(registered_on: date) -> date:
    """The day by which the housing plan is due (Actieprogramma DTJ: six weeks)."""
    return registered_on + timedelta(days=PLAN_DAYS)


# Dates of facts, which cannot lie after today: field name -> (Dutch, English) label.
FACT_DATES: Mapping[str, tuple[str, str]] = {
    "since": ("Begin van de dakloosheid", "Start of the homelessness"),
    "registered_on": ("Datum van registratie", "Registration date"),
    "arranged_on": ("Datum van het briefadres", "Date of the postal address"),
    "admitted_on": ("Datum van opname", "Admission date"),
    "left_on": ("Datum van vertrek", "Leaving date"),
    "agreed_on": ("Datum van het plan", "Date of the plan"),
    "from_on": ("Datum van huisvesting", "Housing date"),
    "offered_on": ("Datum van het aanbod", "Offer date"),
    "signalled_on": ("Datum van het signaal", "Signal date"),
    "prevented_on": ("Datum van voorkomen", "Prevention date"),
    "evicted_on": ("Datum van uitzetting", "Eviction date"),
    "ended_on": ("Einddatum", "End date"),
    "exited_on": ("Datum van uitstroom", "Exit date"),
}

# Dates that plan rather than record, per command: they may lie ahead.
PLANNED_DATES: Mapping[type[Command], frozenset[str]] = {
    GrantHousingAllowance: frozenset({"from_on", "until_on"}),
}

_DATES = FactDates(FACT_DATES, PLANNED_DATES)
_no_future_facts = _DATES.refuse_future
_not_before = _DATES.not_before


def _not_housed(what_nl: str, what_en: str) -> NothingOpenError:
    return NothingOpenError(
        f"De jongere is niet gehuisvest; {what_nl}", f"The young person is not housed; {what_en}"
    )


def _open_eviction(state: Housing) -> UUID:
    if state.open_eviction_id is None:
        raise NothingOpenError("Er dreigt geen huisuitzetting", "No open eviction threat")
    return state.open_eviction_id


def _register(state: Housing, command: RegisterHomelessness, _today: date) -> list[DomainEvent]:
    if state.homeless:
        raise AlreadyDoneError(
            "De jongere staat al als dakloos geregistreerd", "Homelessness is already registered"
        )
    if command.episode_id == state.episode_id:
        raise AlreadyDoneError(
            "Deze periode van dakloosheid is al geregistreerd",
            "This episode of homelessness was already registered",
            "episode_id",
        )
    if state.housed:
        raise RuleViolationError(
            "De jongere is gehuisvest; leg eerst de uitzetting of het einde van de woonsituatie "
            "vast",
            "The young person is housed; record the eviction or the end of the housing first",
        )
    if command.since > command.registered_on:
        raise RuleViolationError(
            f"Het begin van de dakloosheid ({command.since}) ligt na de registratie "
            f"({command.registered_on})",
            f"The start of the homelessness ({command.since}) is after its registration "
            f"({command.registered_on})",
            "since",
        )
    _not_before(
        command.since,
        state.housing_ended_on,
        "since",
        "het einde van de vorige woonsituatie",
        "the end of the previous housing",
    )
    return [
        HomelessnessRegistered(
            youth_id=command.youth_id,
            episode_id=command.episode_id,
            situation=command.situation,
            since=command.since,
            registered_on=command.registered_on,
            first_week_due=first_week_due(command.registered_on),
            plan_due=plan_due(command.registered_on),
            cause=command.cause,
        )
    ]


def _arrange(_state: Housing, command: ArrangePostalAddress, _today: date) -> list[DomainEvent]:
    # Any time: a briefadres arranged ahead (an eviction threatens) counts for the next episode.
    return [
        PostalAddressArranged(
            youth_id=command.youth_id, address=command.address, arranged_on=command.arranged_on
        )
    ]


def _admit(state: Housing, command: AdmitToShelter, _today: date) -> list[DomainEvent]:
    if state.open_stay_id is not None:
        raise AlreadyDoneError(
            f"Er loopt al een opvangverblijf (sinds {state.stay_admitted_on}); sluit dat eerst af",
            f"A shelter stay is already open (since {state.stay_admitted_on}); close it first",
        )
    if state.housed:
        raise RuleViolationError(
            "De jongere is gehuisvest en wordt niet in de opvang opgenomen",
            "The young person is housed and is not admitted to a shelter",
        )
    _not_before(
        command.admitted_on,
        state.stay_left_on,
        "admitted_on",
        "het vertrek uit de vorige opvang",
        "leaving the previous shelter",
    )
    _not_before(
        command.admitted_on,
        state.housing_ended_on,
        "admitted_on",
        "het einde van de vorige woonsituatie",
        "the end of the previous housing",
    )
    return [
        ShelterAdmitted(
            youth_id=command.youth_id,
            stay_id=command.stay_id,
            shelter_type=command.shelter_type,
            admitted_on=command.admitted_on,
        )
    ]


def _leave(state: Housing, command: LeaveShelter, _today: date) -> list[DomainEvent]:
    if state.open_stay_id is None:
        raise NothingOpenError("Er loopt geen opvangverblijf", "No open shelter stay")
    _not_before(command.left_on, state.stay_admitted_on, "left_on", "de opname", "the admission")
    return [
        ShelterLeft(youth_id=command.youth_id, stay_id=state.open_stay_id, left_on=command.left_on)
    ]


def _start_registration(
    state: Housing, command: StartHousingRegistration, _today: date
) -> list[DomainEvent]:
    if state.housing_registration_on is not None:
        raise AlreadyDoneError(
            f"De jongere staat al ingeschreven als woningzoekende (sinds "
            f"{state.housing_registration_on})",
            f"The young person is already registered as a house seeker (since "
            f"{state.housing_registration_on})",
        )
    return [
        HousingRegistrationStarted(youth_id=command.youth_id, registered_on=command.registered_on)
    ]


def _agree_plan(state: Housing, command: AgreeHousingPlan, _today: date) -> list[DomainEvent]:
    if not state.homeless:
        raise NothingOpenError(
            "De jongere staat niet als dakloos geregistreerd", "No homelessness is registered"
        )
    if state.plan_agreed_on is not None:
        raise AlreadyDoneError(
            f"Het woonplan is al afgesproken (op {state.plan_agreed_on})",
            f"The housing plan was already agreed (on {state.plan_agreed_on})",
        )
    _not_before(
        command.agreed_on, state.registered_on, "agreed_on", "de registratie", "the registration"
    )
    return [
        HousingPlanAgreed(
            youth_id=command.youth_id,
            agreed_on=command.agreed_on,
            plan_goal_id=command.plan_goal_id,
        )
    ]


def _grant(state: Housing, command: GrantHousingAllowance, _today: date) -> list[DomainEvent]:
    if command.until_on <= command.from_on:
        raise RuleViolationError(
            f"De einddatum ({command.until_on}) ligt niet na de begindatum ({command.from_on})",
            f"The end date ({command.until_on}) is not after the start date ({command.from_on})",
            "until_on",
        )
    if any(allowance_id == command.allowance_id for allowance_id, _, _ in state.allowances):
        raise AlreadyDoneError(
            "Deze woontoelage is al toegekend",
            "This housing allowance was already granted",
            "allowance_id",
        )
    for _, from_on, until_on in state.allowances:
        if command.from_on < until_on and from_on < command.until_on:
            raise RuleViolationError(
                f"De periode overlapt een eerdere woontoelage ({from_on} tot {until_on})",
                f"The period overlaps an earlier housing allowance ({from_on} to {until_on})",
                "from_on",
            )
    return [
        HousingAllowanceGranted(
            youth_id=command.youth_id,
            allowance_id=command.allowance_id,
            monthly_amount=command.monthly_amount,
            from_on=command.from_on,
            until_on=command.until_on,
            reason=command.reason,
        )
    ]


def _end_allowance(state: Housing, command: EndHousingAllowance, _today: date) -> list[DomainEvent]:
    # Only what runs that day ends: a huurtoeslag replaces the woontoelage from then on.
    running = [
        allowance_id
        for allowance_id, from_on, until_on in state.allowances
        if from_on <= command.ended_on < until_on
    ]
    if not running:
        raise NothingOpenError(
            "Er loopt geen woontoelage op die dag", "No housing allowance runs on that day"
        )
    return [
        HousingAllowanceEnded(
            youth_id=command.youth_id,
            allowance_id=allowance_id,
            ended_on=command.ended_on,
            reason=command.reason,
        )
        for allowance_id in running
    ]


def _offer(state: Housing, command: OfferAccommodation, _today: date) -> list[DomainEvent]:
    # Accepted or refused, the offer is recorded: a refusal is part of the history.
    if any(offer_id == command.offer_id for offer_id, _, _ in state.offers):
        raise AlreadyDoneError(
            "Dit aanbod is al vastgelegd", "This offer was already recorded", "offer_id"
        )
    return [
        AccommodationOffered(
            youth_id=command.youth_id,
            offer_id=command.offer_id,
            form=command.form,
            offered_on=command.offered_on,
            accepted=command.accepted,
        )
    ]


def _house(state: Housing, command: HouseYouth, _today: date) -> list[DomainEvent]:
    if state.housed:
        raise AlreadyDoneError("De jongere is al gehuisvest", "The young person is already housed")
    if state.homeless:
        _not_before(
            command.from_on,
            state.registered_on,
            "from_on",
            "de registratie van de dakloosheid",
            "the registration of the homelessness",
        )
    _not_before(
        command.from_on,
        state.stay_admitted_on if state.open_stay_id is not None else None,
        "from_on",
        "de opname in de opvang",
        "the admission to the shelter",
    )
    _not_before(
        command.from_on,
        state.housing_ended_on,
        "from_on",
        "het einde van de vorige woonsituatie",
        "the end of the previous housing",
    )
    since = state.homeless_since if state.homeless else None
    events: list[DomainEvent] = []
    if state.open_stay_id is not None:
        events.append(
            ShelterLeft(
                youth_id=command.youth_id, stay_id=state.open_stay_id, left_on=command.from_on
            )
        )
    events.append(
        Housed(
            youth_id=command.youth_id,
            form=command.form,
            tenure=command.tenure,
            from_on=command.from_on,
            address=command.address,
            days_homeless=None if since is None else (command.from_on - since).days,
        )
    )
    return events


def _signal(state: Housing, command: SignalEvictionThreat, _today: date) -> list[DomainEvent]:
    if not state.housed:
        raise _not_housed("er is geen woning om uit gezet te worden", "there is no home to lose")
    if state.open_eviction_id is not None:
        raise AlreadyDoneError(
            "Er dreigt al een huisuitzetting; leg eerst vast hoe die afloopt",
            "An eviction already threatens; record how it ends first",
        )
    _not_before(
        command.signalled_on, state.housed_on, "signalled_on", "de huisvesting", "the housing"
    )
    return [
        EvictionThreatened(
            youth_id=command.youth_id,
            eviction_id=command.eviction_id,
            reason=command.reason,
            signalled_on=command.signalled_on,
        )
    ]


def _prevent(state: Housing, command: PreventEviction, _today: date) -> list[DomainEvent]:
    eviction_id = _open_eviction(state)
    _not_before(
        command.prevented_on,
        state.eviction_signalled_on,
        "prevented_on",
        "het signaal",
        "the signal",
    )
    return [
        EvictionPrevented(
            youth_id=command.youth_id,
            eviction_id=eviction_id,
            how=command.how,
            prevented_on=command.prevented_on,
        )
    ]


def _evict(state: Housing, command: CarryOutEviction, _today: date) -> list[DomainEvent]:
    eviction_id = _open_eviction(state)
    _not_before(
        command.evicted_on, state.eviction_signalled_on, "evicted_on", "het signaal", "the signal"
    )
    # Ends the housing only: homelessness, if it follows, is registered explicitly.
    return [
        Evicted(youth_id=command.youth_id, eviction_id=eviction_id, evicted_on=command.evicted_on)
    ]


def _end(state: Housing, command: EndHousing, _today: date) -> list[DomainEvent]:
    if not state.housed:
        raise _not_housed("er is geen woonsituatie om te beëindigen", "there is no housing to end")
    if command.reason == "uitgezet":
        raise RuleViolationError(
            "Een huisuitzetting wordt vastgelegd als uitzetting, na de dreigende uitzetting",
            "An eviction is recorded as such, after the eviction threat",
            "reason",
        )
    _not_before(command.ended_on, state.housed_on, "ended_on", "de huisvesting", "the housing")
    return [
        HousingEnded(youth_id=command.youth_id, reason=command.reason, ended_on=command.ended_on)
    ]


def _review(state: Housing, command: ReviewForExit, _today: date) -> list[DomainEvent]:
    # Nothing here closes because a programme ends: what stands open is signalled instead.
    open_items: list[OpenAtExit] = []
    if state.open_eviction_id is not None:
        open_items.append("huisuitzetting_dreigt")
    if state.open_stay_id is not None:
        open_items.append("in_opvang")
    elif state.homeless:
        open_items.append("dakloos")
    if not open_items:
        raise NothingOpenError("Er staat niets open in wonen", "Nothing stands open in housing")
    return [
        HousingAttentionNeeded(
            youth_id=command.youth_id, open_items=open_items, signalled_on=command.exited_on
        )
    ]


DECIDERS: Mapping[type[Command], Decider] = {
    RegisterHomelessness: _register,
    ArrangePostalAddress: _arrange,
    AdmitToShelter: _admit,
    LeaveShelter: _leave,
    StartHousingRegistration: _start_registration,
    AgreeHousingPlan: _agree_plan,
    GrantHousingAllowance: _grant,
    EndHousingAllowance: _end_allowance,
    OfferAccommodation: _offer,
    HouseYouth: _house,
    SignalEvictionThreat: _signal,
    PreventEviction: _prevent,
    CarryOutEviction: _evict,
    EndHousing: _end,
    ReviewForExit: _review,
    **DEADLINE_DECIDERS,  # what the durable timers record when a deadline passes
}


def decide(state: Housing, command: Command | PrivacyCommand, today: date) -> list[DomainEvent]:
    """The events `command` yields against `state` on `today`, or a refusal.

    Every command is heard in any state, as far as its own rules allow (see the module's
    docstring); a date of a fact after `today` is refused first, naming the field.
    Erasure and timeline sharing are heard first, in any state (shared/subject_rights.py).
    """
    if isinstance(command, PrivacyCommand):
        return decide_privacy(state.privacy, command, PRIVACY)
    decider = DECIDERS.get(type(command))
    if decider is None:
        raise TypeError(f"housing has no rules for {type(command).__name__}")
    _no_future_facts(command, today)
    return decider(state, command, today)
