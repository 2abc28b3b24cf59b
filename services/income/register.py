"""Income's entries in the processing register (AVG art. 30): purpose and retention per activity.

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
    service="income",
    retention=SELECTIELIJST,
    activities={
        "income.aanvraag": Activity(
            purpose="Een aanvraag voor bijstand (Participatiewet) vastleggen"
        ),
        "income.zoektermijn": Activity(
            purpose="De zoektermijn van vier weken voor een jongere onder 27 starten, beëindigen"
            " of als maatwerk vrijstellen"
        ),
        "income.besluit": Activity(
            purpose="Op een aanvraag voor bijstand beslissen (norm, kostendelers, bedrag) en de"
            " uitkering opschorten of hervatten"
        ),
        "income.uitstroom": Activity(
            purpose="Het einde van de bijstand en de reden vastleggen (uitstroom)"
        ),
        "income.toeslag": Activity(
            purpose="Aanvragen en besluiten over toeslagen, studiefinanciering en de"
            " woontoelage vastleggen"
        ),
        "income.inkomsten": Activity(
            purpose="Inkomsten uit werk vastleggen om ze met de bijstand te verrekenen"
        ),
        "income.inkomen": Activity(
            purpose="Het inkomen van de jongere inzien om de bijstand te verlenen of te controleren"
        ),
        "income.uitkeringen": Activity(
            purpose="De lijst van jongeren in de bijstand (pseudoniemen, sinds wanneer, norm)"
            " inzien, ook om jongeren voor het toekomstgesprek te selecteren"
        ),
        "income.bijstandcijfers": Activity(
            purpose="Instroom in en uitstroom uit de bijstand (per reden), langdurige bijstand"
            " en toegekende toeslagen tellen om het beleid te verantwoorden; alleen aantallen"
        ),
        "income.verdeling": Activity(
            purpose="Aantallen jongeren per situatie en norm inzien om het werk te verdelen"
        ),
    },
    policies={
        "income.erasure": Activity(
            purpose="Na vernietiging in intake de eigen sleutel van de jongere wissen en dat"
            " bevestigen",
            grondslag="avg_17",
        ),
        "income.timeline-sharing": Activity(
            purpose="Delen met de tijdlijn stoppen of hervatten als de toestemming verandert",
            grondslag="toestemming",
        ),
    },
    read_models={
        "benefits": ReadModel(
            purpose="Overzicht van bijstandsuitkeringen: wie sinds wanneer, onder welke norm,"
            " en de selectie voor het toekomstgesprek",
            holds="Pseudoniem, status, data, norm en aantal kostendelers, redenen van afwijzing"
            " en einde; per toegekende uitkering en toeslag de data, de soort en de reden van"
            " het einde; geen bedragen",
        ),
    },
)
