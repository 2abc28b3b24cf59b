"""Which days of a report's period the cells serve (whole months), and whom a batch recounts."""

from __future__ import annotations

from datetime import date

import pytest

from services.timeline.reports.cells import Conversations
from services.timeline.reports.queries import whole_months
from tests.support.cloudevents import cloud_event


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # A year and a month: all cells.
        (date(2026, 1, 1), date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
        (date(2024, 2, 1), date(2024, 2, 29), (date(2024, 2, 1), date(2024, 2, 29))),
        # Days around a whole month: February from the cells, the rest from the facts.
        (date(2026, 1, 15), date(2026, 3, 10), (date(2026, 2, 1), date(2026, 2, 28))),
        # No whole month: the first after the last, so the cells serve no day.
        (date(2026, 1, 15), date(2026, 1, 20), (date(2026, 1, 21), date(2026, 1, 20))),
        (date(2024, 2, 1), date(2024, 2, 1), (date(2024, 2, 2), date(2024, 2, 1))),
        # The calendar's ends: no date out of range (a 500 on the API's last month before).
        (date(9999, 12, 1), date(9999, 12, 31), (date(9999, 12, 1), date(9999, 12, 31))),
        (date(9999, 12, 2), date(9999, 12, 31), (date(9999, 12, 2), date(9999, 12, 1))),
        (date(1, 1, 1), date(1, 1, 5), (date(1, 1, 6), date(1, 1, 5))),
    ],
)
def test_whole_months_of_a_period(start: date, end: date, expected: tuple[date, date]) -> None:
    assert whole_months(start, end) == expected


def test_the_young_people_whose_conversations_a_batch_recounts() -> None:
    """A conversation, a possible follow-up or an intake fact that classifies: recounted.

    A fact that can change nothing a conversation's cell holds (a referral, a relapse) is not:
    recounting everyone would cost a statement per young person in every batch.
    """
    a, b, c, d, e = (f"0f6b1e4c-0000-4000-8000-00000000000{n}" for n in range(1, 6))
    events = [
        cloud_event("nl.regie.intake.youth-referred", a, {"referrer_type": "wijkteam"}),
        cloud_event("nl.regie.intake.age-band-changed", b, {"age_band": "18-22"}),
        cloud_event("nl.regie.coaching.relapse-signalled", c, {"returns_to": "scan"}),
    ]
    facts = [(a, "aanmelding"), (c, "terugval"), (d, "toekomstgesprek"), (e, "uitstroom"),
             (c, "zorg_doorverwezen")]  # fmt: skip
    assert Conversations.touched(events, facts) == sorted([b, c, d, e])
