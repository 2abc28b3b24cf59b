"""Mijn mening: the young person's rating of a contact or a programme (domain/feedback.py)."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError

from services.intake.domain.commands import GiveFeedback
from services.intake.domain.events import (
    FeedbackGiven,
    ProgrammeEnrolled,
    ProgrammeExited,
    YouthRegistered,
)
from services.intake.domain.model import RuleViolationError
from services.intake.entrypoints.commands_api import ROUTES
from shared.personal_data import personal_fields
from tests.unit.intake.givens import TODAY, TOMORROW, event, given, when

Y = uuid.UUID("00000000-0000-4000-8000-0000000000f8")


def say(**fields: object) -> GiveFeedback:
    return GiveFeedback.model_validate(
        {"youth_id": Y, "about": "contact", "rating": 4, "given_on": TODAY, **fields}
    )


def registered(*events_: object) -> object:
    return given(event(YouthRegistered, Y), *events_)


def test_a_contact_is_rated_with_the_young_persons_words_sealed():
    [said] = when(registered(), say(comment="Ze luisterde echt."))
    assert said == FeedbackGiven(youth_id=Y, about="contact", programma=None, rating=4,
                                 comment="Ze luisterde echt.", given_on=TODAY)  # fmt: skip
    assert personal_fields(FeedbackGiven)["comment"].category == "FT"
    assert {"about", "programma", "rating"}.isdisjoint(personal_fields(FeedbackGiven))


def test_a_programme_is_rated_only_one_the_young_person_is_or_was_in():
    enrolled = event(ProgrammeEnrolled, Y, programma="rodeloper")
    left = event(ProgrammeExited, Y, programma="jpf", reason="doel_bereikt", destination="werk")
    state = registered(enrolled, left)
    for programma in ("rodeloper", "jpf"):
        [said] = when(state, say(about="programma", programma=programma, rating=5))
        assert (said.about, said.programma, said.rating) == ("programma", programma, 5)
    for wrong in (say(about="programma", programma="dtj"), say(about="programma"),
                  say(programma="rodeloper")):  # fmt: skip
        with pytest.raises(RuleViolationError) as refused:
            when(state, wrong)
        assert refused.value.field == "programma"


def test_a_rating_is_1_to_5_the_comment_short_and_the_day_not_ahead():
    for bad in ({"rating": 0}, {"rating": 6}, {"comment": ""}, {"comment": "x" * 501},
                {"about": "koffie"}):  # fmt: skip
        with pytest.raises(ValidationError):
            say(**bad)
    with pytest.raises(RuleViolationError) as refused:
        when(registered(), say(given_on=TOMORROW))
    assert refused.value.field == "given_on"


def test_only_the_young_person_gives_their_say():
    """No employee role may: a professional cannot give feedback in a young person's name."""
    [route] = [r for r in ROUTES if r.command is GiveFeedback]
    assert (route.path, route.roles, route.activity) == ("/feedback", ("jongere",), "intake.mening")
