"""What each consent means and what a change does, in words a young person understands (B1).

Said before anything is recorded (the confirmation step of Mijn toestemming), so the young
person knows what they agree to or stop: AVG art. 7 asks that consent is informed, and that
withdrawing it is as easy as giving it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from services.timeline.web.mijn.words import LEEFGEBIEDEN, leefgebied


@dataclass(frozen=True)
class Purpose:
    """One purpose of consent: its title, what it is, and what giving and withdrawing do."""

    title: str
    what: str
    give: str  # {domains} is filled in
    withdraw: str


PURPOSES: Final = {
    "tijdlijn_delen": Purpose(
        "Je jongerenregisseur kijkt mee",
        "Je jongerenregisseur ziet in jouw overzicht wat andere medewerkers voor je doen,"
        " bijvoorbeeld bij geld of wonen.",
        "Je jongerenregisseur ziet vanaf nu wat er gebeurt bij: {domains}.",
        "Je jongerenregisseur ziet vanaf nu niet meer wat er gebeurt bij: {domains}. Wat"
        " medewerkers daar opschrijven zolang jij nee zegt, blijft voor je regisseur"
        " verborgen, ook als je later weer ja zegt.",
    ),
    "gegevens_uitwisselen": Purpose(
        "Medewerkers delen je gegevens",
        "Medewerkers die je helpen geven gegevens over jou aan elkaar. Ze lezen dan ook je"
        " doelen in je eigen woorden.",
        "Medewerkers die je helpen mogen vanaf nu gegevens over jou aan elkaar geven over:"
        " {domains}. Ze lezen dan ook wat jij over deze onderwerpen in je plan schreef.",
        "Medewerkers geven vanaf nu geen gegevens over jou meer aan elkaar over: {domains}."
        " Alleen wie zelf aan zo'n onderwerp werkt, leest nog wat jij erover schreef.",
    ),
    "netwerk_betrekken": Purpose(
        "Mensen om je heen doen mee",
        "Je hulpverleners mogen mensen om je heen, zoals familie of vrienden, bij je hulp"
        " betrekken.",
        "Je hulpverleners mogen vanaf nu mensen om je heen betrekken bij: {domains}.",
        "Je hulpverleners betrekken vanaf nu geen mensen om je heen meer bij: {domains}.",
    ),
}
ALWAYS: Final = "Wat al gebeurd is, blijft bewaard. Je kunt je keuze altijd weer veranderen."
DOMAINS: Final = tuple(LEEFGEBIEDEN)


def listed(codes: list[str] | set[str] | frozenset[str]) -> str:
    """Life domains as a Dutch list: "Geld, Wonen en Werk", in the page's order."""
    names = [leefgebied(code) for code in DOMAINS if code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def changes(purpose: str, give: set[str], withdraw: set[str]) -> list[str]:
    """What the change does, a sentence per direction; empty when nothing changes."""
    said = PURPOSES[purpose]
    found = []
    if give:
        found.append(said.give.format(domains=listed(give)))
    if withdraw:
        found.append(said.withdraw.format(domains=listed(withdraw)))
    return found
