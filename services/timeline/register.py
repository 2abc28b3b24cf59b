"""The timeline's entries in the processing register (AVG art. 30): purpose per activity.

The routes state the rest (shared/processing_register.py); a route with a new activity id fails
tests/unit/contracts/test_processing_register.py until it has an entry here.
"""

from __future__ import annotations

from services.timeline.operations import as_of_log
from shared.processing_log import RouteProcessing
from shared.processing_register import (
    Activity,
    ReadModel,
    Retention,
    ServiceRegister,
)

REGISTER = ServiceRegister(
    service="timeline",
    # Its read models are projections of the domains' events: rebuilt from them, and erased
    # with them (crypto-shredding), so they are kept no longer than the source.
    retention=Retention(
        term="Zo lang als de gebeurtenissen van de domeinen waaruit de tijdlijn is opgebouwd",
        source="Afgeleide gegevens (read models), herbouwbaar uit de bron; ARCHITECTURE.md §2",
    ),
    activities={
        "timeline.inzien": Activity(
            purpose="De geconsolideerde tijdlijn van een jongere inzien om de hulp over de"
            " leefgebieden te regisseren, binnen de grondslag per leefgebied"
        ),
        "timeline.overzicht": Activity(
            purpose="Het overzicht van de leefgebieden van een jongere inzien"
        ),
        "timeline.mijn_jongeren": Activity(
            purpose="De jongerenregisseur ziet de eigen jongeren met hun leefgebieden en"
            " signalen, om te kiezen wie nu aandacht nodig heeft"
        ),
        "timeline.vernietiging": Activity(
            purpose="Controleren dat de vernietiging in elk domein is bevestigd"
        ),
        "timeline.rapportage": Activity(
            purpose="Beleidsinformatie per gemeente en programma, alleen beschermde aantallen"
            " (kleine aantallen onderdrukt)"
        ),
        "timeline.vergelijking": Activity(
            purpose="De cijfers van de gemeenten in een programma naast elkaar, alleen zoals"
            " elke gemeente ze beschermd publiceerde (programmamonitor)"
        ),
        "signalen.inzien": Activity(
            purpose="Signalen inzien die aandacht vragen (termijnen, terugval, uitstroom)"
        ),
        "signalen.afhandelen": Activity(
            purpose="Een signaal erkennen of uitstellen, met een notitie",
            # The note is the worker's own free text (signal_actions), wiped on erasure.
            categories=("FT",),
            retention=Retention(
                term="Tot de vernietiging van de gegevens van de jongere: dan wordt de notitie"
                " gewist (wie erkende en wanneer blijft)",
                source="services/timeline/signals/projection.py (_ERASE_NOTES)",
            ),
        ),
        "timeline.verwerkingen": Activity(
            purpose="Het verwerkingslog van een jongere over alle diensten inzien"
            " (verantwoording, AVG art. 5 lid 2)"
        ),
        "timeline.mijn_gegevens": Activity(
            purpose="De jongere ziet of downloadt alle eigen gegevens uit alle domeinen, met de"
            " eigen versleutelde gegevens geopend (AVG art. 15 en 20); de domeinen leveren"
            " ze met het token van de jongere en loggen dat zelf",
            categories=("FIN", "FT", "ID", "SPD"),
        ),
        "timeline.mijn_verwerkingen": Activity(
            purpose="De jongere ziet zelf wie hun gegevens verwerkte, over alle diensten"
            " (recht van inzage, AVG art. 15; Mijn regie)"
        ),
        "timeline.mijn_mensen": Activity(
            purpose="De jongere ziet wie nu met hen werkt (per rol, zonder namen) en hoe die te"
            " bereiken zijn (recht van inzage, AVG art. 15; Mijn regie)"
        ),
        "timeline.mijn_wat_komt": Activity(
            purpose="De jongere ziet de eigen termijnen en afspraken die eraan komen (recht van"
            " inzage, AVG art. 15; Mijn regie)"
        ),
        "timeline.mijn_tijdlijn": Activity(
            purpose="De jongere ziet de eigen tijdlijn over alle leefgebieden, gewiste gegevens"
            " als gewist (recht van inzage, AVG art. 15; Mijn regie)"
        ),
        "timeline.integriteit": Activity(
            purpose="De uitkomst van de controle van de hashketens inzien (BIO 8.15)"
        ),
        as_of_log.ACTIVITY: Activity(
            purpose="Reconstrueren wat een rol of medewerker op een moment zag (Tijdreis en"
            " het as-of commando), voor verantwoording en toezicht"
        ),
    },
    logged_in_route={
        # Logged as the as-of command logs it (operations/as_of_log.py), after the replay.
        "GET /ui/tijdreis": RouteProcessing(
            action="lezen",
            activity=as_of_log.ACTIVITY,
            activity_name=as_of_log.ACTIVITY_NAME,
            grondslag=as_of_log.GRONDSLAG,
            vertrouwelijkheid="vertrouwelijk",
        ),
    },
    read_models={
        "timeline": ReadModel(
            purpose="De geconsolideerde tijdlijn en het overzicht per leefgebied",
            holds="Pseudoniem, kopregels uit vaste velden (nooit vrije tekst), grondslag,"
            " vertrouwelijkheid, toestemming per leefgebied, leeftijdsgroep; een kopregel"
            " kan een gezondheidsfeit noemen (doorverwezen naar zorg), getoond volgens de"
            " grondslag van de lezer",
            categories=("SPD",),
        ),
        "reports": ReadModel(
            purpose="Beleidsinformatie: feiten per gemeente, programma en leeftijdsgroep,"
            " alleen als beschermde aantallen getoond",
            holds="Pseudoniem, soort feit, datum, programma, leeftijdsgroep en termijnen",
        ),
        "signals": ReadModel(
            purpose="Signalen die aandacht vragen, per jongere en per medewerker",
            holds="Pseudoniem, soort signaal, termijnen, contactpersonen (pseudoniemen van"
            " medewerkers), uitkomst van de controle van de hashketens",
        ),
        "signal-dead-letters": ReadModel(
            purpose="Signalen van reacties die mislukten, zodat iemand ze oppakt",
            holds="Pseudoniem, soort gebeurtenis, dienst en reden van het mislukken",
        ),
        "comparison": ReadModel(
            purpose="Vergelijking tussen gemeenten van een programma: de beschermde cijfers"
            " die elke deelnemende gemeente per maand publiceerde",
            holds="Per gemeente, maand, programma en cijfer het aantal zoals gepubliceerd"
            " (beschermd: <5 of x); geen jongere, geen pseudoniem",
        ),
    },
    not_processing={
        "GET /ui": "Doorverwijzing naar de startpagina; geen persoonsgegevens",
        "GET /ui/": "Doorverwijzing naar de startpagina; geen persoonsgegevens",
        "GET /ui/inloggen": "Inlogformulier; geen persoonsgegevens",
        "POST /ui/inloggen": "Inloggen met een token; het token blijft in de sessie, niet"
        " in een opslag",
        "POST /ui/uitloggen": "Uitloggen; geen persoonsgegevens",
        "GET /ui/vernietigingslijst": "De vernietigingslijst komt uit intake en wordt daar"
        " gelogd (intake.vernietigingslijst)",
        "POST /ui/vernietigingslijst/{youth_id}/{decision}": "Het besluit (aanhouden,"
        " vrijgeven, goedkeuren) geeft de pagina door aan intake, dat het vastlegt en logt"
        " (intake.vernietigingslijst)",
        "GET /ui/verzoeken": "De verzoeken van een jongere komen uit intake en worden daar"
        " gelogd, met de privacy officer als lezer (intake.verzoeken)",
        "POST /ui/verzoeken/{youth_id}/{request_id}/antwoord": "Het antwoord (uitkomst en"
        " toelichting) geeft de pagina door aan intake, dat het vastlegt en logt"
        " (intake.verzoeken)",
        "GET /ui/jongeren/{youth_id}/plan": "Het toekomstplan komt uit intake en wordt daar"
        " gelogd (intake.toekomstplan)",
        "GET /mijn": "Doorverwijzing naar Mijn plan of inloggen; geen persoonsgegevens",
        "GET /mijn/": "Doorverwijzing naar Mijn plan of inloggen; geen persoonsgegevens",
        "GET /mijn/inloggen": "Inlogformulier voor de jongere; geen persoonsgegevens",
        "POST /mijn/inloggen": "Inloggen met het token van de jongere; het token blijft in"
        " de sessie, niet in een opslag",
        "POST /mijn/uitloggen": "Uitloggen; geen persoonsgegevens",
        "GET /mijn/inloggen/oidc": "Doorverwijzing naar de identiteitsprovider van de"
        " gemeente (DigiD); geen persoonsgegevens",
        "GET /mijn/inloggen/terug": "Terug van de identiteitsprovider: het BSN gaat alleen naar"
        " intake, dat het opzoekt en logt (intake.inloggen); het BSN wordt niet bewaard, het"
        " sessietoken blijft in de sessie",
        "GET /ui/inloggen/oidc": "Doorverwijzing naar de identiteitsprovider van de gemeente;"
        " geen persoonsgegevens",
        "GET /ui/inloggen/terug": "Terug van de identiteitsprovider: groepen worden rollen, het"
        " sessietoken blijft in de sessie, niet in een opslag",
        "GET /mijn/plan": "Het eigen toekomstplan komt uit intake en wordt daar gelogd, met de"
        " jongere als lezer (intake.toekomstplan, avg_15)",
        "GET /mijn/toestemming": "De eigen toestemmingen komen uit intake en worden daar"
        " gelogd, met de jongere als lezer (intake.toestemming, avg_15)",
        "POST /mijn/toestemming/controleren": "Laat zien wat een wijziging doet, zonder iets"
        " vast te leggen; de toestemmingen komen uit intake, dat het lezen logt"
        " (intake.toestemming, avg_15)",
        "POST /mijn/toestemming/bevestigen": "De wijziging gaat met het token van de jongere"
        " naar intake, dat haar vastlegt en logt met de jongere als actor (intake.toestemming)",
        "GET /mijn/mijn-mening": "Een leeg formulier; geen persoonsgegevens",
        "POST /mijn/mijn-mening": "De mening gaat met het token van de jongere naar intake,"
        " dat haar vastlegt (eigen woorden versleuteld) en logt (intake.mening)",
        "GET /mijn/verzoeken": "De eigen verzoeken komen uit intake en worden daar gelogd, met"
        " de jongere als lezer (intake.verzoeken, avg_15)",
        "POST /mijn/verzoeken": "Het verzoek gaat met het token van de jongere naar intake, dat"
        " het vastlegt en logt met de jongere als actor (intake.verzoeken)",
    },
)
