"""What is coming for the young person, in their words (B1): which things, and by when.

Pure: from the timeline's codes (services/timeline/signals/coming.py) to lines a young person
understands, soonest first. A code without words here is left out rather than shown as a
code, so nothing internal (urgency, a worker's detail code, another person) reaches the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from services.timeline.signals.rules import (
    FOLLOW_UP_MISSED,
    MISSED,
    NO_TRANSITION_PLAN,
    TRANSITION_DUE,
)
from services.timeline.web.labels import day
from services.timeline.web.mijn import words

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from services.timeline.signals.coming import Awaited

OPEN = "open"
GOAL = "doel"
# detail code -> (what, why it matters), for a deadline still to meet or one passed unmet.
THINGS: Final = {
    "toekomstplan": (
        "Je toekomstplan maken",
        "Samen met je jongerenregisseur schrijf je op wat je wilt bereiken en wie je helpt.",
    ),
    "planevaluatie": (
        "Je plan samen bespreken",
        "Jullie kijken hoe het gaat met je doelen en of er iets anders moet.",
    ),
    GOAL: ("Een doel uit je plan", "Op deze dag wilde je dit doel halen."),
    "eerste_gesprek": (
        "Je eerste gesprek over je schulden",
        "Je schuldhulpverlener praat met je over je schulden en wat je eraan kunt doen.",
    ),
    "eerste_week": (
        "Een plek om te slapen en een adres voor je post",
        "In je eerste week hoor je een dak boven je hoofd te hebben en een adres voor je post.",
    ),
    "eerste_week_dak": (
        "Een plek om te slapen",
        "In je eerste week hoor je een dak boven je hoofd te hebben.",
    ),
    "eerste_week_briefadres": (
        "Een adres voor je post",
        "In je eerste week hoor je een adres te hebben waar je post heen kan.",
    ),
    "woonplan": (
        "Je woonplan maken",
        "Samen met je woonconsulent maak je een plan: waar ga je wonen?",
    ),
    "nazorg": (
        "We vragen hoe het met je gaat",
        "Ook na je programma neemt de gemeente contact met je op om te horen hoe het gaat.",
    ),
}
# A stored signal's kind -> (what, why), where its detail code is not the deadline's.
KINDS: Final = {
    TRANSITION_DUE: (
        "Een plan voor als je 18 bent",
        (
            "Je wordt bijna 18. Dan verandert er veel, bijvoorbeeld je geld en je zorg. Maak"
            " samen met je jongerenregisseur een plan voor daarna."
        ),
    ),
    NO_TRANSITION_PLAN: (
        "Een plan nu je 18 bent",
        (
            "Je bent 18 geworden en er is nog geen plan voor daarna. Vraag je"
            " jongerenregisseur ernaar."
        ),
    ),
    FOLLOW_UP_MISSED: THINGS["nazorg"],
}
LATE: Final = "Dit had al moeten gebeuren. Vraag je jongerenregisseur wat er nu gebeurt."


@dataclass(frozen=True)
class Coming:
    """One thing to come, as the young person reads it."""

    what: str
    why: str
    where: str
    due_on: date | None
    when: str
    late: bool


def coming(
    awaited: Iterable[Awaited], today: date, goals: Mapping[str, str] | None = None
) -> list[Coming]:
    """The lines a young person reads, soonest first (no day: last); unknown codes left out.

    `goals` gives a goal's own words by goal id (from their plan), to name the goal due.
    """
    lines = [line for item in awaited if (line := _line(item, today, goals or {}))]
    return sorted(lines, key=lambda c: (c.due_on or date.max, c.what))


def _line(item: Awaited, today: date, goals: Mapping[str, str]) -> Coming | None:
    found = THINGS.get(item.detail) if item.kind in {OPEN, MISSED} else KINDS.get(item.kind)
    if found is None:
        return None
    what, why = found
    if item.detail == GOAL and (text := goals.get(_goal_id(item.key))):
        what = f"Je doel: {text}"
    passed = item.due_on is not None and item.due_on < today
    late = item.kind in {MISSED, NO_TRANSITION_PLAN, FOLLOW_UP_MISSED} or passed
    return Coming(what, why, words.service(item.domain), item.due_on,
                  _when(item.due_on, today, late=late), late)  # fmt: skip


def _goal_id(key: str) -> str:
    """A goal deadline's key ends in its plan and goal: `intake:doel:plan-1:g-werk:`."""
    return key.rstrip(":").rsplit(":", 1)[-1]


def _when(due: date | None, today: date, *, late: bool) -> str:
    if due is None:
        return "Binnenkort" if not late else "Nu"
    if late:
        return f"Uiterlijk {day(due)}"
    days = (due - today).days
    if days == 0:
        return "Vandaag"
    if days == 1:
        return "Morgen"
    return f"Uiterlijk {day(due)} (nog {days} dagen)"
