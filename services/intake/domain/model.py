"""The young person as intake knows them: state folded from events, and the rules.

Pure and synchronous: time arrives as an argument, nothing here does I/O. The state holds no
personal data, so it folds the same from events whose personal fields read "gegevens
vernietigd". The state (`Youth`) lives in `state.py` and the rules (`decide`, the errors, the
ages) in `rules.py`; both are exported from here: this is the module to import.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from services.intake.domain.aftercare import AFTERCARE_EVOLVERS, STARTS_AFTERCARE
from services.intake.domain.ages import age_band, age_on
from services.intake.domain.events import (
    AdulthoodReached,
    AgeBandChanged,
    BreakthroughRequested,
    BreakthroughResolved,
    CaseConferenceHeld,
    ConsentGiven,
    ConsentWithdrawn,
    CustomisationApplied,
    DirectorAssigned,
    FuturePlanAgreed,
    FuturePlanOverdue,
    FuturePlanReviewed,
    GoalOverdue,
    IdentityVerified,
    PersonalDataErased,
    PlanReviewDue,
    PossibleDuplicateFound,
    ProgrammeEnrolled,
    ProgrammeExited,
    SelfRelianceAssessed,
    TransitionPlanAgreed,
    TransitionPlanDue,
    YouthReferred,
    YouthRegistered,
)
from services.intake.domain.feedback import FEEDBACK_EVOLVERS
from services.intake.domain.retention import RETENTION_EVOLVERS
from services.intake.domain.rules import (
    MAX_AGE,
    MIN_AGE,
    ErasedError,
    UnknownYouthError,
    decide,
)
from services.intake.domain.state import Youth
from services.intake.domain.subject_requests import SUBJECT_REQUEST_EVOLVERS
from shared.rules import AlreadyDoneError, FrozenMap, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from shared.events import DomainEvent

__all__ = [
    "MAX_AGE",
    "MIN_AGE",
    "STARTS_AFTERCARE",
    "AlreadyDoneError",
    "ErasedError",
    "FrozenMap",
    "RuleViolationError",
    "UnknownYouthError",
    "Youth",
    "age_band",
    "age_on",
    "decide",
    "evolve",
]


def _referred(state: Youth, _event: YouthReferred) -> Youth:
    return replace(state, referred=True)


def _registered(state: Youth, event: YouthRegistered) -> Youth:
    return replace(
        state,
        registered=True,
        programma=event.programma,
        age_band=event.age_band,
        minor_at_registration=event.age_band == "16-17",
    )


def _band_changed(state: Youth, event: AgeBandChanged) -> Youth:
    return replace(state, age_band=event.age_band)


def _adult(state: Youth, _event: AdulthoodReached) -> Youth:
    """Nothing of its own: the band change recorded with it says what changed."""
    return state


def _transition_due(state: Youth, _event: TransitionPlanDue) -> Youth:
    return replace(state, transition_plan_due=True)


def _transition_agreed(state: Youth, event: TransitionPlanAgreed) -> Youth:
    return replace(
        state,
        transition_plan_agreed=True,
        transition_plan_agreed_before_18=(
            state.transition_plan_agreed_before_18 or event.agreed_before_18
        ),
        youth_care_extended=event.youth_care_extended,
    )


def _verified(state: Youth, _event: IdentityVerified) -> Youth:
    return replace(state, identity_verified=True)


def _consented(state: Youth, event: ConsentGiven) -> Youth:
    return replace(state, consents=state.consents.set(event.purpose, frozenset(event.leefgebieden)))


def _withdrawn(state: Youth, event: ConsentWithdrawn) -> Youth:
    left = state.consents.get(event.purpose, frozenset()) - set(event.leefgebieden)
    if not left:
        return replace(state, consents=state.consents.without(event.purpose))
    return replace(state, consents=state.consents.set(event.purpose, left))


def _assessed(state: Youth, event: SelfRelianceAssessed) -> Youth:
    last = state.last_assessed_on
    on = event.assessed_on if last is None else max(last, event.assessed_on)
    return replace(state, last_assessed_on=on)


def _enrolled(state: Youth, event: ProgrammeEnrolled) -> Youth:
    due = event.plan_due_on
    return replace(
        state,
        active_programmes=state.active_programmes | {event.programma},
        programme_starts=state.programme_starts.set(event.programma, event.start_on),
        plan_due=state.plan_due.set(event.programma, due)
        if due is not None
        else state.plan_due.without(event.programma),
        plans_overdue=state.plans_overdue - {event.programma},
    )


def _exited(state: Youth, event: ProgrammeExited) -> Youth:
    return replace(
        state,
        active_programmes=state.active_programmes - {event.programma},
        programme_starts=state.programme_starts.without(event.programma),
        plan_due=state.plan_due.without(event.programma),
        exits=(*state.exits, (event.programma, event.reason, event.destination, event.exit_on)),
    )


def _assigned(state: Youth, event: DirectorAssigned) -> Youth:
    return replace(state, director_id=event.director_id)


def _agreed(state: Youth, event: FuturePlanAgreed) -> Youth:
    # The goal ids come from `goals`, in clear: `goal_texts` may read "gegevens vernietigd".
    return replace(
        state,
        plan_id=event.plan_id,
        agreed_plans=state.agreed_plans | {event.plan_id},
        goal_statuses=FrozenMap((goal.goal_id, "open") for goal in event.goals),
        review_due_on=event.review_due_on,
        review_overdue_on=None,
        goals=FrozenMap((goal.goal_id, goal.due_on) for goal in event.goals),
        goals_overdue=frozenset(),
    )


def _reviewed(state: Youth, event: FuturePlanReviewed) -> Youth:
    if event.plan_id != state.plan_id:
        return state
    return replace(
        state,
        goal_statuses=FrozenMap({**state.goal_statuses, **event.statuses}),
        review_due_on=event.review_due_on,
    )


def _plan_overdue(state: Youth, event: FuturePlanOverdue) -> Youth:
    return replace(state, plans_overdue=state.plans_overdue | {event.programma})


def _review_overdue(state: Youth, event: PlanReviewDue) -> Youth:
    if event.plan_id != state.plan_id:
        return state
    return replace(state, review_overdue_on=event.due_on)


def _goal_overdue(state: Youth, event: GoalOverdue) -> Youth:
    if event.plan_id != state.plan_id:
        return state
    return replace(state, goals_overdue=state.goals_overdue | {event.goal_id})


def _breakthrough_requested(state: Youth, event: BreakthroughRequested) -> Youth:
    asked = (event.requested_on, False)
    return replace(state, breakthroughs=state.breakthroughs.set(str(event.breakthrough_id), asked))


def _breakthrough_resolved(state: Youth, event: BreakthroughResolved) -> Youth:
    key = str(event.breakthrough_id)
    asked = state.breakthroughs.get(key)
    if asked is None:
        return state
    return replace(state, breakthroughs=state.breakthroughs.set(key, (asked[0], True)))


def _conferred(state: Youth, _event: CaseConferenceHeld) -> Youth:
    return replace(state, conferences=state.conferences + 1)


def _customised(state: Youth, _event: CustomisationApplied) -> Youth:
    return replace(state, customisations=state.customisations + 1)


def _duplicate(state: Youth, event: PossibleDuplicateFound) -> Youth:
    pair = (str(event.other_youth_id), event.matched_on)
    return replace(state, possible_duplicates=state.possible_duplicates | {pair})


def _erased(state: Youth, _event: PersonalDataErased) -> Youth:
    return replace(state, erased=True)


# Any: each folds its own event class.
EVOLVERS: Mapping[type[DomainEvent], Callable[[Youth, Any], Youth]] = {
    YouthReferred: _referred,
    YouthRegistered: _registered,
    IdentityVerified: _verified,
    ConsentGiven: _consented,
    ConsentWithdrawn: _withdrawn,
    SelfRelianceAssessed: _assessed,
    ProgrammeEnrolled: _enrolled,
    ProgrammeExited: _exited,
    DirectorAssigned: _assigned,
    FuturePlanAgreed: _agreed,
    FuturePlanReviewed: _reviewed,
    CaseConferenceHeld: _conferred,
    CustomisationApplied: _customised,
    PersonalDataErased: _erased,
    PossibleDuplicateFound: _duplicate,
    FuturePlanOverdue: _plan_overdue,
    PlanReviewDue: _review_overdue,
    GoalOverdue: _goal_overdue,
    BreakthroughRequested: _breakthrough_requested,
    BreakthroughResolved: _breakthrough_resolved,
    TransitionPlanDue: _transition_due,
    TransitionPlanAgreed: _transition_agreed,
    AgeBandChanged: _band_changed,
    AdulthoodReached: _adult,
    **AFTERCARE_EVOLVERS,  # nazorg (domain/aftercare.py)
    **RETENTION_EVOLVERS,  # the destruction list's decisions (domain/retention.py)
    **FEEDBACK_EVOLVERS,  # the young person's say (domain/feedback.py)
    **SUBJECT_REQUEST_EVOLVERS,  # the young person's requests (domain/subject_requests.py)
}


def evolve(state: Youth, event: DomainEvent) -> Youth:
    """Fold one event into the state; an event intake does not know leaves it as it is."""
    evolver = EVOLVERS.get(type(event))
    return state if evolver is None else evolver(state, event)
