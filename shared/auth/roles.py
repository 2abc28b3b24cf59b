"""The roles a signed-in person can hold, as the domain names them; tokens carry only these."""

from typing import Final, Literal, get_args

Role = Literal[
    "regisseur",
    "coach",
    "schuldhulpverlener",
    "klantmanager",
    # The income consultant: decides on bijstand (Participatiewet) and allowances.
    "inkomensconsulent",
    "woonconsulent",
    "intake",
    "auditor",
    # The functionaris gegevensbescherming's office: may erase a person's data (AVG art. 17).
    "privacy_officer",
    # The integration administrator: manages the municipality's webhook subscriptions.
    "koppelbeheerder",
    # The municipality's archivist: approves or holds back the destruction list (Archiefwet).
    "archivaris",
    # Policy staff: the reports and their exports, small counts protected; never a young
    # person's timeline, name, list, signal, plan or processing log.
    "beleidsmedewerker",
    # The young person themself (issue 23, Mijn regie): their token names their own youth id
    # (claim `youth_id`) and holds no other role; they read their own plan and processing log.
    "jongere",
    # A programme's monitor across municipalities (issue 22): its token names the programme
    # (claim `programma`) and holds no other role; it reads only the protected figures of the
    # municipalities taking part, side by side, never a young person.
    "programmamonitor",
]
"""A role name, for type-checked call sites such as `require("intake")` in tests and services."""

ROLES: Final[frozenset[str]] = frozenset(get_args(Role))
"""Every known role: a token or a route naming anything else is a mistake to refuse early."""

YOUNG_PERSON: Final = "jongere"
"""The data subject's own role: never combined with an employee's, always with a `youth_id`."""

PROGRAMME_MONITOR: Final = "programmamonitor"
"""The cross-municipality monitor's role: never combined with another, always with a `programma`."""
