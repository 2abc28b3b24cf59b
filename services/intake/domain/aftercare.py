"""Nazorg: after the last programme exit the young person is followed up, then let go.

Action line 1 of the actieprogramma dak- en thuisloze jongeren: help does not stop at the
exit. The rules, all pure:

- The exit that leaves no programme open starts nazorg (`AftercareStarted`) with the worker
  the exit names, else the assigned regisseur, and one follow-up per month of the
  municipality's setting (3, 6 and 12 unless set otherwise), each due that many months after
  the exit (`add_months`). The due days are computed on the day of the exit, so a later
  change of the setting moves no follow-up already set.
- A follow-up is recorded once (`FollowUpRecorded`), dated on or after the exit and not
  ahead; a relapse names its life domains, and only a relapse does. A follow-up the timer
  found missed may still be recorded late: that resolves its signal.
- When a follow-up's day passes unrecorded, the timer records `FollowUpMissed` once; a
  firing that finds it recorded, already missed, nazorg ended or replaced, records nothing.
- Nazorg ends (`AftercareEnded`) when every follow-up is recorded or missed (`afgerond`), on
  a new enrolment (`heringestroomd`), or by hand with a reason. After an end by hand or by
  re-enrolment no follow-up of it is heard any more.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from services.intake.domain.ages import add_months
from services.intake.domain.commands import (
    EndAftercare,
    ExitProgramme,
    RecordFollowUp,
    RecordFollowUpMissed,
)
from services.intake.domain.events import (
    AftercareEnded,
    AftercareStarted,
    FollowUp,
    FollowUpMissed,
    FollowUpRecorded,
)
from services.intake.domain.state import Aftercare
from shared.rules import AlreadyDoneError, FactDates, FrozenMap, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from datetime import date

    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

__all__ = [
    "AFTERCARE_DATES",
    "AFTERCARE_DECIDERS",
    "AFTERCARE_EVOLVERS",
    "DEFAULT_FOLLOW_UPS",
    "STARTS_AFTERCARE",
    "TIMED_AFTERCARE",
    "end_on_enrolment",
    "follow_ups",
    "start_on_last_exit",
]

DEFAULT_FOLLOW_UPS: tuple[int, ...] = (3, 6, 12)
# The command that may start nazorg: it is told the municipality's follow-up months.
STARTS_AFTERCARE = ExitProgramme
FINISHED = "afgerond"
RE_ENROLLED = "heringestroomd"

# The dates of nazorg's commands, which cannot lie ahead: field -> (Dutch, English) label.
AFTERCARE_DATES: Mapping[str, tuple[str, str]] = {
    "followed_up_on": ("Datum van het nazorgcontact", "Follow-up date"),
    "ended_on": ("Einddatum van de nazorg", "Aftercare end date"),
}
_DATES = FactDates(AFTERCARE_DATES)


def follow_ups(started_on: date, months: Iterable[int]) -> list[FollowUp]:
    """The follow-ups of nazorg started on `started_on`, one per month, in order."""
    return [FollowUp(month=m, due_on=add_months(started_on, m)) for m in sorted(set(months))]


def start_on_last_exit(state: Youth, command: ExitProgramme) -> list[DomainEvent]:
    """Nazorg, when `command` leaves no programme open; the default follow-ups until stamped."""
    if state.active_programmes - {command.programma}:
        return []
    return [
        AftercareStarted(
            youth_id=command.youth_id,
            programma=command.programma,
            responsible_worker=command.aftercare_worker or state.director_id,
            started_on=command.exit_on,
            follow_ups=follow_ups(command.exit_on, DEFAULT_FOLLOW_UPS),
        )
    ]


def _ended(care: Aftercare, youth_id: Any, reason: str, on: date) -> AftercareEnded:  # noqa: ANN401 - the command's UUID
    return AftercareEnded(
        youth_id=youth_id,
        reason=reason,
        started_on=care.started_on,
        ended_on=on,
        recorded=sorted(care.recorded),
        missed=sorted(care.missed - care.recorded),
        cancelled=sorted(set(care.due) - care.recorded - care.missed),
    )


def end_on_enrolment(state: Youth, youth_id: Any, start_on: date) -> list[DomainEvent]:  # noqa: ANN401 - the command's UUID
    """A new enrolment during open nazorg ends it (and its timers)."""
    care = state.aftercare
    if care is None or care.ended is not None:
        return []
    return [_ended(care, youth_id, RE_ENROLLED, max(start_on, care.started_on))]


def _no_aftercare() -> RuleViolationError:
    return RuleViolationError(
        "Er loopt geen nazorg: die begint pas na de laatste uitstroom",
        "No aftercare is running: it starts only after the last programme exit",
        "month",
    )


def _record(
    state: Youth, command: RecordFollowUp, _today: date, _a: int | None
) -> list[DomainEvent]:
    care = state.aftercare
    month = command.month
    late = care is not None and care.ended == FINISHED and month in care.missed
    if care is None or (care.ended is not None and not late):
        raise _no_aftercare()
    if month not in care.due:
        planned = ", ".join(str(m) for m in care.due)
        raise RuleViolationError(
            f"Nazorg kent geen contact na {month} maanden (wel na {planned})",
            f"Aftercare has no follow-up after {month} months (it has {planned})",
            "month",
        )
    if month in care.recorded:
        raise RuleViolationError(
            f"Het nazorgcontact na {month} maanden is al vastgelegd",
            f"The follow-up after {month} months was already recorded",
            "month",
        )
    _DATES.not_before(
        command.followed_up_on, care.started_on, "followed_up_on", "de uitstroom", "the exit"
    )
    _relapse_named(command)
    recorded = FollowUpRecorded(
        **command.model_dump(exclude={"relapse_leefgebieden"}),
        aftercare_started_on=care.started_on,
        relapse_leefgebieden=sorted(set(command.relapse_leefgebieden)) or None,
    )
    after = replace(care, recorded=care.recorded | {month})
    if care.ended is None and after.settled:
        return [recorded, _ended(after, command.youth_id, FINISHED, command.followed_up_on)]
    return [recorded]


def _relapse_named(command: RecordFollowUp) -> None:
    if command.relapsed and not command.relapse_leefgebieden:
        raise RuleViolationError(
            "Noem bij een terugval de leefgebieden waarin die zich voordeed",
            "A relapse names the life domains it happened in",
            "relapse_leefgebieden",
        )
    if command.relapse_leefgebieden and not command.relapsed:
        raise RuleViolationError(
            "Leefgebieden van een terugval horen alleen bij een terugval",
            "Life domains of a relapse belong to a relapse only",
            "relapse_leefgebieden",
        )


def _end(state: Youth, command: EndAftercare, _today: date, _a: int | None) -> list[DomainEvent]:
    care = state.aftercare
    if care is None or care.ended is not None:
        raise RuleViolationError(
            "Er loopt geen nazorg om te beëindigen", "No aftercare is running to end", "reason"
        )
    _DATES.not_before(
        command.ended_on, care.started_on, "ended_on", "de start van de nazorg", "its start"
    )
    return [_ended(care, command.youth_id, command.reason, command.ended_on)]


def _missed(
    state: Youth, command: RecordFollowUpMissed, today: date, _a: int | None
) -> list[DomainEvent]:
    care = state.aftercare
    month = command.month
    if care is None or care.started_on != command.started_on or care.ended is not None:
        raise AlreadyDoneError("Deze nazorg loopt niet meer", "This aftercare is no longer running")
    if month in care.recorded or month in care.missed or month not in care.due:
        raise AlreadyDoneError(
            "Dit nazorgcontact is al vastgelegd of gemist",
            "This follow-up was already recorded or missed",
        )
    due = care.due[month]
    if today <= due:
        raise RuleViolationError(
            f"Het nazorgcontact na {month} maanden is nog in tijd (tot en met {due})",
            f"The follow-up after {month} months is still in time (up to {due})",
        )
    missed = FollowUpMissed(
        youth_id=command.youth_id, month=month, due_on=due, responsible_worker=care.worker
    )
    after = replace(care, missed=care.missed | {month})
    if after.settled:
        return [missed, _ended(after, command.youth_id, FINISHED, today)]
    return [missed]


# One rule set per command; Any because each takes its own command class.
AFTERCARE_DECIDERS: Mapping[
    type[Any], Callable[[Youth, Any, date, int | None], list[DomainEvent]]
] = {
    RecordFollowUp: _record,
    EndAftercare: _end,
    RecordFollowUpMissed: _missed,
}
# What the timers give: after erasure it finds nothing to do.
TIMED_AFTERCARE: frozenset[type[Any]] = frozenset({RecordFollowUpMissed})


def _started(state: Youth, event: AftercareStarted) -> Youth:
    due = FrozenMap((f.month, f.due_on) for f in event.follow_ups)
    care = Aftercare(started_on=event.started_on, worker=event.responsible_worker, due=due)
    return replace(state, aftercare=care)


def _recorded(state: Youth, event: FollowUpRecorded) -> Youth:
    care = state.aftercare
    if care is None:
        return state
    return replace(state, aftercare=replace(care, recorded=care.recorded | {event.month}))


def _missed_fold(state: Youth, event: FollowUpMissed) -> Youth:
    care = state.aftercare
    if care is None:
        return state
    return replace(state, aftercare=replace(care, missed=care.missed | {event.month}))


def _ended_fold(state: Youth, event: AftercareEnded) -> Youth:
    care = state.aftercare
    if care is None or care.started_on != event.started_on:
        return state
    return replace(state, aftercare=replace(care, ended=event.reason))


# Any: each folds its own event class.
AFTERCARE_EVOLVERS: Mapping[type[DomainEvent], Callable[[Youth, Any], Youth]] = {
    AftercareStarted: _started,
    FollowUpRecorded: _recorded,
    FollowUpMissed: _missed_fold,
    AftercareEnded: _ended_fold,
}
