"""Debts' entries in the processing register (AVG art. 30): purpose and retention per activity.

The routes and policies state the rest (shared/processing_register.py); a new activity id or
policy fails tests/unit/contracts/test_processing_register.py until it has an entry here.
"""

from __future__ import annotations

from shared.processing_register import (
    SELECTIELIJST,
    Activity,
    ReadModel,
    ServiceRegister,
)

REGISTER = ServiceRegister(
    service="debts",
    retention=SELECTIELIJST,
    activities={
        "debts.aanmelding": Activity(
            purpose="Een hulpvraag bij schulden vastleggen (Wgs), ook bij een crisis"
        ),
        "debts.eerste_gesprek": Activity(
            purpose="Het eerste gesprek vastleggen om de Wgs-termijn te bewaken"
        ),
        "debts.inventarisatie": Activity(
            purpose="Schulden en schuldeisers inventariseren om een regeling te kunnen treffen"
        ),
        "debts.schuldregeling": Activity(
            purpose="Een schuldregeling voorstellen en de antwoorden van schuldeisers vastleggen"
        ),
        "debts.tegenprestatie": Activity(
            purpose="De tegenprestatie van het Jongeren Perspectief Fonds afspreken, uren"
            " bijhouden en afronden"
        ),
        "debts.fonds": Activity(
            purpose="Overname van schulden door het fonds vastleggen en bij contractbreuk intrekken"
        ),
        "debts.schuldenvrij": Activity(purpose="Vastleggen dat de schulden geregeld zijn"),
        "debts.uitstroom": Activity(purpose="Het schuldhulptraject beëindigen met de reden"),
        "debts.traject": Activity(
            purpose="Het schuldhulptraject inzien om de hulp te verlenen of te regisseren"
        ),
        "debts.trajecten": Activity(
            purpose="De lijst van schuldhulptrajecten (pseudoniemen, fasen, termijnen) inzien"
            " om het werk te verdelen en termijnen te bewaken"
        ),
    },
    policies={
        "schuldhulp-bij-jpf": Activity(
            purpose="Bij instroom in het Jongeren Perspectief Fonds schuldhulp aanvragen",
            grondslag="wgs",
        ),
        "crisis-bij-huisuitzetting": Activity(
            purpose="Bij dreigende huisuitzetting wegens huurachterstand de schuldhulp als"
            " crisis behandelen (Wgs art. 4)",
            grondslag="wgs",
        ),
        "afsluiten-bij-uitstroom": Activity(
            purpose="Bij uitstroom uit het laatste programma het traject afsluiten of de"
            " jongerenregisseur waarschuwen",
            grondslag="wgs",
        ),
        "debts.erasure": Activity(
            purpose="Na vernietiging in intake de eigen sleutel van de jongere wissen en dat"
            " bevestigen",
            grondslag="avg_17",
        ),
        "debts.timeline-sharing": Activity(
            purpose="Delen met de tijdlijn stoppen of hervatten als de toestemming verandert",
            grondslag="toestemming",
        ),
    },
    read_models={
        "trajectories": ReadModel(
            purpose="Overzicht van de trajecten en bewaking van de Wgs-termijn",
            holds="Pseudoniem, fase, crisis, data, aantal schulden en uren tegenprestatie;"
            " geen bedragen of schuldeisers",
        ),
    },
)
