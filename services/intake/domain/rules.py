"""The rules of intake: a command against the state either yields events or is refused.

Pure and synchronous: today and the age arrive as arguments; nothing here does I/O. Refusals
carry a Dutch message (for the user; `str(error)`) and an English one (for the logs and the
API's `en` text), plus the input field at fault when there is one. Import these names from
`services.intake.domain.model`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from services.intake.domain.aftercare import (
    AFTERCARE_DATES,
    AFTERCARE_DECIDERS,
    TIMED_AFTERCARE,
    end_on_enrolment,
    start_on_last_exit,
)
from services.intake.domain.ages import age_band, age_on
from services.intake.domain.breakthroughs import BREAKTHROUGH_DECIDERS
from services.intake.domain.bsn import elfproef, is_nine_digits
from services.intake.domain.coming_of_age import COMING_OF_AGE_DECIDERS, TIMED_BY_AGE
from services.intake.domain.commands import (
    AgreeFuturePlan,
    ApplyCustomisation,
    AssessSelfReliance,
    AssignDirector,
    EnrolInProgramme,
    EraseYouth,
    ExitProgramme,
    GiveConsent,
    HoldCaseConference,
    NotePossibleDuplicates,
    ReferYouth,
    RegisterYouth,
    ReviewFuturePlan,
    VerifyIdentity,
    WithdrawConsent,
)
from services.intake.domain.deadlines import DEADLINE_DECIDERS, PlanPeriods, stamp
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
    PossibleDuplicateFound,
    ProgrammeEnrolled,
    ProgrammeExited,
    SelfRelianceAssessed,
    YouthReferred,
    YouthRegistered,
)
from services.intake.domain.feedback import FEEDBACK_DECIDERS
from services.intake.domain.retention import RETENTION_DECIDERS
from services.intake.domain.subject_requests import (
    SUBJECT_REQUEST_DECIDERS,
    TIMED_SUBJECT_REQUESTS,
)
from services.intake.domain.vocabulary import (
    JUSTICE_REFERRERS,
    PROGRAMME_AGES,
    SENSITIVE_LEEFGEBIEDEN,
)
from shared.rules import (
    AlreadyDoneError,
    ConflictError,
    FactDates,
    NotFoundError,
    RuleViolationError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from services.intake.domain.commands import Command
    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

    # One rule set per command; Any because each takes its own command class.
    Decider = Callable[[Youth, Any, date, int | None], list[DomainEvent]]

MIN_AGE = 16
MAX_AGE = 27
_DASH = "\N{EN DASH}"


class UnknownYouthError(NotFoundError):
    """The command needs a registered young person and there is none (HTTP 404)."""

    default_nl = "Onbekende jongere"
    default_en = "Unknown young person"


class ErasedError(ConflictError):
    """The young person's data was erased; only a repeated erasure is still heard (HTTP 409)."""

    default_nl = "De gegevens van deze jongere zijn vernietigd"
    default_en = "This young person's data was erased"


# Dates of facts, which cannot lie after today: field name -> (Dutch, English) label.
FACT_DATES: Mapping[str, tuple[str, str]] = {
    "received_on": ("Datum van aanmelding", "Referral date"),
    "date_of_birth": ("Geboortedatum", "Date of birth"),
    "registered_on": ("Datum van inschrijving", "Registration date"),
    "verified_on": ("Datum van verificatie", "Verification date"),
    "given_on": ("Datum van toestemming", "Consent date"),
    "withdrawn_on": ("Datum van intrekking", "Withdrawal date"),
    "assessed_on": ("Datum van meting", "Assessment date"),
    "start_on": ("Startdatum", "Start date"),
    "from_on": ("Ingangsdatum", "Assignment date"),
    "agreed_on": ("Datum van vaststelling", "Agreement date"),
    "reviewed_on": ("Datum van evaluatie", "Review date"),
    "held_on": ("Datum van het overleg", "Conference date"),
    "applied_on": ("Datum van toepassing", "Application date"),
    "exit_on": ("Datum van uitstroom", "Exit date"),
    "requested_on": ("Datum van de vraag", "Request date"),
    "resolved_on": ("Datum van afhandeling", "Resolution date"),
    **AFTERCARE_DATES,  # nazorg's (domain/aftercare.py)
}

_DATES = FactDates(FACT_DATES)
_no_future_facts = _DATES.refuse_future


