"""Legal basis and confidentiality of intake's events, carried as CloudEvents extensions.

The timeline and integrators filter on these without reading the payload. The basis follows
the young person's age band when the fact is recorded and the programme's law (research
§2.1): the Jeugdwet (`jw`) below 18, and up to 23 in extended youth care (a transition plan
with `jeugdhulp_tot_23`); otherwise the programme's adult law. Before the age is known (a
referral) it is the programme's. Special-category content raises the confidentiality.
"""

from __future__ import annotations

from shared.event_contracts.extensions import Extension, always, sometimes
from shared.legal_basis import JEUGDWET, under_the_youth_act

GRONDSLAG_BY_PROGRAMMA = {
    "jpf": "pw",  # Participatiewet (with the Wgs for the debts themselves)
    "dtj": "wmo",  # maatschappelijke opvang
    "toekomstgesprek": "pw",
    "rodeloper": "jw",  # Jeugdwet, up to 23; the integral approach beyond
    "regulier": "pw",
}
DEFAULT_GRONDSLAG = "pw"
# From 18 (and 23 in extended youth care): the programme's law for adults.
ADULT_GRONDSLAG_BY_PROGRAMMA = {**GRONDSLAG_BY_PROGRAMMA, "rodeloper": "pw"}

# ZGW confidentiality; the rest of intake's events are "vertrouwelijk".
CONFIDENTIAL_EVENTS = {
    "nl.regie.intake.self-reliance-assessed": "confidentieel",
    "nl.regie.intake.case-conference-held": "confidentieel",
    "nl.regie.intake.identity-verified": "confidentieel",
    "nl.regie.intake.follow-up-recorded": "confidentieel",  # a relapse's (sealed) domains
}
DEFAULT_VERTROUWELIJKHEID = "vertrouwelijk"


def grondslag(programma: str | None, age_band: str | None, *, youth_care_extended: bool) -> str:
    """The legal basis of a fact: by the age band it is recorded in, then the programme."""
    if under_the_youth_act(age_band, youth_care_extended=youth_care_extended):
        return JEUGDWET
    by_programma = GRONDSLAG_BY_PROGRAMMA if age_band is None else ADULT_GRONDSLAG_BY_PROGRAMMA
    return by_programma.get(programma or "", DEFAULT_GRONDSLAG)


def extensions_for(
    type_name: str,
    programma: str | None,
    age_band: str | None = None,
    *,
    youth_care_extended: bool = False,
) -> dict[str, str]:
    """The CloudEvents extensions an intake event carries."""
    extensions = {
        "grondslag": grondslag(programma, age_band, youth_care_extended=youth_care_extended),
        "vertrouwelijkheid": CONFIDENTIAL_EVENTS.get(type_name, DEFAULT_VERTROUWELIJKHEID),
    }
    if programma:
        extensions["programma"] = programma
    return extensions


def published_extensions(type_name: str) -> dict[str, Extension]:
    """What an intake type carries, for the catalogue: the basis follows the programme."""
    adults = ", ".join(f"{p}: {g}" for p, g in ADULT_GRONDSLAG_BY_PROGRAMMA.items())
    return {
        "grondslag": sometimes(
            *sorted({*GRONDSLAG_BY_PROGRAMMA.values(), DEFAULT_GRONDSLAG, JEUGDWET}),
            when=f"{JEUGDWET} below 18 and up to 23 in extended youth care; else by the"
            f" programme ({adults}); before the age is known (a referral) rodeloper is"
            f" {JEUGDWET}; {DEFAULT_GRONDSLAG} before a programme is known",
        ),
        "vertrouwelijkheid": always(CONFIDENTIAL_EVENTS.get(type_name, DEFAULT_VERTROUWELIJKHEID)),
        "programma": sometimes(
            *GRONDSLAG_BY_PROGRAMMA,
            when="the programme the command names, else the young person's; absent before"
            " one is known",
        ),
    }
