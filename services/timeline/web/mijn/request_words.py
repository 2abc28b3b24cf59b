"""The young person's requests in plain words (B1): what they asked, how it stands, the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

KINDS: Final = {
    "correctie": "Iets in je gegevens verbeteren",
    "verwijdering": "Je gegevens wissen",
}
STATES: Final = {
    "open": "We zijn ermee bezig. Je krijgt antwoord vóór de datum hierboven.",
    "te_laat": "Je antwoord is te laat. Dat mag niet. Bel je jongerenregisseur, of dien een"
    " klacht in bij de Autoriteit Persoonsgegevens.",
    "afgehandeld": "",
}
OUTCOMES: Final = {
    "toegewezen": "Ja, we hebben gedaan wat je vroeg.",
    "deels_toegewezen": "We hebben een deel gedaan van wat je vroeg.",
    "afgewezen": "Nee, dit kunnen we niet doen.",
}
SENT: Final = "Je verzoek is verstuurd. De gemeente antwoordt binnen een maand."
UNAVAILABLE: Final = (
    "Je verzoeken kunnen nu niet worden opgehaald. Probeer het over een paar minuten opnieuw."
)
NOT_SENT: Final = "Je verzoek is niet verstuurd. Probeer het over een paar minuten opnieuw."
SAY_WHAT: Final = "Schrijf op wat er niet klopt."
TOO_LONG: Final = "Je tekst is te lang. Houd het korter dan 5000 tekens."
BAD_KIND: Final = "Kies wat je wilt vragen."
MAX_TEXT: Final = 5000


@dataclass(frozen=True)
class Shown:
    """One request as the page shows it."""

    kind: str
    text: str | None
    made_on: date | None
    due_on: date | None
    state: str
    late: bool
    answer: str
    note: str | None
    handled_on: date | None


def shown(item: dict[str, object]) -> Shown:
    """Intake's request in words; unknown codes fall back to something readable."""
    state = str(item.get("state", "open"))
    outcome = item.get("outcome")
    text, note = item.get("text"), item.get("note")
    return Shown(
        kind=KINDS.get(str(item.get("kind")), "Een verzoek"),
        text=text if isinstance(text, str) else None,
        made_on=_day(item.get("made_on")),
        due_on=_day(item.get("due_on")),
        state=STATES.get(state, ""),
        late=state == "te_laat",
        answer=OUTCOMES.get(str(outcome), "") if outcome else "",
        note=note if isinstance(note, str) else None,
        handled_on=_day(item.get("handled_on")),
    )


def problem(kind: str, text: str) -> tuple[str, str] | None:
    """What is wrong with the form (the field, and why in Dutch); None when it can be sent."""
    if kind not in KINDS:
        return "soort", BAD_KIND
    if len(text) > MAX_TEXT:
        return "tekst", TOO_LONG
    if kind == "correctie" and not text.strip():
        return "tekst", SAY_WHAT
    return None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