def _within_programme(programma: str, age: int, field: str) -> None:
    low, high = PROGRAMME_AGES[programma]
    if not low <= age <= high:
        span = f"{low}{_DASH}{high}"
        raise RuleViolationError(
            f"Leeftijd {age} valt buiten het programma {programma} ({span})",
            f"Age {age} is outside programme {programma} ({span})",
            field,
        )


def _refer(_state: Youth, command: ReferYouth, _today: date, _age: int | None) -> list[DomainEvent]:
    # The exact referrer is sealed; in clear, one that tells of justice contact reads `overig`.
    data = command.model_dump()
    data["referrer"] = exact = data["referrer_type"]
    data["referrer_type"] = JUSTICE_REFERRERS.get(exact, exact)
    return [YouthReferred(**data)]


def _register(
    state: Youth, command: RegisterYouth, today: date, _age: int | None
) -> list[DomainEvent]:
    if state.registered:
        raise AlreadyDoneError(
            "Deze jongere is al ingeschreven", "This young person is already registered"
        )
    registered_on = command.registered_on or today
    age = age_on(command.date_of_birth, registered_on)
    if not MIN_AGE <= age <= MAX_AGE:
        raise RuleViolationError(
            f"Leeftijd {age}: inschrijving kan van {MIN_AGE} tot en met {MAX_AGE} jaar",
            f"Age {age}: registration is open from {MIN_AGE} up to and including {MAX_AGE}",
            "date_of_birth",
        )
    _within_programme(command.programma, age, "date_of_birth")
    return [
        YouthRegistered(
            youth_id=command.youth_id,
            programma=command.programma,
            full_name=command.full_name,
            date_of_birth=command.date_of_birth,
            age_band=age_band(age),
            registered_on=registered_on,
            phone=command.phone,
            email=command.email,
        )
    ]


def _verify(
    _state: Youth, command: VerifyIdentity, _today: date, _age: int | None
) -> list[DomainEvent]:
    if not is_nine_digits(command.bsn):
        raise RuleViolationError("Een BSN bestaat uit 9 cijfers", "A BSN has 9 digits", "bsn")
    if not elfproef(command.bsn):
        raise RuleViolationError(
            "Dit BSN voldoet niet aan de elfproef", "This BSN fails the eleven test", "bsn"
        )
    return [IdentityVerified(**command.model_dump())]


def _give_consent(
    _state: Youth, command: GiveConsent, _today: date, _age: int | None
) -> list[DomainEvent]:
    if command.valid_until is not None and command.valid_until <= command.given_on:
        raise RuleViolationError(
            "Geldig tot moet na de datum van toestemming liggen",
            "valid_until must be after given_on",
            "valid_until",
        )
    return [ConsentGiven(**command.model_dump())]


def _withdraw(
    state: Youth, command: WithdrawConsent, _today: date, _age: int | None
) -> list[DomainEvent]:
    if command.purpose not in state.consents:
        raise RuleViolationError(
            f"Er is geen geldende toestemming voor {command.purpose}",
            f"There is no active consent for {command.purpose}",
            "purpose",
        )
    covered = state.consents[command.purpose]
    asked = set(command.leefgebieden or covered)
    if not asked <= covered:
        not_covered = ", ".join(sorted(asked - covered))
        raise RuleViolationError(
            f"De toestemming voor {command.purpose} geldt niet voor {not_covered}",
            f"The consent for {command.purpose} does not cover {not_covered}",
            "leefgebieden",
        )
    return [
        ConsentWithdrawn(
            youth_id=command.youth_id,
            purpose=command.purpose,
            leefgebieden=sorted(asked),
            withdrawn_on=command.withdrawn_on,
        )
    ]


def _assess(
    _state: Youth, command: AssessSelfReliance, _today: date, _age: int | None
) -> list[DomainEvent]:
    scores = command.scores
    return [
        SelfRelianceAssessed(
            youth_id=command.youth_id,
            scores={k: v for k, v in scores.items() if k not in SENSITIVE_LEEFGEBIEDEN},
            sensitive_scores={k: v for k, v in scores.items() if k in SENSITIVE_LEEFGEBIEDEN},
            assessed_on=command.assessed_on,
        )
    ]


def _enrol(
    state: Youth, command: EnrolInProgramme, _today: date, age: int | None
) -> list[DomainEvent]:
    if command.programma in state.active_programmes:
        raise AlreadyDoneError(
            f"Deze jongere zit al in programma {command.programma}",
            f"This young person is already enrolled in programme {command.programma}",
            "programma",
        )
    if age is None:
        raise RuleViolationError(
            "Leeftijd onbekend: zonder leeftijd geen instroom in een programma",
            "Age unknown: enrolling in a programme needs the age",
        )
    _within_programme(command.programma, age, "programma")
    # Back in a programme during nazorg: nazorg ends with it.
    ended = end_on_enrolment(state, command.youth_id, command.start_on)
    return [*ended, ProgrammeEnrolled(**command.model_dump())]


