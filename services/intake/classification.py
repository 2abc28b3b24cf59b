"""Legal basis and confidentiality of intake's events, carried as CloudEvents extensions.

The timeline and integrators filter on these without reading the payload. The basis follows
the programme's law (research §2.1); special-category content raises the confidentiality.
"""

from __future__ import annotations

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
