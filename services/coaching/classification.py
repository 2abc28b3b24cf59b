"""Legal basis, programme, life domain and confidentiality of coaching events (CloudEvents).

The basis follows the young person's age as intake's does (shared/legal_basis.py): the
Jeugdwet below 18 and up to 23 in extended youth care, by the band coaching last learnt from
intake's topic when it records the fact. Otherwise coaching towards work and education rests
on the Participatiewet; dagbesteding and care on the Wmo 2015.

What suggests a care need or justice contact (dagbesteding, a referral to care, a relapse) is
special-category data, so it is marked `confidentieel`. The care referral and the
relapse carry no leefgebied: the life domain would give away what the event seals. A goal
names its life domain only when that is not special-category data (health, addiction, justice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args

from services.coaching.domain.events import (
    CATALOGUE,
    CareReferred,
    CoachAssigned,
    CoachingPhaseStarted,
    DaytimeActivityStarted,
    EducationCompleted,
    EducationDropped,
    EducationStarted,
    FutureConversationHeld,
    GoalSet,
    MatchMade,
    RelapseSignalled,
    TalentScanCompleted,
    WorkEnded,
    WorkStarted,
)
from services.coaching.domain.vocabulary import SENSITIVE_LEEFGEBIEDEN, Leefgebied
from shared.event_contracts.extensions import Extension, always, sometimes
from shared.legal_basis import JEUGDWET, under_the_youth_act
from shared.subject_rights import WHILE_NOT_SHARED

if TYPE_CHECKING:
    from services.coaching.domain.model import Coaching
    from shared.events import DomainEvent

CLEAR_LEEFGEBIEDEN = tuple(c for c in get_args(Leefgebied) if c not in SENSITIVE_LEEFGEBIEDEN)
WMO_EVENTS = (DaytimeActivityStarted, CareReferred)
CONFIDENTIAL_EVENTS = (DaytimeActivityStarted, CareReferred, RelapseSignalled)
RODELOPER_EVENTS = (CoachingPhaseStarted, TalentScanCompleted, MatchMade)
FIXED_LEEFGEBIED: dict[type[DomainEvent], str] = {
    EducationStarted: "onderwijs",
    WorkStarted: "werk",
    WorkEnded: "werk",
    EducationCompleted: "onderwijs",
    EducationDropped: "onderwijs",
    DaytimeActivityStarted: "dagbesteding",
    MatchMade: "werk",
}


def extensions_for(event: DomainEvent, state: Coaching) -> dict[str, str]:
    """The CloudEvents extensions a coaching event carries, given the state before it.

    While coaching does not share with the timeline (consent withdrawn), `delen: nee`.
    """
    extensions = {
        "grondslag": grondslag(event, state),
        "vertrouwelijkheid": (
            "confidentieel" if isinstance(event, CONFIDENTIAL_EVENTS) else "vertrouwelijk"
        ),
    }
    if programma := _programma(event, state):
        extensions["programma"] = programma
    if isinstance(event, GoalSet) and event.leefgebied not in SENSITIVE_LEEFGEBIEDEN:
        extensions["leefgebied"] = event.leefgebied
    elif type(event) in FIXED_LEEFGEBIED:
        extensions["leefgebied"] = FIXED_LEEFGEBIED[type(event)]
    return extensions | state.privacy.extensions


def grondslag(event: DomainEvent, state: Coaching) -> str:
    """The legal basis of a fact: the Jeugdwet by the age, else the adult law of its kind."""
    if under_the_youth_act(state.age_band, youth_care_extended=state.youth_care_extended):
        return JEUGDWET
    return _adult_grondslag(type(event))


def _adult_grondslag(event: type[DomainEvent] | None) -> str:
    return "wmo" if event in WMO_EVENTS else "pw"


def _programma(event: DomainEvent, state: Coaching) -> str | None:
    if isinstance(event, FutureConversationHeld):
        return "toekomstgesprek"
    rode_loper = state.coach_of("rodeloper_coach") is not None
    if isinstance(event, CoachAssigned):
        rode_loper = event.kind == "rodeloper_coach"
    return "rodeloper" if rode_loper or isinstance(event, RODELOPER_EVENTS) else None


def published_extensions(type_name: str) -> dict[str, Extension]:
    """What a coaching type carries, for the catalogue; the same rules as `extensions_for`."""
    event = CATALOGUE.newest_class(type_name)
    stated = {
        "grondslag": sometimes(
            _adult_grondslag(event),
            JEUGDWET,
            when=f"{JEUGDWET} below 18 and up to 23 in extended youth care, as intake last"
            f" published the age band; else {_adult_grondslag(event)}",
        ),
        "vertrouwelijkheid": always(
            "confidentieel" if event in CONFIDENTIAL_EVENTS else "vertrouwelijk"
        ),
        "programma": _stated_programma(event),
    }
    if event is GoalSet:
        stated["leefgebied"] = sometimes(
            *CLEAR_LEEFGEBIEDEN, when="the event's `leefgebied`, unless special category"
        )
    elif event in FIXED_LEEFGEBIED:
        stated["leefgebied"] = always(FIXED_LEEFGEBIED[event])
    return stated | WHILE_NOT_SHARED


def _stated_programma(event: type[DomainEvent] | None) -> Extension:
    if event is FutureConversationHeld:
        return always("toekomstgesprek")
    if event in RODELOPER_EVENTS:
        return always("rodeloper")
    if event is CoachAssigned:
        return sometimes("rodeloper", when="when the coach assigned is a rodeloper_coach")
    return sometimes("rodeloper", when="while a Rode loper coach is assigned")
