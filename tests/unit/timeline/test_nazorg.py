"""Nazorg on the timeline: Dutch headlines, its follow-ups as deadlines, a missed one a signal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from services.timeline.read_model.catalogue import HEADLINES
from services.timeline.read_model.summary import RULES
from services.timeline.signals.model import Found, explain
from services.timeline.signals.rules import (
    FOLLOW_UP_MISSED,
    KINDS,
    LATE,
    URGENCY,
    CloseDeadline,
    OpenDeadline,
    Raise,
    Resolve,
    changes,
)
from services.timeline.web.labels import badge

INTAKE = "nl.regie.intake."
STARTED = {
    "programma": "dtj",
    "responsible_worker": "regisseur-17",
    "started_on": "2026-03-02",
    "follow_ups": [
        {"month": 3, "due_on": "2026-06-02"},
        {"month": 6, "due_on": "2026-09-02"},
        {"month": 12, "due_on": "2027-03-02"},
    ],
}


def render(name: str, data: dict[str, object]) -> str:
    return HEADLINES[f"{INTAKE}{name}"].render(data)


def test_nazorg_has_dutch_headlines_that_never_name_a_relapse_s_domains():
    """Started, each follow-up's outcome as words, missed, ended: the sealed domains never."""
    assert render("aftercare-started", STARTED) == ("Nazorg gestart: contact na 3, 6 en 12 maanden")
    outcome = {
        "month": 3,
        "still_housed": True,
        "in_work": False,
        "in_education": True,
        "debt_free": False,
        "in_contact": True,
        "relapsed": True,
        "relapse_leefgebieden": "enc:v1:k:justitie",
    }
    headline = render("follow-up-recorded", outcome)
    assert headline == (
        "Nazorgcontact na 3 maanden: woont nog, leert, met schulden, in contact, terugval"
    )
    assert "justitie" not in headline
    assert render("follow-up-missed", {"month": 6, "due_on": "2026-09-02"}) == (
        "Nazorgcontact na 6 maanden niet op tijd vastgelegd"
    )
    assert render("aftercare-ended", {"reason": "heringestroomd"}) == (
        "Nazorg beëindigd (opnieuw ingestroomd)"
    )


def test_the_headlines_are_placed_by_the_day_of_each_fact():
    """The timeline orders nazorg by its own days."""
    occurred = {
        name: HEADLINES[f"{INTAKE}{name}"].occurred
        for name in (
            "aftercare-started",
            "follow-up-recorded",
            "follow-up-missed",
            "aftercare-ended",
        )
    }
    assert occurred == {
        "aftercare-started": "started_on",
        "follow-up-recorded": "followed_up_on",
        "follow-up-missed": "due_on",
        "aftercare-ended": "ended_on",
    }


def test_a_volunteering_destination_reads_in_dutch():
    """Volunteering (vrijwilligerswerk) is a destination of an exit like the others."""
    exited = {"programma": "jpf", "destination": "vrijwilligerswerk"}
    assert render("programme-exited", exited) == (
        "Uitgestroomd uit Jongeren Perspectief Fonds, naar vrijwilligerswerk"
    )


def test_each_follow_up_is_a_deadline_of_intake():
    """Coming up, so the worker sees it nearing (termijn_nadert)."""
    found = changes(f"{INTAKE}aftercare-started", STARTED)
    assert [(c.detail, c.due_on) for c in found if isinstance(c, OpenDeadline)] == [
        ("nazorg", date(2026, 6, 2)),
        ("nazorg", date(2026, 9, 2)),
        ("nazorg", date(2027, 3, 2)),
    ]
    assert len({c.key for c in found if isinstance(c, OpenDeadline)}) == 3


