"""The young person's requests to the privacy officer: correct or erase my data (AVG art. 16, 17).

Pure. A request is made once under its id by the young person (the route admits role
`jongere` for their own youth id only) and answered once by the privacy officer. The answer is
due within one month of receipt (art. 12(3)): `answer_due` is the same day a month later (the
month's last day where it has fewer), and a durable timer records `SubjectRequestOverdue` the
day after when no answer came. Answering one never made is `NotFoundError` (404), answering
it again `AlreadyDoneError` (409); a late answer is still an answer (`in_time` false). A
correction needs to say what is wrong; an erasure may give a reason.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from services.intake.domain.ages import add_months
from services.intake.domain.commands import (
    HandleSubjectRequest,
    MakeSubjectRequest,
    RecordSubjectRequestOverdue,
)
from services.intake.domain.events import (
    SubjectRequestHandled,
    SubjectRequestMade,
    SubjectRequestOverdue,
)
from services.intake.domain.state import SubjectRequest
from shared.rules import AlreadyDoneError, NotFoundError, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

__all__ = [
    "ANSWER_MONTHS",
    "SUBJECT_REQUEST_DECIDERS",
    "SUBJECT_REQUEST_EVOLVERS",
    "TIMED_SUBJECT_REQUESTS",
    "answer_due",
]

ANSWER_MONTHS = 1  # AVG art. 12(3); extending by two months is a decision not modelled here


def answer_due(made_on: date) -> date:
    """The last day to answer a request received on `made_on`: one month later."""
    return add_months(made_on, ANSWER_MONTHS)


def _make(
    state: Youth, command: MakeSubjectRequest, _today: date, _age: int | None
) -> list[DomainEvent]:
    if str(command.request_id) in state.subject_requests:
        raise AlreadyDoneError(
            "Dit verzoek is al gedaan", "This request was already made", "request_id"
        )
    if command.kind == "correctie" and not (command.text or "").strip():
        raise RuleViolationError(
            "Schrijf op wat er niet klopt", "Say what is wrong with the data", "text"
        )
    return [SubjectRequestMade(**command.model_dump(), due_on=answer_due(command.made_on))]


def _asked(state: Youth, request_id: object) -> SubjectRequest:
    asked = state.subject_requests.get(str(request_id))
    if asked is None:
        raise NotFoundError("Onbekend verzoek", "Unknown request")
    if asked.handled:
        raise AlreadyDoneError("Dit verzoek is al afgehandeld", "This request was already handled")
    return asked


def _overdue(
    state: Youth, command: RecordSubjectRequestOverdue, _today: date, _age: int | None
) -> list[DomainEvent]:
    asked = _asked(state, command.request_id)
    if asked.overdue:
        raise AlreadyDoneError("Al als te laat vastgelegd", "Already recorded as overdue")
    return [
        SubjectRequestOverdue(
            youth_id=command.youth_id,
            request_id=command.request_id,
            kind=asked.kind,
            due_on=asked.due_on,
        )
    ]


def _handle(
    state: Youth, command: HandleSubjectRequest, _today: date, _age: int | None
) -> list[DomainEvent]:
    asked = _asked(state, command.request_id)
    if command.handled_on < asked.made_on:
        raise RuleViolationError(
            f"De afhandeling ({command.handled_on}) ligt vóór het verzoek ({asked.made_on})",
            f"The answer ({command.handled_on}) is before the request ({asked.made_on})",
            "handled_on",
        )
    return [
        SubjectRequestHandled(
            youth_id=command.youth_id,
            request_id=command.request_id,
            kind=asked.kind,
            outcome=command.outcome,
            note=command.note,
            handled_on=command.handled_on,
            handled_by=command.by,
            in_time=command.handled_on <= asked.due_on,
        )
    ]


def _made(state: Youth, event: SubjectRequestMade) -> Youth:
    asked = SubjectRequest(event.kind, event.made_on, event.due_on)
    return replace(state, subject_requests=state.subject_requests.set(str(event.request_id), asked))


def _changed(state: Youth, request_id: object, *, overdue: bool, handled: bool) -> Youth:
    key = str(request_id)
    asked = state.subject_requests.get(key)
    if asked is None:
        return state
    now = replace(asked, overdue=asked.overdue or overdue, handled=asked.handled or handled)
    return replace(state, subject_requests=state.subject_requests.set(key, now))


def _went_overdue(state: Youth, event: SubjectRequestOverdue) -> Youth:
    return _changed(state, event.request_id, overdue=True, handled=False)


def _handled(state: Youth, event: SubjectRequestHandled) -> Youth:
    return _changed(state, event.request_id, overdue=False, handled=True)


# One rule set per command; Any because each takes its own command class.
SUBJECT_REQUEST_DECIDERS: Mapping[
    type[Any], Callable[[Youth, Any, date, int | None], list[DomainEvent]]
] = {
    MakeSubjectRequest: _make,
    RecordSubjectRequestOverdue: _overdue,
    HandleSubjectRequest: _handle,
}
SUBJECT_REQUEST_EVOLVERS: Mapping[type[Any], Callable[[Youth, Any], Youth]] = {
    SubjectRequestMade: _made,
    SubjectRequestOverdue: _went_overdue,
    SubjectRequestHandled: _handled,
}
# After an erasure the timer's firing finds nothing to record, not a refusal.
TIMED_SUBJECT_REQUESTS: frozenset[type[Any]] = frozenset({RecordSubjectRequestOverdue})
