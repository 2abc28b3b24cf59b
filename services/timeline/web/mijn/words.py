"""The processing log and the plan in words a young person understands (B1), not codes."""

from __future__ import annotations

from typing import Final

ROLES: Final = {
    "jongere": "Jij",
    "regisseur": "Je jongerenregisseur",
    "coach": "Je coach",
    "klantmanager": "Je klantmanager",
    "schuldhulpverlener": "Je schuldhulpverlener",
    "woonconsulent": "Je woonconsulent",
    "inkomensconsulent": "Je inkomensconsulent",
    "intake": "Een medewerker van de aanmelding",
    "auditor": "Een controleur van de gemeente",
    "privacy_officer": "De privacy-functionaris van de gemeente",
    "archivaris": "De archivaris van de gemeente",
    "koppelbeheerder": "De beheerder van de koppelingen",
    "beleidsmedewerker": "Een beleidsmedewerker",
    "systeem": "Het systeem zelf",
}
SERVICES: Final = {
    "intake": "Aanmelding en plan",
    "debts": "Geld en schulden",
    "housing": "Wonen",
    "coaching": "Werk, school en dagbesteding",
    "income": "Inkomen",
    "timeline": "Overzicht",
    "notifications": "Berichten",
}
ACTIONS: Final = {
    "lezen": "bekeek",
    "aanmaken": "schreef op",
    "wijzigen": "veranderde",
    "vernietigen": "wiste",
}
RESULTS: Final = {
    "gelukt": "",
    "geweigerd": "Dit mocht niet en is niet gebeurd.",
    "mislukt": "Dit lukte niet door een storing.",
}
GRONDSLAGEN: Final = {
    "avg_15": "Je hebt het recht je eigen gegevens te zien.",
    "avg_6_1_e": "Het is een taak van de gemeente.",
    "avg_6_1_a": "Jij gaf toestemming.",
    "toestemming": "Jij gaf toestemming.",
    "avg_9_2_a": "Jij gaf toestemming voor gevoelige gegevens.",
    "avg_6_1_c": "De wet verplicht het.",
    "avg_17": "Je gegevens moesten worden gewist.",
    "avg_9_2_j": "Voor cijfers over alle jongeren samen, zonder jouw naam.",
    "pw": "De Participatiewet (bijstand en werk).",
    "wmo": "De Wet maatschappelijke ondersteuning.",
    "jw": "De Jeugdwet.",
    "wgs": "De Wet gemeentelijke schuldhulpverlening.",
}
GOAL_STATUSES: Final = {
    "open": "Nog niet begonnen",
    "loopt": "Bezig",
    "bereikt": "Gelukt",
    "vervallen": "Gestopt",
}
LEEFGEBIEDEN: Final = {
    "financien": "Geld",
    "wonen": "Wonen",
    "werk": "Werk",
    "onderwijs": "School",
    "dagbesteding": "Dagbesteding",
    "psychische_gezondheid": "Hoe je je voelt",
    "lichamelijke_gezondheid": "Je gezondheid",
    "verslaving": "Middelen en verslaving",
    "justitie": "Politie en justitie",
    "zorg": "Zorg",
    "sociaal_netwerk": "Mensen om je heen",
    "vrije_tijd": "Vrije tijd",
}
UNKNOWN: Final = "Onbekend"


def role(code: str) -> str:
    """Who, as a young person says it."""
    return ROLES.get(code, "Een medewerker")


def service(code: str) -> str:
    """Which part of the municipality's work."""
    return SERVICES.get(code, code)


def action(code: str) -> str:
    """What they did with your data."""
    return ACTIONS.get(code, code)


def result(code: str) -> str:
    """Whether it happened; empty when it did."""
    return RESULTS.get(code, "")


def grondslag(code: str) -> str:
    """Why it was allowed."""
    return GRONDSLAGEN.get(code, "Een regel uit de wet.")


def goal_status(code: str) -> str:
    """How a goal stands."""
    return GOAL_STATUSES.get(code, code)


def leefgebied(code: str) -> str:
    """The part of life a goal is about."""
    return LEEFGEBIEDEN.get(code, code.replace("_", " ").capitalize())