def test_a_missed_follow_up_is_an_urgent_signal_resolved_when_it_is_recorded():
    """nazorg_contact_gemist for that follow-up; recording it (late) resolves it."""
    missed = changes(f"{INTAKE}follow-up-missed", {"month": 6, "due_on": "2026-09-02"})
    [raised] = [c for c in missed if isinstance(c, Raise)]
    assert FOLLOW_UP_MISSED in KINDS
    assert (raised.kind, raised.domain, raised.detail, raised.due_on) == (
        FOLLOW_UP_MISSED, "intake", "6", date(2026, 9, 2),
    )  # fmt: skip
    assert URGENCY[FOLLOW_UP_MISSED] == LATE
    assert any(isinstance(c, CloseDeadline) for c in missed)
    recorded = changes(f"{INTAKE}follow-up-recorded", {"month": 6})
    assert Resolve(raised.key) in recorded
    other = changes(f"{INTAKE}follow-up-recorded", {"month": 3})
    assert Resolve(raised.key) not in other


def test_an_end_by_hand_resolves_the_missed_ones_and_the_last_follow_up_does_not():
    """After an end by hand nobody follows up; after the last follow-up a late one may come."""
    raised_key = next(
        c.key
        for c in changes(f"{INTAKE}follow-up-missed", {"month": 3, "due_on": "2026-06-02"})
        if isinstance(c, Raise)
    )
    by_hand = changes(f"{INTAKE}aftercare-ended", {"reason": "verhuisd"})
    finished = changes(f"{INTAKE}aftercare-ended", {"reason": "afgerond"})
    assert any(isinstance(c, Resolve) and raised_key.startswith(c.prefix) for c in by_hand)
    assert not [c for c in finished if isinstance(c, Resolve)]
    assert all(isinstance(c, CloseDeadline) for c in finished)


def test_the_signal_explains_which_follow_up_was_missed():
    """In Dutch and English, naming the follow-up's month."""
    found = Found(
        signal_id=uuid4(), youth_id="y", kind=FOLLOW_UP_MISSED, domain="intake", urgency=LATE,
        detail="3", due_on=date(2026, 6, 2), raised_at=datetime(2026, 6, 3, tzinfo=UTC),
    )  # fmt: skip
    nl, en = explain(found, date(2026, 6, 10), detail=True)
    assert nl == "Nazorgcontact na 3 maanden niet op tijd vastgelegd."
    assert en == "Aftercare follow-up after 3 months not in time."


def test_the_intake_line_above_the_timeline_follows_nazorg():
    """In nazorg, a follow-up recorded or missed, and its end: each the intake domain's state."""
    states = [
        RULES[f"{INTAKE}{name}"](data, {})
        for name, data in [
            ("aftercare-started", STARTED),
            ("follow-up-recorded", {"month": 3, "followed_up_on": "2026-06-01"}),
            ("follow-up-missed", {"month": 6, "due_on": "2026-09-02"}),
            ("aftercare-ended", {"reason": "afgerond", "ended_on": "2027-03-03"}),
        ]
    ]
    assert [(s.code, s.label, s.since) for s in states if s is not None] == [
        ("nazorg", "In nazorg", "2026-03-02"),
        ("nazorg", "In nazorg: contact na 3 maanden vastgelegd", "2026-06-01"),
        ("nazorg_contact_gemist", "In nazorg: contact na 6 maanden niet op tijd", "2026-09-02"),
        ("nazorg_beeindigd", "Nazorg beëindigd (afgerond)", "2027-03-03"),
    ]
    assert badge("nazorg_contact_gemist") == ("Nazorgcontact gemist", "zorg")


def test_the_work_line_follows_the_end_of_work_and_education():
    """Work ended, an education finished or left: coaching's line says so."""
    coaching = "nl.regie.coaching."
    ended = RULES[f"{coaching}work-ended"]({"ended_on": "2027-01-31"}, {})
    graduated = RULES[f"{coaching}education-completed"](
        {"diploma": True, "graduated_on": "2027-07-01"}, {}
    )
    left = RULES[f"{coaching}education-dropped"]({"left_on": "2027-02-12"}, {})
    assert [(s.code, s.label) for s in (ended, graduated, left) if s is not None] == [
        ("werk_beeindigd", "Werk beëindigd"),
        ("opleiding_afgerond", "Opleiding afgerond, met diploma"),
        ("opleiding_verlaten", "Opleiding voortijdig verlaten"),
    ]
