"""What a worker may do with a signal, and why a request to do it is refused: pure rules.

The API and the web view both ask here, so a note or a snooze is judged alike in both.
"""

from __future__ import annotations

from datetime import date, timedelta

NOTE_MAX = 500
SNOOZE_MAX_DAYS = 30
ACKNOWLEDGED = "erkend"
SNOOZED = "gesluimerd"

Problem = tuple[str, str]  # (Dutch, English)


def note_problem(note: str) -> Problem | None:
    """An acknowledgement needs a note: what is done about it, within NOTE_MAX characters."""
    text = note.strip()
    if not text:
        return ("Schrijf erbij wat u eraan doet.", "Write down what you do about it.")
    if len(text) > NOTE_MAX:
        return (f"Gebruik hoogstens {NOTE_MAX} tekens.", f"Use at most {NOTE_MAX} characters.")
    return None


def snooze_problem(until: date, today: date) -> Problem | None:
    """A snooze ends on a day after today, at most SNOOZE_MAX_DAYS ahead."""
    if until <= today:
        return ("Kies een dag in de toekomst.", "Choose a day in the future.")
    if until > latest_snooze(today):
        return (f"Uitstellen kan hoogstens {SNOOZE_MAX_DAYS} dagen.",
                f"A snooze lasts at most {SNOOZE_MAX_DAYS} days.")  # fmt: skip
    return None


def latest_snooze(today: date) -> date:
    """The last day a snooze may run to."""
    return today + timedelta(days=SNOOZE_MAX_DAYS)
