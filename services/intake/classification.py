"""Legal basis and confidentiality of intake's events, carried as CloudEvents extensions.

The timeline and integrators filter on these without reading the payload. The basis follows
the programme's law (research §2.1); special-category content raises the confidentiality.
"""

from __future__ import annotations

from shared.event_contracts.extensions import Extension, always, sometimes

GRONDSLAG_BY_PROGRAMMA = {
    "jpf": "pw",  # Participatiewet (with the Wgs for the debts themselves)
    "dtj": "wmo",  # maatschappelijke opvang
    "toekomstgesprek": "pw",
    "rodeloper": "jw",  # Jeugdwet, up to 23; the integral approach beyond
    "regulier": "pw",
}
DEFAULT_GRONDSLAG = "pw"

# ZGW confidentiality; the rest of intake's events are "vertrouwelijk".
CONFIDENTIAL_EVENTS = {
    "nl.regie.intake.self-reliance-assessed": "confidentieel",
    "nl.regie.intake.case-conference-held": "confidentieel",
    "nl.regie.intake.identity-verified": "confidentieel",
}
DEFAULT_VERTROUWELIJKHEID = "vertrouwelijk"


def extensions_for(type_name: str, programma: str | None) -> dict[str, str]:
    """The CloudEvents extensions an intake event carries."""
    extensions = {
        "grondslag": GRONDSLAG_BY_PROGRAMMA.get(programma or "", DEFAULT_GRONDSLAG),
        "vertrouwelijkheid": CONFIDENTIAL_EVENTS.get(type_name, DEFAULT_VERTROUWELIJKHEID),
    }
    if programma:
        extensions["programma"] = programma
    return extensions


def published_extensions(type_name: str) -> dict[str, Extension]:
    """What an intake type carries, for the catalogue: the basis follows the programme."""
    by_programma = ", ".join(f"{p}: {g}" for p, g in GRONDSLAG_BY_PROGRAMMA.items())
    return {
        "grondslag": sometimes(
            *sorted({*GRONDSLAG_BY_PROGRAMMA.values(), DEFAULT_GRONDSLAG}),
            when=f"by the young person's programme ({by_programma}); {DEFAULT_GRONDSLAG}"
            " before one is known",
        ),
        "vertrouwelijkheid": always(CONFIDENTIAL_EVENTS.get(type_name, DEFAULT_VERTROUWELIJKHEID)),
        "programma": sometimes(
            *GRONDSLAG_BY_PROGRAMMA,
            when="the programme the command names, else the young person's; absent before"
            " one is known",
        ),
    }
