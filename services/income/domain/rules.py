"""The rules of income: a command against the state either yields events or is refused.

Pure and synchronous: today arrives as an argument; nothing here does I/O. Refusals carry a
Dutch message (for the user; `str(error)`) and an English one, plus the input field at fault
when there is one. Amounts are personal data (FIN): no message repeats them. Import these
names from `services.income.domain.model`.

Choices the rules make:

- One open benefit at a time: a new application waits until the last one is refused or ended
  (`AlreadyDoneError`, 409).
- The search period (zoektermijn, four weeks for an applicant under 27) is started explicitly:
  income does not know the birth date (intake keeps it), so the klantmanager starts it for an
  applicant it applies to. While it runs (started, neither ended nor waived) no grant is
  possible (`ConflictError`, 409); it may be waived as maatwerk, before it starts or while it
  runs, once per application. A grant pays from the end of the search period at the earliest.
  When its four weeks pass with nobody ending it, its timer (timers.py) ends it on its term.
- The norm: `kostendeler` names the number of cost-sharers (at least one), `alleenstaand` none.
- Dates of facts lie today or earlier and follow each other: an application's facts lie on or
  after it, a suspension after the grant's start, a resumption after the suspension, an end
  after the start and the last suspension or resumption.
- Allowances: one open application per kind; a decision needs one (`NothingOpenError`, 404).
- Income from work is recorded in any state.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from services.income.domain.commands import (
    ApplyForAllowance,
    ApplyForBenefit,
    EndBenefit,
    EndSearchPeriod,
    EndSearchPeriodAtTerm,
    GrantAllowance,
    GrantBenefit,
    RecordIncomeFromWork,
    RefuseAllowance,
    RefuseBenefit,
    ResumeBenefit,
    StartSearchPeriod,
    SuspendBenefit,
    WaiveSearchPeriod,
)
from services.income.domain.events import (
    AllowanceApplied,
    AllowanceGranted,
    AllowanceRefused,
    BenefitApplied,
    BenefitEnded,
    BenefitGranted,
    BenefitRefused,
    BenefitResumed,
    BenefitSuspended,
    ErasureConfirmed,
    IncomeFromWorkRecorded,
    SearchPeriodEnded,
    SearchPeriodStarted,
    SearchPeriodWaived,
    TimelineSharingResumed,
    TimelineSharingStopped,
)
from services.income.domain.vocabulary import JUSTICE_REASONS, SEARCH_PERIOD_DAYS
from shared.rules import (
    AlreadyDoneError,
    ConflictError,
    FactDates,
    NotFoundError,
    RuleViolationError,
)
from shared.subject_rights import PrivacyCommand, PrivacyEvents, decide_privacy

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from uuid import UUID

    from services.income.domain.commands import Command
    from services.income.domain.state import Allowance, Income
    from services.income.domain.vocabulary import ClearBenefitEndReason, ClearSuspensionReason
    from shared.events import DomainEvent

    # One rule set per command; Any because each takes its own command class.
    Decider = Callable[[Income, Any, date], list[DomainEvent]]

# What this domain records when intake erases or a consent changes (shared/subject_rights.py).
PRIVACY = PrivacyEvents(
    "income", "financien", ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed
)

__all__ = [
    "DECIDERS",
    "FACT_DATES",
    "PRIVACY",
    "AlreadyDoneError",
    "ConflictError",
    "NothingOpenError",
    "RuleViolationError",
    "decide",
    "search_period_ends",
]


class NothingOpenError(NotFoundError):
    """The command needs an open application or benefit and there is none (HTTP 404)."""


def search_period_ends(started_on: date) -> date:
    """The day the four-week search period ends, when nothing ends it first."""
    return started_on + timedelta(days=SEARCH_PERIOD_DAYS)


# Dates of facts, which cannot lie after today: field name -> (Dutch, English) label.
FACT_DATES: Mapping[str, tuple[str, str]] = {
    "applied_on": ("Datum van de aanvraag", "Application date"),
    "started_on": ("Begin van de zoektermijn", "Start of the search period"),
    "ended_on": ("Einddatum", "End date"),
    "waived_on": ("Datum van de vrijstelling", "Waiver date"),
    "granted_on": ("Datum van toekenning", "Grant date"),
    "from_on": ("Ingangsdatum", "Start date"),
    "refused_on": ("Datum van afwijzing", "Refusal date"),
    "suspended_on": ("Datum van opschorting", "Suspension date"),
    "resumed_on": ("Datum van hervatting", "Resumption date"),
    "received_on": ("Datum van ontvangst", "Date received"),
}
_DATES = FactDates(FACT_DATES)
_not_before = _DATES.not_before


def _no_application() -> NothingOpenError:
    return NothingOpenError(
        "Er is geen aanvraag voor bijstand in behandeling", "No application for bijstand is open"
    )


def _open_application(state: Income) -> UUID:
    if state.status != "aangevraagd" or state.benefit_id is None:
        raise _no_application()
    return state.benefit_id


def _running_benefit(state: Income, *statuses: str) -> UUID:
    if state.status not in statuses or state.benefit_id is None:
        raise NothingOpenError(
            "Er is geen lopende bijstandsuitkering"
            if "lopend" in statuses
            else "De bijstandsuitkering is niet opgeschort",
            "No running benefit" if "lopend" in statuses else "The benefit is not suspended",
        )
    return state.benefit_id


def _apply(state: Income, command: ApplyForBenefit, _today: date) -> list[DomainEvent]:
    if state.open:
        raise AlreadyDoneError(
            "Er loopt al een aanvraag of uitkering; één tegelijk",
            "A benefit or application is already open; one at a time",
        )
    _not_before(
        command.applied_on,
        state.decided_on,
        "applied_on",
        "het vorige besluit",
        "the previous decision",
    )
    return [
        BenefitApplied(
            youth_id=command.youth_id,
            benefit_id=command.benefit_id,
            regeling=command.regeling,
            applied_on=command.applied_on,
        )
    ]


def _start_search(state: Income, command: StartSearchPeriod, _today: date) -> list[DomainEvent]:
    benefit_id = _open_application(state)
    if state.search != "geen":
        raise AlreadyDoneError(
            "De zoektermijn is voor deze aanvraag al begonnen of vrijgesteld",
            "The search period already started or was waived for this application",
        )
    _not_before(
        command.started_on, state.applied_on, "started_on", "de aanvraag", "the application"
    )
    return [
        SearchPeriodStarted(
            youth_id=command.youth_id,
            benefit_id=benefit_id,
            started_on=command.started_on,
            ends_on=search_period_ends(command.started_on),
        )
    ]


def _end_search(state: Income, command: EndSearchPeriod, _today: date) -> list[DomainEvent]:
    benefit_id = _open_application(state)
    if not state.search_running:
        raise NothingOpenError("Er loopt geen zoektermijn", "No search period is running")
    _not_before(command.ended_on, state.search_started_on, "ended_on", "het begin", "its start")
    return [
        SearchPeriodEnded(
            youth_id=command.youth_id, benefit_id=benefit_id, ended_on=command.ended_on
        )
    ]


def _waive_search(state: Income, command: WaiveSearchPeriod, _today: date) -> list[DomainEvent]:
    benefit_id = _open_application(state)
    if state.search in {"beeindigd", "vrijgesteld"}:
        raise AlreadyDoneError(
            "De zoektermijn is al voorbij of vrijgesteld",
            "The search period is already over or waived",
        )
    earliest = state.search_started_on or state.applied_on
    _not_before(
        command.waived_on,
        earliest,
        "waived_on",
        "de aanvraag of de zoektermijn",
        "the application or the search period",
    )
    return [
        SearchPeriodWaived(
            youth_id=command.youth_id,
            benefit_id=benefit_id,
            reason=command.reason,
            waived_on=command.waived_on,
        )
    ]


def _search_at_term(
    state: Income, command: EndSearchPeriodAtTerm, today: date
) -> list[DomainEvent]:
    # The timer of an application decided, a period ended or waived by hand, or a young
    # person erased finds nothing to do ("already so"); one that fires early is refused.
    current = state.benefit_id == command.benefit_id and state.status == "aangevraagd"
    if not current or not state.search_running or state.privacy.erasure_confirmed:
        raise AlreadyDoneError(
            "De zoektermijn van deze aanvraag loopt niet meer",
            "The search period of this application no longer runs",
        )
    term = state.search_ends_on
    if term is None or today < term:
        raise RuleViolationError(
            f"De zoektermijn loopt tot {term}: die is nog niet om",
            f"The search period runs until {term}: it is not over yet",
        )
    return [SearchPeriodEnded(youth_id=command.youth_id, benefit_id=command.benefit_id,
                              ended_on=term)]  # fmt: skip


def _in_clear(reason: str) -> str:
    """The reason as it travels in clear: detention (AVG art. 10) reads `anders`."""
    return JUSTICE_REASONS.get(reason, reason)


def _norm(command: GrantBenefit) -> None:
    if command.norm == "kostendeler" and command.cost_sharers is None:
        raise RuleViolationError(
            "Bij de kostendelersnorm hoort het aantal kostendelers",
            "The kostendelersnorm needs the number of cost-sharers",
            "cost_sharers",
        )
    if command.norm == "alleenstaand" and command.cost_sharers is not None:
        raise RuleViolationError(
            "Een alleenstaande deelt de kosten met niemand",
            "A single person shares costs with no one",
            "cost_sharers",
        )


def _grant(state: Income, command: GrantBenefit, _today: date) -> list[DomainEvent]:
    benefit_id = _open_application(state)
    if state.search_running:
        raise ConflictError(
            "De zoektermijn loopt nog: beëindig of verleen vrijstelling voor het besluit",
            "The search period is still running: end or waive it before the decision",
        )
    _norm(command)
    _not_before(
        command.granted_on, state.applied_on, "granted_on", "de aanvraag", "the application"
    )
    earliest = state.search_closed_on if state.search == "beeindigd" else state.applied_on
    _not_before(
        command.from_on,
        earliest,
        "from_on",
        "de aanvraag of het einde van de zoektermijn",
        "the application or the end of the search period",
    )
    return [
        BenefitGranted(
            youth_id=command.youth_id,
            benefit_id=benefit_id,
            norm=command.norm,
            cost_sharers=command.cost_sharers,
            monthly_amount=command.monthly_amount,
            granted_on=command.granted_on,
            from_on=command.from_on,
        )
    ]


def _refuse(state: Income, command: RefuseBenefit, _today: date) -> list[DomainEvent]:
    benefit_id = _open_application(state)
    # A refusal decides on all that was recorded on the application, its search period too.
    recorded = (state.applied_on, state.search_started_on, state.search_closed_on)
    _not_before(
        command.refused_on,
        max((day for day in recorded if day is not None), default=None),
        "refused_on",
        "de aanvraag of de zoektermijn",
        "the application or the search period",
    )
    return [
        BenefitRefused(
            youth_id=command.youth_id,
            benefit_id=benefit_id,
            reason=command.reason,
            refused_on=command.refused_on,
        )
    ]


def _suspend(state: Income, command: SuspendBenefit, _today: date) -> list[DomainEvent]:
    benefit_id = _running_benefit(state, "lopend")
    latest = max(d for d in (state.from_on, state.resumed_on) if d is not None)
    _not_before(
        command.suspended_on,
        latest,
        "suspended_on",
        "de ingang of hervatting",
        "the start or resumption",
    )
    return [
        BenefitSuspended(
            youth_id=command.youth_id,
            benefit_id=benefit_id,
            reason=cast("ClearSuspensionReason", _in_clear(command.reason)),
            exact_reason=command.reason,
            suspended_on=command.suspended_on,
        )
    ]


def _resume(state: Income, command: ResumeBenefit, _today: date) -> list[DomainEvent]:
    benefit_id = _running_benefit(state, "opgeschort")
    _not_before(
        command.resumed_on, state.suspended_on, "resumed_on", "de opschorting", "the suspension"
    )
    return [
        BenefitResumed(
            youth_id=command.youth_id, benefit_id=benefit_id, resumed_on=command.resumed_on
        )
    ]


def _end(state: Income, command: EndBenefit, _today: date) -> list[DomainEvent]:
    benefit_id = _running_benefit(state, "lopend", "opgeschort")
    known = (state.from_on, state.suspended_on, state.resumed_on)
    latest = max(d for d in known if d is not None)
    _not_before(
        command.ended_on,
        latest,
        "ended_on",
        "de ingang, opschorting of hervatting",
        "the start, suspension or resumption",
    )
    return [
        BenefitEnded(
            youth_id=command.youth_id,
            benefit_id=benefit_id,
            reason=cast("ClearBenefitEndReason", _in_clear(command.reason)),
            exact_reason=command.reason,
            ended_on=command.ended_on,
        )
    ]


def _open_allowance(state: Income, kind: str) -> Allowance:
    allowance = state.allowances.get(kind)
    if allowance is None or allowance.status != "aangevraagd":
        raise NothingOpenError(
            f"Er is geen aanvraag voor {kind} in behandeling", f"No application for {kind} is open"
        )
    return allowance


def _apply_allowance(state: Income, command: ApplyForAllowance, _today: date) -> list[DomainEvent]:
    last = state.allowances.get(command.kind)
    if last is not None and last.status == "aangevraagd":
        raise AlreadyDoneError(
            f"Er is al een aanvraag voor {command.kind} in behandeling",
            f"An application for {command.kind} is already open",
        )
    return [
        AllowanceApplied(
            youth_id=command.youth_id,
            allowance_id=command.allowance_id,
            kind=command.kind,
            applied_on=command.applied_on,
        )
    ]


def _grant_allowance(state: Income, command: GrantAllowance, _today: date) -> list[DomainEvent]:
    allowance = _open_allowance(state, command.kind)
    _not_before(
        command.granted_on, allowance.applied_on, "granted_on", "de aanvraag", "the application"
    )
    return [
        AllowanceGranted(
            youth_id=command.youth_id,
            allowance_id=allowance.allowance_id,
            kind=command.kind,
            monthly_amount=command.monthly_amount,
            granted_on=command.granted_on,
        )
    ]


def _refuse_allowance(state: Income, command: RefuseAllowance, _today: date) -> list[DomainEvent]:
    allowance = _open_allowance(state, command.kind)
    _not_before(
        command.refused_on, allowance.applied_on, "refused_on", "de aanvraag", "the application"
    )
    return [
        AllowanceRefused(
            youth_id=command.youth_id,
            allowance_id=allowance.allowance_id,
            kind=command.kind,
            reason=command.reason,
            refused_on=command.refused_on,
        )
    ]


def _record_work_income(
    _state: Income, command: RecordIncomeFromWork, _today: date
) -> list[DomainEvent]:
    return [
        IncomeFromWorkRecorded(
            youth_id=command.youth_id, amount=command.amount, received_on=command.received_on
        )
    ]


DECIDERS: Mapping[type[Command], Decider] = {
    ApplyForBenefit: _apply,
    StartSearchPeriod: _start_search,
    EndSearchPeriod: _end_search,
    WaiveSearchPeriod: _waive_search,
    EndSearchPeriodAtTerm: _search_at_term,
    GrantBenefit: _grant,
    RefuseBenefit: _refuse,
    SuspendBenefit: _suspend,
    ResumeBenefit: _resume,
    EndBenefit: _end,
    ApplyForAllowance: _apply_allowance,
    GrantAllowance: _grant_allowance,
    RefuseAllowance: _refuse_allowance,
    RecordIncomeFromWork: _record_work_income,
}


def decide(state: Income, command: Command | PrivacyCommand, today: date) -> list[DomainEvent]:
    """The events `command` yields against `state` on `today`, or a refusal.

    A date of a fact after `today` is refused first, naming the field. Erasure and timeline
    sharing are heard first, in any state (shared/subject_rights.py).
    """
    if isinstance(command, PrivacyCommand):
        return decide_privacy(state.privacy, command, PRIVACY)
    decider = DECIDERS.get(type(command))
    if decider is None:
        raise TypeError(f"income has no rules for {type(command).__name__}")
    _DATES.refuse_future(command, today)
    return decider(state, command, today)
