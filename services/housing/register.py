"""Housing's entries in the processing register (AVG art. 30): purpose and retention per activity.

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
    service="housing",
    retention=SELECTIELIJST,
    activities={
        "housing.dakloosheid": Activity(
            purpose="Dak- of thuisloosheid vastleggen om opvang en wonen te regelen"
        ),
        "housing.briefadres": Activity(
            purpose="Een briefadres regelen zodat de jongere bereikbaar is voor instanties"
        ),
        "housing.opvang": Activity(purpose="Verblijf in de opvang vastleggen, begin en einde"),
        "housing.woningzoekend": Activity(purpose="De inschrijving als woningzoekende vastleggen"),
        "housing.plan": Activity(purpose="Het woonplan vaststellen"),
        "housing.woontoelage": Activity(
            purpose="Een woontoelage toekennen en verantwoorden (Participatiewet)"
        ),
        "housing.aanbod": Activity(purpose="Een aangeboden woonruimte vastleggen"),
        "housing.huisvesting": Activity(purpose="Vastleggen dat en waar de jongere is gehuisvest"),
        "housing.huisuitzetting": Activity(
            purpose="Een dreigende huisuitzetting vastleggen en volgen, voorkomen of uitgevoerd"
        ),
        "housing.einde": Activity(purpose="Het einde van de woonsituatie vastleggen"),
        "housing.situatie": Activity(
            purpose="De woonsituatie inzien om de hulp te verlenen of te regisseren"
        ),
        "housing.situaties": Activity(
            purpose="De lijst van woonsituaties (pseudoniemen, situaties, termijnen) inzien om"
            " het werk te verdelen en de eerste week en het woonplan te bewaken"
        ),
    },
    policies={
        "signaal-bij-uitstroom": Activity(
            purpose="Bij uitstroom uit het laatste programma de jongerenregisseur waarschuwen"
            " als er nog iets open staat",
            grondslag="wmo",
        ),
        "woontoelage-wijkt-voor-huurtoeslag": Activity(
            purpose="Als inkomen huurtoeslag toekent, de woontoelage beëindigen die ervoor in de"
            " plaats stond",
            grondslag="pw",
        ),
        "housing.erasure": Activity(
            purpose="Na vernietiging in intake de eigen sleutel van de jongere wissen en dat"
            " bevestigen",
            grondslag="avg_17",
        ),
        "housing.timeline-sharing": Activity(
            purpose="Delen met de tijdlijn stoppen of hervatten als de toestemming verandert",
            grondslag="toestemming",
        ),
    },
    read_models={
        "situations": ReadModel(
            purpose="Overzicht van woonsituaties en bewaking van de termijnen (eerste week,"
            " woonplan)",
            holds="Pseudoniem, situatie, data, soort opvang en woonvorm, fase van een"
            " huisuitzetting; geen adressen of bedragen",
        ),
    },
)