def _assign(
    state: Youth, command: AssignDirector, _today: date, _age: int | None
) -> list[DomainEvent]:
    if command.director_id == state.director_id:
        raise AlreadyDoneError(
            "Deze jongerenregisseur is al toegewezen",
            "This youth director is already assigned",
            "director_id",
        )
    return [DirectorAssigned(**command.model_dump(), previous_director_id=state.director_id)]


def _agree(
    state: Youth, command: AgreeFuturePlan, _today: date, _age: int | None
) -> list[DomainEvent]:
    if state.director_id is None:
        raise RuleViolationError(
            "Geen toekomstplan zonder jongerenregisseur", "No future plan without a youth director"
        )
    if command.plan_id in state.agreed_plans:
        raise AlreadyDoneError(
            f"Toekomstplan {command.plan_id} is al vastgesteld",
            f"Future plan {command.plan_id} was already agreed",
            "plan_id",
        )
    counted = Counter(goal.goal_id for goal in command.goals)
    if twice := sorted(goal_id for goal_id, n in counted.items() if n > 1):
        raise RuleViolationError(
            f"Elk doel heeft een eigen id; dubbel: {', '.join(twice)}",
            f"Every goal needs its own id; repeated: {', '.join(twice)}",
            "goals",
        )
    if set(command.goal_texts) != set(counted):
        raise RuleViolationError(
            "Elk doel heeft precies één tekst, onder het id van het doel",
            "goal_texts needs exactly one text per goal, keyed by goal id",
            "goal_texts",
        )
    # Each goal's life domain is sealed apart, by goal id as its text is (special category).
    return [
        FuturePlanAgreed(
            youth_id=command.youth_id,
            plan_id=command.plan_id,
            goals=[
                PlanGoal(goal_id=g.goal_id, owner=g.owner, due_on=g.due_on) for g in command.goals
            ],
            goal_leefgebieden={g.goal_id: g.leefgebied for g in command.goals},
            goal_texts=command.goal_texts,
            agreed_on=command.agreed_on,
            with_network=command.with_network,
        )
    ]


def _review(
    state: Youth, command: ReviewFuturePlan, _today: date, _age: int | None
) -> list[DomainEvent]:
    if command.plan_id != state.plan_id:
        raise RuleViolationError(
            f"Toekomstplan {command.plan_id} is niet het huidige plan",
            f"Future plan {command.plan_id} is not the current plan",
            "plan_id",
        )
    if unknown := sorted(set(command.statuses) - set(state.goal_statuses)):
        raise RuleViolationError(
            f"Onbekend doel in het plan: {', '.join(unknown)}",
            f"Unknown goal in the plan: {', '.join(unknown)}",
            "statuses",
        )
    return [FuturePlanReviewed(**command.model_dump())]


def _confer(
    _state: Youth, command: HoldCaseConference, _today: date, _age: int | None
) -> list[DomainEvent]:
    return [CaseConferenceHeld(**command.model_dump())]


def _customise(
    _s: Youth, command: ApplyCustomisation, _today: date, _a: int | None
) -> list[DomainEvent]:
    # A fund's budget counts per trajectory: an amount needs its fund and a fund its amount.
    if command.fund is not None and command.amount is None:
        raise RuleViolationError(
            "Vul het bedrag in dat het fonds betaalt", "Give the amount the fund pays", "amount"
        )
    if command.amount is not None and command.fund is None:
        raise RuleViolationError(
            "Kies het fonds dat dit bedrag betaalt", "Choose the fund that pays this amount", "fund"
        )
    return [CustomisationApplied(**command.model_dump())]


def _exit(
    state: Youth, command: ExitProgramme, _today: date, _age: int | None
) -> list[DomainEvent]:
    start = state.programme_starts.get(command.programma)
    if command.programma not in state.active_programmes or start is None:
        raise RuleViolationError(
            f"Deze jongere zit niet in programma {command.programma}",
            f"This young person is not enrolled in programme {command.programma}",
            "programma",
        )
    if command.exit_on < start:
        raise RuleViolationError(
            f"Uitstroom ({command.exit_on}) ligt vóór de start van het programma ({start})",
            f"Exit ({command.exit_on}) is before the programme's start ({start})",
            "exit_on",
        )
    # From the state the exit is decided on: consumers need not track enrolments, and the
    # expected version keeps it exact when two exits are recorded at once.
    remaining = sorted(state.active_programmes - {command.programma})
    exited = ProgrammeExited(
        **command.model_dump(exclude={"aftercare_worker"}), still_enrolled_in=remaining
    )
    # The last exit starts nazorg (domain/aftercare.py).
    return [exited, *start_on_last_exit(state, command)]


