"""Intake's rule tests' examples: a valid command and event of each kind, and a young person.

The language (given / when on the fixed day) is the shared one, tests/support/scenario.py.
Intake's commands and events name the young person (`command(ReferYouth, youth_id)`), and its
rules are told the age (20 unless a test says otherwise: `when(state, cmd, age=17)`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from services.intake.domain.commands import (
    AgreedGoal,
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
from tests.support.scenario import START, TODAY, TOMORROW, Scenario

if TYPE_CHECKING:
    import uuid

    from shared.events import DomainEvent

__all__ = ["START", "TODAY", "TOMORROW"]  # re-exported: the tests import them here

VALID_BSN = "111222333"  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 - 3 = 66 = 6*11


def born_aged(years: int) -> date:
    """A birth date that makes someone exactly `years` old today (birthday in June)."""
    return date(TODAY.year - years, 6, 1)


def goals(*goal_ids: str) -> list[AgreedGoal]:
    return [
        AgreedGoal(
            goal_id=goal_id, leefgebied="wonen", owner="regisseur-1", due_on=date(2027, 6, 1)
        )
        for goal_id in goal_ids
    ]


def plan_goals(*goal_ids: str) -> list[PlanGoal]:
    """The goals as the event names them: their life domains are sealed apart."""
    return [PlanGoal(goal_id=g, owner="regisseur-1", due_on=date(2027, 6, 1)) for g in goal_ids]


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
        "goals": plan_goals("g1", "g2"),
        "goal_leefgebieden": {"g1": "wonen", "g2": "wonen"},
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


SCENARIO = Scenario(
    initial=Youth(),
    evolve=evolve,
    decide=decide,
    commands=COMMAND_DEFAULTS,
    events=EVENT_DEFAULTS,
    youth_id=None,  # each test names its young person
    facts={"age": 20},
)
# The shared tests' story (tests/unit/service_layer/services.py): commands valid one after
# the other on a young person with no history here, the last recording personal data.
STORY = (RegisterYouth, VerifyIdentity)
command, event, given, when = SCENARIO.command, SCENARIO.event, SCENARIO.given, SCENARIO.when


def in_the_thick_of_it(youth_id: uuid.UUID) -> list[DomainEvent]:
    """Registered, in jpf, with a director, a plan with goals g1 and g2, and a consent."""
    return [
        event(YouthRegistered, youth_id),
        event(ProgrammeEnrolled, youth_id),
        event(DirectorAssigned, youth_id),
        event(FuturePlanAgreed, youth_id),
        event(ConsentGiven, youth_id),
    ]
