"""Dutch words for the codes the timeline stores: domains, badges, months, programmes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from services.timeline.read_model.access import REDACTED_HEADLINE
from services.timeline.read_model.vocabularies import MONTH_NAMES, PROGRAMMA_LABELS
from shared.life_domains import LIFE_DOMAINS

if TYPE_CHECKING:
    from datetime import date

Tone = Literal["goed", "let-op", "zorg", "neutraal", "afgeschermd"]

# The life domains' Dutch names and their order, from their one list.
DOMAINS = {domain.name: domain.label for domain in LIFE_DOMAINS}
DOMAIN_ORDER = tuple(DOMAINS)

BADGES: dict[str, tuple[str, Tone]] = {
    "aangemeld": ("Aangemeld", "neutraal"),
    "ingeschreven": ("Ingeschreven", "neutraal"),
    "in_programma": ("In programma", "goed"),
    "uitgestroomd": ("Uitgestroomd", "goed"),
    "nazorg": ("In nazorg", "goed"),
    "nazorg_contact_gemist": ("Nazorgcontact gemist", "zorg"),
    "nazorg_beeindigd": ("Nazorg beëindigd", "neutraal"),
    "aangevraagd": ("Aangevraagd", "let-op"),
    "eerste_gesprek": ("Eerste gesprek", "neutraal"),
    "schuldenoverzicht": ("Schuldenoverzicht", "neutraal"),
    "regeling_voorgesteld": ("Regeling voorgesteld", "neutraal"),
    "fonds": ("Overgenomen door fonds", "goed"),
    "kwijtschelding_ingetrokken": ("Kwijtschelding ingetrokken", "zorg"),
    "schuldenvrij": ("Schuldenvrij", "goed"),
    "beeindigd": ("Beëindigd", "neutraal"),
    "dakloos": ("Dakloos", "zorg"),
    "in_opvang": ("In de opvang", "let-op"),
    "gehuisvest": ("Gehuisvest", "goed"),
    "huisuitzetting_dreigt": ("Huisuitzetting dreigt", "zorg"),
    "uitgezet": ("Uitgezet", "zorg"),
    "coach": ("Coach toegewezen", "neutraal"),
    "aan_het_werk": ("Aan het werk", "goed"),
    "opleiding": ("Opleiding", "goed"),
    "werk_beeindigd": ("Werk beëindigd", "let-op"),
    "opleiding_afgerond": ("Opleiding afgerond", "goed"),
    "opleiding_verlaten": ("Opleiding verlaten", "let-op"),
    "dagbesteding": ("Dagbesteding", "goed"),
    "afgesloten": ("Afgesloten", "neutraal"),
    "zoektermijn": ("Zoektermijn", "let-op"),
    "bijstand": ("Bijstand", "let-op"),
    "bijstand_opgeschort": ("Bijstand opgeschort", "zorg"),
    "bijstand_afgewezen": ("Bijstand afgewezen", "neutraal"),
    "bijstand_beeindigd": ("Uit de bijstand", "goed"),
    REDACTED_HEADLINE: ("Afgeschermd", "afgeschermd"),
}


def humanise(code: str) -> str:
    """`eerste_gesprek` -> `Eerste gesprek`: the fallback for a code without a label."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def domain_label(domain: str) -> str:
    """The life domain as a jongerenregisseur names it."""
    return DOMAINS.get(domain, humanise(domain))


def order(domain: str) -> int:
    """Where a domain stands in lists: intake first, then the others as a director reads them."""
    return DOMAIN_ORDER.index(domain) if domain in DOMAIN_ORDER else len(DOMAIN_ORDER)


def badge(code: str) -> tuple[str, Tone]:
    """A status code's short label and how it should catch the eye."""
    if code.startswith("fase_"):
        return f"Fase {code.removeprefix('fase_')}", "neutraal"
    return BADGES.get(code, (humanise(code), "neutraal"))


def programme_label(code: str | None) -> str:
    """The programme's name, or a dash for none."""
    if code is None:
        return "—"
    return PROGRAMMA_LABELS.get(code, humanise(code)).capitalize()


def day(value: date | None) -> str:
    """`3 maart 2025`."""
    if value is None:
        return "—"
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def month(value: date) -> str:
    """`Maart 2025`, a heading over one month of the timeline."""
    return f"{MONTH_NAMES[value.month - 1].capitalize()} {value.year}"