def _erase(state: Youth, command: EraseYouth, today: date, _age: int | None) -> list[DomainEvent]:
    if state.erased:
        raise AlreadyDoneError(
            "De gegevens van deze jongere zijn al vernietigd",
            "This young person's data was already erased",
        )
    if not (state.registered or state.referred):
        raise UnknownYouthError
    return [PersonalDataErased(youth_id=command.youth_id, reason=command.reason, erased_on=today)]


def _note_duplicates(
    state: Youth, command: NotePossibleDuplicates, today: date, _age: int | None
) -> list[DomainEvent]:
    """One event per match not noted before; none for the young person themselves."""
    events: list[DomainEvent] = []
    noted = set(state.possible_duplicates)
    for candidate in command.candidates:
        pair = (str(candidate.other_youth_id), candidate.matched_on)
        if candidate.other_youth_id == command.youth_id or pair in noted:
            continue
        noted.add(pair)
        events.append(
            PossibleDuplicateFound(
                youth_id=command.youth_id,
                other_youth_id=candidate.other_youth_id,
                matched_on=candidate.matched_on,
                found_on=today,
            )
        )
    return events


DECIDERS: Mapping[type[Command], Decider] = {
    ReferYouth: _refer,
    RegisterYouth: _register,
    VerifyIdentity: _verify,
    GiveConsent: _give_consent,
    WithdrawConsent: _withdraw,
    AssessSelfReliance: _assess,
    EnrolInProgramme: _enrol,
    AssignDirector: _assign,
    AgreeFuturePlan: _agree,
    ReviewFuturePlan: _review,
    HoldCaseConference: _confer,
    ApplyCustomisation: _customise,
    ExitProgramme: _exit,
    EraseYouth: _erase,
    NotePossibleDuplicates: _note_duplicates,
    **DEADLINE_DECIDERS,  # what the durable timers record when a deadline passes
    **BREAKTHROUGH_DECIDERS,
    **COMING_OF_AGE_DECIDERS,  # turning 18 and the age bands (domain/coming_of_age.py)
    **AFTERCARE_DECIDERS,  # nazorg after the last exit (domain/aftercare.py)
    **RETENTION_DECIDERS,  # the destruction list's hold, release and approval
    **FEEDBACK_DECIDERS,  # the young person's say (domain/feedback.py)
    **SUBJECT_REQUEST_DECIDERS,  # the young person's requests (domain/subject_requests.py)
}
# Commands heard before (or without) a registration; every other one needs it.
WITHOUT_REGISTRATION: frozenset[type[Command]] = frozenset({ReferYouth, RegisterYouth, EraseYouth})


def decide(
    state: Youth,
    command: Command,
    today: date,
    *,
    age: int | None = None,
    periods: PlanPeriods | None = None,
) -> list[DomainEvent]:
    """The events `command` yields against `state` on `today`, or a refusal.

    `age` is the young person's completed years today, for the rules that need it
    (enrolment); the handler knows it from the sealed birth date, None once erased.
    `periods` are the municipality's plan and review periods: given, the events record the
    due days of the deadlines they start (domain/deadlines.py).
    A timer firing after erasure finds nothing to do (no longer awaited), not a refusal.
    """
    decider = DECIDERS.get(type(command))
    if decider is None:
        raise TypeError(f"intake has no rules for {type(command).__name__}")
    timed = type(command) in DEADLINE_DECIDERS or type(command) in TIMED_BY_AGE
    timed = timed or type(command) in TIMED_SUBJECT_REQUESTS
    if state.erased and (timed or type(command) in TIMED_AFTERCARE):
        raise AlreadyDoneError(
            "De gegevens van deze jongere zijn vernietigd: er loopt geen termijn meer",
            "This young person's data was erased: no deadline runs any more",
        )
    if state.erased and not isinstance(command, EraseYouth):
        raise ErasedError
    if not state.registered and type(command) not in WITHOUT_REGISTRATION:
        raise UnknownYouthError
    _no_future_facts(command, today)
    events = decider(state, command, today, age)
    return events if periods is None else stamp(events, state, periods)
