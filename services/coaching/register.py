"""Coaching's entries in the processing register (AVG art. 30): purpose and retention per activity.

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
    service="coaching",
    retention=SELECTIELIJST,
    activities={
        "coaching.coach": Activity(purpose="Een coach of trajectbegeleider toewijzen"),
        "coaching.fase": Activity(
            purpose="De fase van de Rode loper coaching vastleggen (scout, scan, match, borg)"
        ),
        "coaching.scan": Activity(
            purpose="De talentenscan vastleggen: sterke punten en obstakels per leefgebied"
        ),
        "coaching.toekomstgesprek": Activity(
            purpose="Het toekomstgesprek en het gekozen perspectief vastleggen"
        ),
        "coaching.doel": Activity(purpose="Doelen stellen, behalen of laten vallen"),
        "coaching.match": Activity(
            purpose="Een match met opleiding, werk, stage of dagbesteding vastleggen"
        ),
        "coaching.uitstroom": Activity(
            purpose="Uitstroom naar opleiding, werk of dagbesteding vastleggen en volgen"
        ),
        "coaching.zorg": Activity(
            purpose="Een doorverwijzing naar zorg vastleggen (bijzonder persoonsgegeven,"
            " alleen versleuteld)"
        ),
        "coaching.terugval": Activity(purpose="Een terugval signaleren om bij te sturen"),
        "coaching.einde": Activity(purpose="De begeleiding afsluiten"),
        "coaching.begeleiding": Activity(
            purpose="De begeleiding inzien om de hulp te verlenen of te regisseren"
        ),
        "coaching.caseload": Activity(
            purpose="De caseload van een coach (pseudoniemen, fasen) inzien om het werk te"
            " verdelen en te zien wie te lang in een fase staat"
        ),
    },
    policies={
        "rodeloper-bij-inschrijving": Activity(
            purpose="Bij instroom in de Rode loper de coaching starten", grondslag="pw"
        ),
        "afsluiten-bij-uitstroom": Activity(
            purpose="Bij uitstroom uit het laatste programma de begeleiding afsluiten",
            grondslag="pw",
        ),
        "coaching.erasure": Activity(
            purpose="Na vernietiging in intake de eigen sleutel van de jongere wissen en dat"
            " bevestigen",
            grondslag="avg_17",
        ),
        "coaching.timeline-sharing": Activity(
            purpose="Delen met de tijdlijn stoppen of hervatten als de toestemming verandert",
            grondslag="toestemming",
        ),
    },
    read_models={
        "states": ReadModel(
            purpose="Caseload per coach en overzicht per fase en uitkomst",
            holds="Pseudoniem, fase, aantallen doelen en gesprekken, perspectief, match, data"
            " van uitstroom, of werk nog loopt en of een opleiding loopt, is afgerond of"
            " verlaten (met de einddata), de coach, de datum van een doorverwijzing naar zorg"
            " (een gezondheidsfeit), en uit inkomen de dag dat de bijstand eindigde voor werk",
            categories=("SPD",),
        ),
    },
    not_processing={
        "GET /phases": "Aantallen per fase; geen gegevens over een persoon",
        "GET /outcomes": "Aantallen per uitkomst; geen gegevens over een persoon",
    },
)
