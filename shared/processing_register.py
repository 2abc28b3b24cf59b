"""What the code cannot say about a processing activity, for the register (AVG art. 30).

The routes state their activity id, legal basis and roles (`shared.processing_log.processing`,
`Authenticator.require`); the event catalogues state the categories of personal data and the
topics. What is left, the purpose in words and the retention with its source, each service
writes beside its routes in `services/<service>/register.py`, keyed by the same activity ids
and policy names, so a route or policy added without it fails a test
(tests/unit/contracts/test_processing_register.py). `python -m contracts.processing_register`
prints the whole register; `make docs` publishes it as docs/register.html.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict

from shared.processing_log import RouteProcessing  # noqa: TC001 - pydantic needs it at runtime

__all__ = [
    "COMMON_ACTIVITIES",
    "GRONDSLAGEN",
    "INFRASTRUCTURE",
    "JEUGDWET",
    "PROCESSING_LOG",
    "SELECTIELIJST",
    "SELECTIELIJST_OF_JEUGDWET",
    "Activity",
    "ReadModel",
    "Retention",
    "ServiceRegister",
]


class Retention(BaseModel):
    """How long what an activity records is kept, and the rule that says so."""

    model_config = ConfigDict(frozen=True)

    term: str
    source: str


class Activity(BaseModel):
    """The hand-written part of one activity (a route's activity id, or a policy)."""

    model_config = ConfigDict(frozen=True)

    purpose: str
    # A policy states its legal basis here; a route states it on its declaration.
    grondslag: str | None = None
    # Receivers beyond what is derived (the caller, the topic's readers, webhooks).
    recipients: tuple[str, ...] = ()
    # None: the service's retention for what it records; for a read, the log entry's.
    retention: Retention | None = None
    # None: the categories of the service's events; say so where the activity keeps others.
    categories: tuple[str, ...] | None = None
    # Who may call its routes when no role check says it (a service key, not a person's role).
    callers: tuple[str, ...] | None = None


class ReadModel(BaseModel):
    """The hand-written part of one projection (`app.state.projections`): what it keeps, why.

    Read models are derived from the events and can be rebuilt from them; the register cites
    their service's retention for them.
    """

    model_config = ConfigDict(frozen=True)

    purpose: str
    holds: str
    # Categories of personal data it keeps in clear (ID, FIN, SPD, FT); empty: pseudonyms
    # and codes only.
    categories: tuple[str, ...] = ()


class ServiceRegister(BaseModel):
    """One service's entries: by activity id, by policy name, and routes that process nothing.

    `logged_in_route` states the processing of a route (`"GET /path"`) that writes its own
    log entry instead of through the `processing` dependency; `not_processing` names each
    route that carries no activity id, with the reason; `read_models` describes each
    projection by its name. A route in none of these places, or an activity id, policy or
    projection without an entry, fails the register's test.
    """

    model_config = ConfigDict(frozen=True)

    service: str
    retention: Retention
    activities: dict[str, Activity]
    policies: dict[str, Activity] = {}
    logged_in_route: dict[str, RouteProcessing] = {}
    not_processing: dict[str, str] = {}
    read_models: dict[str, ReadModel] = {}


# domain-nl.md §2.5: never hard-code periods; these are the defaults the register cites until
# retention is configured per municipality, domain and result (issue 20, item 3).
SELECTIELIJST: Final = Retention(
    term="Volgens de Selectielijst gemeenten 2020, per proces en resultaat; daarna vernietigen",
    source="Archiefwet 1995; VNG Selectielijst gemeenten en intergemeentelijke organen 2020"
    " (domain-nl.md §2.5, [R37]); termijnen per gemeente vast te stellen",
)
JEUGDWET: Final = Retention(
    term="Ten minste 20 jaar na het einde van de jeugdhulp, langer als de zorg dat vraagt",
    source="Jeugdwet art. 7.3.10 (domain-nl.md §2.5, [R38])",
)
SELECTIELIJST_OF_JEUGDWET: Final = Retention(
    term="Jeugdwet voor wie jeugdhulp kreeg (ten minste 20 jaar na het einde ervan);"
    " anders de Selectielijst gemeenten 2020, per proces en resultaat",
    source="Jeugdwet art. 7.3.10 [R38]; Archiefwet 1995, Selectielijst 2020 [R37]"
    " (domain-nl.md §2.5-2.6)",
)
PROCESSING_LOG: Final = Retention(
    term="Geen eigen opslag; de regel in het verwerkingslog heeft een eigen bewaartermijn"
    " (PROCESSING_LOG_RETENTION_YEARS, standaard 20 jaar) en wordt daarna vernietigd",
    source="VNG Verwerkingenlogging API, bewaartermijn per verwerking (domain-nl.md §2.5, [R9]);"
    " NEN 7513: ten minste 5 jaar ([R19b])",
)

GRONDSLAGEN: Final = {
    "pw": "Participatiewet",
    "wmo": "Wet maatschappelijke ondersteuning 2015",
    "jw": "Jeugdwet",
    "wgs": "Wet gemeentelijke schuldhulpverlening",
    "toestemming": "Toestemming van de jongere (AVG art. 6 lid 1 sub a)",
    "avg_6_1_c": "Wettelijke verplichting (AVG art. 6 lid 1 sub c)",
    "avg_6_1_e": "Taak van algemeen belang (AVG art. 6 lid 1 sub e)",
    "avg_9_2_j": "Statistiek met passende waarborgen (AVG art. 9 lid 2 sub j, UAVG art. 24)",
    "avg_17": "Recht op vergetelheid (AVG art. 17)",
    "avg_15": "Recht van inzage van de jongere in de eigen gegevens (AVG art. 15)",
    "avg_20": "Recht op overdraagbaarheid van de eigen gegevens (AVG art. 20)",
}
"""Each legal-basis code the routes and policies use, in words; a new code needs a line here."""

INFRASTRUCTURE: Final = {
    "GET /health": "Werking van de dienst; geen persoonsgegevens",
    "GET /ready": "Werking van de dienst; geen persoonsgegevens",
    "GET /metrics": "Meetwaarden (Prometheus); geen persoonsgegevens",
    "GET /asyncapi.json": "Openbare beschrijving van de berichten; geen persoonsgegevens",
    "GET /events": "Openbare beschrijving van de berichten; geen persoonsgegevens",
}
"""Routes every service has that process no personal data of their own."""

COMMON_ACTIVITIES: Final = {
    "verwerkingslog.inzien": Activity(
        purpose="Verantwoording (AVG art. 5 lid 2, art. 30): de auditor of privacy officer leest"
        " wie welke gegevens van een jongere verwerkte; deze inzage staat zelf in het log",
        categories=(),
    ),
    "eigen_gegevens.inzien": Activity(
        purpose="Inzage en overdracht (AVG art. 15 en 20): de jongere leest alle feiten die de"
        " dienst over hen vastlegde, met de eigen versleutelde gegevens geopend; deze inzage"
        " staat zelf in het log"
    ),
}
"""Activities every service's own routes share (the processing log's read), keyed alike."""
