"""Intake's entries in the processing register (AVG art. 30): purpose and retention per activity.

The routes state the rest (shared/processing_register.py); a route with a new activity id fails
tests/unit/contracts/test_processing_register.py until it has an entry here.
"""

from __future__ import annotations

from shared.processing_register import (
    JEUGDWET,
    SELECTIELIJST_OF_JEUGDWET,
    Activity,
    ReadModel,
    ServiceRegister,
)

REGISTER = ServiceRegister(
    service="intake",
    # 16- and 17-year-olds (and extended youth care) fall under the Jeugdwet, others not.
    retention=SELECTIELIJST_OF_JEUGDWET,
    activities={
        "intake.aanmelding": Activity(
            purpose="Een aanmelding van een jongere voor een programma vastleggen, met de"
            " verwijzer en de leefgebieden waarop hulp nodig is"
        ),
        "intake.inschrijving": Activity(
            purpose="De jongere inschrijven: naam, geboortedatum en contactgegevens vastleggen"
            " om hulp te kunnen bieden en de leeftijdsregels van de programma's toe te passen"
        ),
        "intake.inloggen": Activity(
            purpose="Een jongere die bij de identiteitsprovider van de gemeente (DigiD) inlogt"
            " herkennen: het BSN dat de provider geeft wordt als sleutelwaarde (blinde index)"
            " opgezocht en alleen het eigen id van de jongere gaat terug; het BSN wordt niet"
            " bewaard of gelogd",
            callers=("de inlogdienst van de tijdlijn (servicesleutel, geen rol)",),
        ),
        "intake.identiteit": Activity(
            purpose="De identiteit vaststellen met het BSN, alleen in intake, voor uitwisseling"
            " die de wet voorschrijft"
        ),
        "intake.toestemming": Activity(
            purpose="Toestemming van de jongere vastleggen of intrekken: welke leefgebieden de"
            " tijdlijn mag delen"
        ),
        "intake.mening": Activity(
            purpose="De jongere zelf een cijfer (1 tot 5) en eventueel eigen woorden laten geven"
            " over een contact of een programma, voor het tevredenheidscijfer in de rapportage"
            " (alleen aantallen, kleine aantallen afgeschermd)"
        ),
        "intake.zrm": Activity(
            purpose="Zelfredzaamheid per leefgebied meten (ZRM) om de hulp af te stemmen"
        ),
        "intake.instroom": Activity(purpose="De jongere laten instromen in een programma"),
        "intake.jongeren": Activity(
            purpose="De lijst van jongeren (pseudoniemen, fasen) inzien; de regisseur alleen"
            " de eigen jongeren"
        ),
        "intake.regie": Activity(
            purpose="De ene vaste jongerenregisseur toewijzen die de hulp over de leefgebieden"
            " regisseert"
        ),
        "intake.toekomstplan": Activity(
            purpose="Het toekomstplan met doelen per leefgebied vaststellen, herzien en inzien"
        ),
        "intake.betrokkenen": Activity(
            purpose="Laten zien wie nu met de jongere werkt (per rol, zonder namen), ook aan"
            " de jongere zelf, zodat die weet wie te bereiken"
        ),
        "intake.casusoverleg": Activity(
            purpose="Een casusoverleg over de jongere vastleggen met de betrokken partijen"
        ),
        "intake.maatwerk": Activity(
            purpose="Maatwerk (zoals woontoelage of zoektermijn) vastleggen en verantwoorden"
        ),
        "intake.uitstroom": Activity(
            purpose="Uitstroom uit een programma vastleggen met reden en bestemming"
        ),
        "intake.terugvalcijfers": Activity(
            purpose="Terugval binnen twaalf maanden na uitstroom per leefgebied tellen, per"
            " instroomcohort, zodat de gemeente ziet wat blijft (alleen aantallen; de"
            " leefgebieden zijn bijzondere persoonsgegevens en alleen intake kan ze openen)"
        ),
        "intake.maatwerkbudget": Activity(
            purpose="Tellen wat fondsen per kalenderjaar betalen voor maatwerktrajecten, per"
            " fonds (alleen totalen, nooit het bedrag van een jongere; de bedragen zijn"
            " versleuteld en alleen intake kan ze openen), om het fondsgeld te verantwoorden"
        ),
        "intake.nazorg": Activity(
            purpose="Nazorg na de laatste uitstroom: contacten vastleggen en de nazorg"
            " beëindigen, om terugval op tijd te zien"
        ),
        "intake.doorbraak": Activity(
            purpose="Een doorbraak vragen en afhandelen waar regels de hulp blokkeren"
        ),
        "intake.overgangsplan": Activity(
            purpose="Het overgangsplan bij 18 jaar vaststellen zodat hulp doorloopt na de"
            " jeugdhulp",
            retention=JEUGDWET,
        ),
        "intake.dossier": Activity(
            purpose="Gegevens van de jongere inzien om de hulp te verlenen of te regisseren"
        ),
        "intake.namen": Activity(
            purpose="Namen tonen in de werklijst van de jongerenregisseur, zodat die de juiste"
            " jongere herkent"
        ),
        "intake.vernietigingslijst": Activity(
            purpose="Jongeren van wie de bewaartermijn na het einde van de laatste hulp in elk"
            " domein verstreken is op de vernietigingslijst zetten; de archivaris of de privacy"
            " officer keurt de vernietiging goed of houdt haar aan met een reden, en de"
            " verklaring van vernietiging (wie keurde goed, wanneer, welke domeinen bevestigden)"
            " blijft bewaard (Archiefwet, Selectielijst 2020, Jeugdwet)"
        ),
        "intake.verzoeken": Activity(
            purpose="Verzoeken van de jongere om correctie of verwijdering van gegevens"
            " (AVG art. 16 en 17) vastleggen, binnen een maand beantwoorden (art. 12) en de"
            " jongere de stand laten zien"
        ),
        "intake.vernietiging": Activity(
            purpose="Persoonsgegevens vernietigen op verzoek (AVG art. 17) door de sleutel van"
            " de jongere te wissen, in alle domeinen"
        ),
    },
    read_models={
        "summaries": ReadModel(
            purpose="Werklijsten en overzichten per gemeente en jongerenregisseur",
            holds="Pseudoniem, status, programma's, leeftijdsgroep, regisseur, data van"
            " aanmelding tot uitstroom, betrokken leefgebieden en sinds wanneer (de bijstand:"
            " de eerste uitkeringsdag, voor het criterium van het toekomstgesprek) en voortgang"
            " van doelen",
        ),
    },
)
