"""The young person's requests (AVG art. 16/17): a month to answer, answered once, timed."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.intake.domain.commands import (
    EraseYouth,
    HandleSubjectRequest,
    MakeSubjectRequest,
    RecordSubjectRequestOverdue,
)
from services.intake.domain.events import (
    SubjectRequestHandled,
    SubjectRequestMade,
    SubjectRequestOverdue,
)
from services.intake.domain.model import AlreadyDoneError, RuleViolationError, decide
from services.intake.domain.subject_requests import answer_due
from services.intake.subject_request_timers import (
    SUBJECT_REQUEST,
    fires,
    request_timer,
    schedules,
)
from shared.clock import start_of
from shared.personal_data import personal_fields
from shared.rules import NotFoundError
from shared.timers import Cancel, DueTimer, Schedule
from tests.unit.intake.givens import TODAY, given, in_the_thick_of_it

Y = uuid.UUID("00000000-0000-4000-8000-0000000000d1")
R = uuid.UUID("00000000-0000-4000-8000-0000000000e2")
ASK = MakeSubjectRequest(youth_id=Y, request_id=R, kind="correctie",
                         text="Mijn adres klopt niet.", made_on=TODAY)  # fmt: skip


def answer(on: date = TODAY, outcome: str = "toegewezen") -> HandleSubjectRequest:
    return HandleSubjectRequest(youth_id=Y, request_id=R, outcome=outcome,  # type: ignore[arg-type]
                                note="Aangepast.", handled_on=on, by="privacy-1")  # fmt: skip


def asked() -> list:
    history = in_the_thick_of_it(Y)
    return [*history, *decide(given(*history), ASK, TODAY)]


@pytest.mark.parametrize(
    ("made_on", "due_on"),
    [
        (date(2026, 5, 4), date(2026, 6, 4)),
        (date(2026, 1, 31), date(2026, 2, 28)),  # a shorter month: its last day
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 12, 15), date(2027, 1, 15)),  # over the year's end
    ],
)
def test_the_answer_is_due_one_month_after_receipt(made_on, due_on):
    """AVG art. 12(3): within one month of receipt."""
    assert answer_due(made_on) == due_on


def test_a_request_records_its_deadline_and_seals_the_young_person_s_words():
    """The fact names the kind, the day and the last day; the text is personal data."""
    (made,) = decide(given(*in_the_thick_of_it(Y)), ASK, TODAY)

    assert made == SubjectRequestMade(
        youth_id=Y, request_id=R, kind="correctie", text="Mijn adres klopt niet.",
        made_on=TODAY, due_on=answer_due(TODAY),
    )  # fmt: skip
    assert "text" in personal_fields(SubjectRequestMade)
    assert "note" in personal_fields(SubjectRequestHandled)


def test_a_correction_says_what_is_wrong_an_erasure_need_not():
    """No text for a correction: 422 on `text`; an erasure without a reason is fine."""
    state = given(*in_the_thick_of_it(Y))
    bare = ASK.model_copy(update={"text": None})

    with pytest.raises(RuleViolationError) as refused:
        decide(state, bare, TODAY)
    assert (refused.value.field, refused.value.nl) == ("text", "Schrijf op wat er niet klopt")
    (made,) = decide(state, bare.model_copy(update={"kind": "verwijdering"}), TODAY)
    assert (made.kind, made.text) == ("verwijdering", None)


def test_the_same_request_twice_is_already_done():
    """A retried id records nothing new."""
    with pytest.raises(AlreadyDoneError):
        decide(given(*asked()), ASK, TODAY)


def test_handled_once_then_a_second_answer_is_a_conflict():
    """Answered in time once; again: 409, in Dutch and English."""
    history = asked()
    (handled,) = decide(given(*history), answer(), TODAY)
    assert (handled.outcome, handled.in_time, handled.kind) == ("toegewezen", True, "correctie")

    with pytest.raises(AlreadyDoneError) as refused:
        decide(given(*history, handled), answer(outcome="afgewezen"), TODAY)
    assert refused.value.nl == "Dit verzoek is al afgehandeld"
    assert refused.value.en == "This request was already handled"


def test_an_answer_to_no_request_is_not_found_and_never_before_it_was_made():
    """Unknown id: 404; an answer dated before the request: 422 on `handled_on`."""
    with pytest.raises(NotFoundError):
        decide(given(*in_the_thick_of_it(Y)), answer(), TODAY)
    with pytest.raises(RuleViolationError) as refused:
        decide(given(*asked()), answer(on=TODAY - timedelta(days=1)), TODAY)
    assert refused.value.field == "handled_on"


def test_overdue_once_then_a_late_answer_is_still_an_answer():
    """The month passed: recorded once; the answer after it is marked not in time."""
    history = asked()
    overdue = RecordSubjectRequestOverdue(youth_id=Y, request_id=R)
    (late,) = decide(given(*history), overdue, TODAY)
    assert late == SubjectRequestOverdue(youth_id=Y, request_id=R, kind="correctie",
                                         due_on=answer_due(TODAY))  # fmt: skip

    with pytest.raises(AlreadyDoneError):
        decide(given(*history, late), overdue, TODAY)
    later = answer_due(TODAY) + timedelta(days=3)
    (handled,) = decide(given(*history, late), answer(on=later), later)
    assert handled.in_time is False


def test_an_answered_request_is_never_overdue_and_after_erasure_nothing_runs():
    """The timer's firing after the answer, or after an erasure, finds nothing to record."""
    history = asked()
    (handled,) = decide(given(*history), answer(), TODAY)
    overdue = RecordSubjectRequestOverdue(youth_id=Y, request_id=R)
    with pytest.raises(AlreadyDoneError):
        decide(given(*history, handled), overdue, TODAY)
    (erased,) = decide(given(*history), EraseYouth(youth_id=Y, reason="verzoek_art17"), TODAY)
    with pytest.raises(AlreadyDoneError):
        decide(given(*history, erased), overdue, TODAY)


def test_a_request_schedules_its_timer_and_the_answer_cancels_it():
    """Due the day after the last day; the firing asks to record the request overdue."""
    made, handled = asked()[-1], decide(given(*asked()), answer(), TODAY)[0]

    assert schedules(made) == [Schedule(request_timer(Y, R), SUBJECT_REQUEST,
                                        start_of(answer_due(TODAY) + timedelta(days=1)),
                                        {"request_id": str(R)})]  # fmt: skip
    assert schedules(handled) == [Cancel(request_timer(Y, R))]
    timer = DueTimer(
        timer_id=request_timer(Y, R), kind=SUBJECT_REQUEST, stream_id=f"youth-{Y}",
        subject=str(Y), tenant="0518", due_at=start_of(TODAY), payload={"request_id": str(R)},
        scheduled_by=uuid.uuid4(), correlation_id=None, lease_token=uuid.uuid4(),
    )  # fmt: skip
    assert fires(timer) == RecordSubjectRequestOverdue(youth_id=Y, request_id=R)
