"""Given events, when a command, then events: the small language intake's rule tests speak."""

from __future__ import annotations

from datetime import date, timedelta
from functools import reduce
from typing import TYPE_CHECKING, Any, TypeVar

from services.intake.domain.commands import (
    AgreeFuturePlan,
    ApplyCustomisation,
    AssessSelfReliance,
    AssignDirector,
    Command,
    EnrolInProgramme,
    EraseYouth,
    ExitProgramme,
    GiveConsent,
    HoldCaseConference,
    ReferYouth,
    RegisterYouth,
    ReviewFuturePlan,
    VerifyIdentity,
    WithdrawConsent,
)
from services.intake.domain.events import (
    CaseConferenceHeld,
    ConsentGiven,
    ConsentWithdrawn,
    CustomisationApplied,
    DirectorAssigned,
    FuturePlanAgreed,
    FuturePlanReviewed,
    IdentityVerified,
    PersonalDataErased,
    PlanGoal,
    ProgrammeEnrolled,
    ProgrammeExited,
    SelfRelianceAssessed,
    YouthReferred,
    YouthRegistered,
)
from services.intake.domain.model import Youth, decide, evolve

if TYPE_CHECKING:
    import uuid

    from shared.events import DomainEvent

C = TypeVar("C", bound=Command)
E = TypeVar("E", bound="DomainEvent")

TODAY = date(2026, 11, 22)
TOMORROW = TODAY + timedelta(days=1)
START = date(2026, 10, 1)  # when the givens below happened
VALID_BSN = "111222333"  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 - 3 = 66 = 6*11


def born_aged(years: int) -> date:
    """A birth date that makes someone exactly `years` old today (birthday in June)."""
    return date(TODAY.year - years, 6, 1)


def goals(*goal_ids: str) -> list[PlanGoal]:
    return [
        PlanGoal(goal_id=goal_id, leefgebied="wonen", owner="regisseur-1", due_on=date(2027, 6, 1))
        for goal_id in goal_ids
    ]


# A valid command of each kind, dated today; tests override what they are about.
COMMAND_DEFAULTS: dict[type[Command], dict[str, Any]] = {
    ReferYouth: {
        "referrer_type": "wijkteam",
        "programma": "jpf",
        "leefgebieden": ["financien"],
        "received_on": TODAY,
    },
    RegisterYouth: {
        "gemeentecode": "0518",
        "programma": "regulier",
        "full_name": "Sam de Vries",
        "date_of_birth": born_aged(20),
    },
    VerifyIdentity: {"method": "brp", "bsn": VALID_BSN, "verified_on": TODAY},
    GiveConsent: {"purpose": "tijdlijn_delen", "leefgebieden": ["wonen"], "given_on": TODAY},
    WithdrawConsent: {"purpose": "tijdlijn_delen", "withdrawn_on": TODAY},
    AssessSelfReliance: {"scores": {"wonen": 2}, "assessed_on": TODAY},
    EnrolInProgramme: {"programma": "regulier", "start_on": TODAY},
    AssignDirector: {"director_id": "regisseur-2", "from_on": TODAY},
    AgreeFuturePlan: {
        "plan_id": "plan-2",
        "goals": goals("g1"),
        "goal_texts": {"g1": "Een eigen kamer"},
        "agreed_on": TODAY,
    },
    ReviewFuturePlan: {"plan_id": "plan-1", "statuses": {"g1": "loopt"}, "reviewed_on": TODAY},
    HoldCaseConference: {
        "participants": ["gemeente", "wijkteam"],
        "decisions": "Schuldhulp start volgende week",
        "held_on": TODAY,
    },
    ApplyCustomisation: {
        "rule": "pw_zoektermijn",
        "deviation": "geen zoektermijn",
        "rationale": "Dakloos; eerst een dak",
        "applied_on": TODAY,
    },
    ExitProgramme: {
        "programma": "jpf",
        "reason": "doel_bereikt",
        "destination": "werk",
        "exit_on": TODAY,
    },
    EraseYouth: {"reason": "verzoek_art17"},
}

EVENT_DEFAULTS: dict[type[DomainEvent], dict[str, Any]] = {
    YouthReferred: {
        "referrer_type": "wijkteam",
        "programma": "jpf",
        "leefgebieden": ["financien"],
        "crisis": False,
        "received_on": START,
    },
    YouthRegistered: {
        "programma": "jpf",
        "full_name": "Sam de Vries",
        "date_of_birth": born_aged(20),
        "age_band": "18-22",
        "registered_on": START,
    },
    IdentityVerified: {"method": "brp", "bsn": VALID_BSN, "verified_on": START},
    ConsentGiven: {"purpose": "tijdlijn_delen", "leefgebieden": ["wonen"], "given_on": START},
    ConsentWithdrawn: {
        "purpose": "tijdlijn_delen",
        "leefgebieden": ["wonen"],
        "withdrawn_on": START,
    },
    SelfRelianceAssessed: {
        "scores": {"wonen": 2},
        "sensitive_scores": {"verslaving": 3},
        "assessed_on": START,
    },
    ProgrammeEnrolled: {"programma": "jpf", "start_on": START},
    DirectorAssigned: {"director_id": "regisseur-1", "from_on": START},
    FuturePlanAgreed: {
        "plan_id": "plan-1",
        "goals": goals("g1", "g2"),
        "goal_texts": {"g1": "Een eigen kamer", "g2": "Schuldenvrij"},
        "agreed_on": START,
        "with_network": True,
    },
    FuturePlanReviewed: {"plan_id": "plan-1", "statuses": {"g1": "loopt"}, "reviewed_on": START},
    CaseConferenceHeld: {"participants": ["gemeente"], "decisions": "Plan", "held_on": START},
    CustomisationApplied: {
        "rule": "woontoelage",
        "deviation": "toelage",
        "rationale": "Geen huurtoeslag",
        "applied_on": START,
    },
    ProgrammeExited: {
        "programma": "jpf",
        "reason": "doel_bereikt",
        "destination": "werk",
        "exit_on": START,
    },
    PersonalDataErased: {"reason": "verzoek_art17", "erased_on": START},
}


def command(cls: type[C], youth_id: uuid.UUID, **overrides: Any) -> C:
    """A valid `cls` command for `youth_id`, with `overrides` applied."""
    return cls(youth_id=youth_id, **(COMMAND_DEFAULTS[cls] | overrides))


def event(cls: type[E], youth_id: uuid.UUID, **overrides: Any) -> E:
    """A `cls` event for `youth_id`, with `overrides` applied."""
    return cls(youth_id=youth_id, **(EVENT_DEFAULTS[cls] | overrides))


def given(*events: DomainEvent) -> Youth:
    """The state these events fold into."""
    return reduce(evolve, events, Youth())


def when(state: Youth, cmd: Command, *, age: int | None = 20) -> list[DomainEvent]:
    """The events `cmd` yields today, for someone of `age`."""
    return decide(state, cmd, TODAY, age=age)


def in_the_thick_of_it(youth_id: uuid.UUID) -> list[DomainEvent]:
    """Registered, in jpf, with a director, a plan with goals g1 and g2, and a consent."""
    return [
        event(YouthRegistered, youth_id),
        event(ProgrammeEnrolled, youth_id),
        event(DirectorAssigned, youth_id),
        event(FuturePlanAgreed, youth_id),
        event(ConsentGiven, youth_id),
    ]
