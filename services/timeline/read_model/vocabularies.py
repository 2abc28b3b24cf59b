"""Dutch labels for the codes the other services publish: every value of every enum in their events.

Keyed by the publishing domain and the vocabulary's name in its `domain/vocabulary.py`
(`"debts.SolutionKind"`), since the timeline imports no other service. Headlines and the
summary read their words here. `tests/unit/timeline/test_vocabularies.py` holds the table to
every enum field of every event in every service's catalogue, so a new code fails a test
rather than reaching a page unlabelled; and should one reach the timeline first, `label`
still renders the caller's generic word but logs the code once (`timeline.label_missing`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

if TYPE_CHECKING:
    from collections.abc import Mapping

log = structlog.get_logger("timeline")

MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
PROGRAMMA_LABELS = {
    "jpf": "Jongeren Perspectief Fonds",
    "dtj": "dak- en thuisloze jongeren",
    "toekomstgesprek": "Toekomstgesprek",
    "rodeloper": "Rode loper",
    "regulier": "regulier",
}
LEEFGEBIEDEN = {
    "wonen": "wonen",
    "financien": "financiën",
    "werk": "werk",
    "onderwijs": "onderwijs",
    "dagbesteding": "dagbesteding",
    "lichamelijke_gezondheid": "lichamelijke gezondheid",
    "psychische_gezondheid": "psychische gezondheid",
    "verslaving": "verslaving",
    "sociaal_netwerk": "sociaal netwerk",
    "vrije_tijd": "vrije tijd",
    "justitie": "justitie",
    "zorg": "zorg",
}
SUSPENSION_REASONS = {
    "inlichtingen_ontbreken": "inlichtingen ontbreken",
    "verblijf_onbekend": "verblijfplaats onbekend",
    "detentie": "detentie",
    "onderzoek": "onderzoek",
    "anders": "andere reden",
}
BENEFIT_END_REASONS = {
    "werk": "werk",
    "opleiding": "opleiding",
    "verhuisd": "verhuisd",
    "ander_inkomen": "ander inkomen",
    "detentie": "detentie",
    "anders": "andere reden",
}
REFERRERS = {
    "zelfmelder": "zichzelf",
    "daklozenloket": "het daklozenloket",
    "vroegsignalering": "vroegsignalering",
    "wijkteam": "het wijkteam",
    "school_rmc": "school / RMC",
    "jeugdhulp": "de jeugdhulp",
    "werkbedrijf_uwv": "werkbedrijf / UWV",
    "politie_veiligheidshuis": "politie / veiligheidshuis",
    "overig": "een andere partner",
}
AFTERCARE_END_REASONS = {
    "afgerond": "afgerond",
    "heringestroomd": "opnieuw ingestroomd",
    "op_verzoek_jongere": "op verzoek van de jongere",
    "verhuisd": "verhuisd",
    "geen_contact_mogelijk": "geen contact mogelijk",
    "overleden": "overleden",
    "overig": "overig",
}
DESTINATIONS = {
    "werk": "werk",
    "onderwijs": "onderwijs",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "dagbesteding": "dagbesteding",
    "zorg": "zorg",
    "geen": "geen vervolg",
}
ERASURE_REASONS = {
    "verzoek_art17": "verzoek AVG art. 17",
    "bewaartermijn_verlopen": "bewaartermijn verlopen",
    "toestemming_ingetrokken": "toestemming ingetrokken",
}
SOLUTIONS = {
    "betalingsregeling": "betalingsregeling",
    "herfinanciering": "herfinanciering",
    "saneringskrediet": "saneringskrediet",
    "schuldbemiddeling": "schuldbemiddeling",
    "nul_aanbod": "0%-aanbod",
}
CRISIS_TRIGGERS = {
    "ontruiming": "dreigende ontruiming",
    "afsluiting_energie_water": "afsluiting van energie of water",
    "opzegging_zorgverzekering": "opzegging van de zorgverzekering",
    "beslag": "beslag",
    "overig": "dreigende situatie",
}
CLOSURE_BLOCKS = {
    "schulden_openstaand": "er staan nog schulden open",
    "schuld_bij_fonds": "er staat nog een schuld bij het fonds open",
}
SITUATIONS = {
    "dakloos_straat": "op straat",
    "nachtopvang": "nachtopvang",
    "thuisloos_bankslapen": "thuisloos, bankslapen",
    "uit_instelling": "uit een instelling",
}
FORMS = {
    "zelfstandig": "zelfstandig",
    "kamer": "kamer",
    "gemengd_wonen": "gemengd wonen",
    "kamers_met_aandacht": "Kamers met Aandacht",
    "begeleid": "begeleid wonen",
    "beschermd": "beschermd wonen",
}
OPEN_AT_EXIT = {
    "huisuitzetting_dreigt": "dreigende huisuitzetting",
    "in_opvang": "in de opvang",
    "dakloos": "dakloos",
}
COACH_KINDS = {
    "rodeloper_coach": "Rode loper-coach",
    "klantmanager": "Klantmanager",
    "trajectbegeleider": "Trajectbegeleider",
}
PHASE_LABELS = {"scout": "scout", "scan": "scan", "match": "match", "borg": "borg"}
MATCH_KINDS = {
    "opleiding": "opleiding",
    "werk": "werk",
    "stage": "stage",
    "leerwerkplek": "leerwerkplek",
    "dagbesteding": "dagbesteding",
}
WORK_KINDS = {
    "betaald_voltijd": "betaald, voltijd",
    "betaald_deeltijd": "betaald, deeltijd",
    "leerwerkbaan": "leerwerkbaan",
}
COACHING_DESTINATIONS = {
    **DESTINATIONS,
    "opleiding": "opleiding",
    "vrijwilligerswerk": "vrijwilligerswerk",
}
PERSPECTIVES = {
    "werk": "werk",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "opleiding": "opleiding",
    "dagbesteding": "dagbesteding",
    "zorg": "zorg",
}

VOCABULARIES: dict[str, Mapping[str, str]] = {
    # intake
    "intake.Programma": PROGRAMMA_LABELS,
    "intake.Leefgebied": LEEFGEBIEDEN,
    "intake.ClearLeefgebied": LEEFGEBIEDEN,
    "intake.AgeBand": {
        "16-17": "16 en 17 jaar",
        "18-22": "18 tot en met 22 jaar",
        "23-27": "23 tot en met 27 jaar",
    },
    "intake.ReferrerType": REFERRERS,
    "intake.ClearReferrerType": REFERRERS,
    "intake.VerificationMethod": {"brp": "BRP-controle", "id_document": "identiteitsbewijs"},
    "intake.ConsentPurpose": {
        "tijdlijn_delen": "tijdlijn delen",
        "gegevens_uitwisselen": "gegevens uitwisselen",
        "netwerk_betrekken": "netwerk betrekken",
    },
    "intake.FeedbackAbout": {"contact": "contact", "programma": "programma"},
    "intake.GoalStatus": {
        "open": "open",
        "loopt": "loopt",
        "bereikt": "bereikt",
        "vervallen": "vervallen",
    },
    "intake.ConferenceParticipant": {
        "gemeente": "gemeente",
        "wijkteam": "wijkteam",
        "schuldhulp": "schuldhulp",
        "woningcorporatie": "woningcorporatie",
        "zorg": "zorg",
        "onderwijs": "onderwijs",
        "politie": "politie",
        "netwerk": "netwerk",
    },
    "intake.CustomisedRule": {
        "pw_zoektermijn": "zoektermijn Participatiewet",
        "kostendelersnorm": "kostendelersnorm",
        "woontoelage": "woontoelage",
        "scholingsplicht": "scholingsplicht",
        "praktijkleren": "praktijkleren",
        "overig": "overig",
    },
    "intake.MaatwerkFund": {"kansfonds": "Kansfonds", "ander_fonds": "een ander fonds"},
    "intake.ExitReason": {
        "doel_bereikt": "doel bereikt",
        "verhuisd": "verhuisd",
        "overleden": "overleden",
        "niet_verschenen": "niet verschenen",
        "zelf_gestopt": "zelf gestopt",
        "niet_passend": "niet passend",
        "overig": "overig",
    },
    "intake.Destination": DESTINATIONS,
    "intake.ErasureReason": ERASURE_REASONS,
    "intake.AftercareEndReason": AFTERCARE_END_REASONS,
    "intake.AftercareEndedByHand": AFTERCARE_END_REASONS,
    "intake.DuplicateMatch": {"naam_geboortedatum": "naam en geboortedatum", "bsn": "BSN"},
    "intake.Obstruction": {
        "kostendelersnorm": "kostendelersnorm",
        "zoektermijn_4_weken": "zoektermijn van vier weken",
        "woningtoewijzing": "woningtoewijzing",
        "schuldenbewind_wachtlijst": "wachtlijst beschermingsbewind",
        "inschrijving_brp": "inschrijving in de BRP",
        "zorgtoewijzing": "toewijzing van zorg",
        "leeftijdsgrens_18": "leeftijdsgrens van 18 jaar",
        "andere": "andere regel",
    },
    "intake.BreakthroughOutcome": {
        "opgelost_maatwerk": "opgelost met maatwerk",
        "opgelost_regel_aangepast": "opgelost, regel aangepast",
        "niet_opgelost": "niet opgelost",
    },
    "intake.SubjectRequestKind": {"correctie": "correctie", "verwijdering": "verwijdering"},
    "intake.SubjectRequestOutcome": {
        "toegewezen": "toegewezen",
        "deels_toegewezen": "deels toegewezen",
        "afgewezen": "afgewezen",
    },
    "intake.Continuation": {
        "jeugdhulp_tot_23": "jeugdhulp verlengd tot 23",
        "wmo": "Wmo",
        "participatiewet": "Participatiewet",
        "ggz_volwassenen": "volwassenen-GGZ",
        "schuldhulp_wgs": "schuldhulp (Wgs)",
        "onderwijs": "onderwijs",
        "afgesloten": "afgesloten",
    },
    # debts
    "debts.FundProgramme": {"jpf": "Jongeren Perspectief Fonds"},
    "debts.CreditorType": {
        "zorg": "zorgschuldeiser",
        "publiek": "publieke schuldeiser",
        "nuts": "energie- of waterbedrijf",
        "overig": "overige schuldeiser",
    },
    "debts.CrisisTrigger": CRISIS_TRIGGERS,
    "debts.SolutionKind": SOLUTIONS,
    "debts.CreditorResponse": {
        "akkoord": "akkoord",
        "weigering": "geweigerd",
        "tegenvoorstel": "tegenvoorstel",
    },
    "debts.CounterpartKind": {
        "maatschappelijke_stage": "maatschappelijke stage",
        "vrijwilligerswerk": "vrijwilligerswerk",
        "opleiding": "opleiding",
    },
    "debts.OutflowReason": {
        "afgerond": "afgerond",
        "zelf": "zelf gestopt",
        "ingetrokken": "aanvraag ingetrokken",
        "niet_verschenen": "niet verschenen",
        "voldoet_niet": "voldoet niet aan de voorwaarden",
        "niet_passend": "niet passend",
        "verhuisd": "verhuisd",
        "overleden": "overleden",
        "overig": "overig",
    },
    "debts.RevocationReason": {
        "contract_niet_nagekomen": "contract niet nagekomen",
        "stage_niet_afgerond": "stage niet afgerond",
        "overig": "overig",
    },
    "debts.ClosureBlockedReason": CLOSURE_BLOCKS,
    # housing
    "housing.Situation": SITUATIONS,
    "housing.ShelterType": {
        "crisisopvang": "crisisopvang",
        "nachtopvang": "nachtopvang",
        "jongerenopvang": "jongerenopvang",
        "begeleid_wonen": "begeleid wonen",
        "beschermd_wonen": "beschermd wonen",
    },
    "housing.HousingForm": FORMS,
    "housing.Tenure": {
        "eigen_huurcontract": "eigen huurcontract",
        "via_stichting": "via een stichting",
        "hospita": "bij een hospita",
    },
    "housing.AllowanceReason": {"geen_huurtoeslag": "geen recht op huurtoeslag"},
    "housing.AllowanceEndReason": {"huurtoeslag_toegekend": "huurtoeslag toegekend"},
    "housing.EvictionReason": {
        "huurachterstand": "huurachterstand",
        "overlast": "overlast",
        "woonfraude": "woonfraude",
        "overig": "overig",
    },
    "housing.PreventionHow": {
        "betalingsregeling": "betalingsregeling",
        "tweede_kans": "tweede kans",
        "moratorium": "moratorium",
    },
    "housing.HousingEndReason": {
        "verhuisd": "verhuisd",
        "huur_opgezegd": "huur opgezegd",
        "uitgezet": "uitgezet",
        "overleden": "overleden",
        "overig": "overig",
    },
    "housing.OpenAtExit": OPEN_AT_EXIT,
    "housing.FirstWeekNeed": {"dak": "dak", "briefadres": "postadres"},
    # coaching
    "coaching.CoachKind": COACH_KINDS,
    "coaching.Phase": PHASE_LABELS,
    "coaching.Leefgebied": LEEFGEBIEDEN,
    "coaching.Strength": {
        "doorzettingsvermogen": "doorzettingsvermogen",
        "sociaal": "sociaal",
        "praktisch": "praktisch",
        "creatief": "creatief",
        "technisch": "technisch",
        "zorgzaam": "zorgzaam",
        "sportief": "sportief",
        "leergierig": "leergierig",
        "ondernemend": "ondernemend",
    },
    "coaching.Obstacle": {
        "geen_startkwalificatie": "geen startkwalificatie",
        "schulden": "schulden",
        "geen_woonplek": "geen woonplek",
        "verslaving": "verslaving",
        "psychische_klachten": "psychische klachten",
        "justitiecontact": "contact met justitie",
        "negatief_netwerk": "negatief netwerk",
        "geen_dagritme": "geen dagritme",
        "taal": "taal",
        "overig": "overig",
    },
    "coaching.Participant": {
        "werkbedrijf": "werkbedrijf",
        "zorg_en_inkomen": "Zorg en Inkomen",
        "wijkteam": "wijkteam",
        "school": "school",
        "gezin": "gezin",
        "netwerk": "netwerk",
        "jongere": "de jongere",
    },
    "coaching.Perspective": PERSPECTIVES,
    "coaching.MatchKind": MATCH_KINDS,
    "coaching.PartnerType": {
        "werkgever": "werkgever",
        "school": "school",
        "zorgaanbieder": "zorgaanbieder",
        "vrijwilligersorganisatie": "vrijwilligersorganisatie",
        "overig": "overig",
    },
    "coaching.EducationLevel": {
        "entree": "entreeopleiding",
        "mbo1": "mbo niveau 1",
        "mbo2": "mbo niveau 2",
        "mbo3": "mbo niveau 3",
        "mbo4": "mbo niveau 4",
        "havo": "havo",
        "vwo": "vwo",
        "hbo": "hbo",
    },
    "coaching.WorkKind": WORK_KINDS,
    "coaching.ContractKind": {
        "vast": "vast contract",
        "tijdelijk": "tijdelijk contract",
        "uitzend": "uitzendcontract",
    },
    "coaching.WorkEndReason": {
        "contract_afgelopen": "contract afgelopen",
        "ontslagen": "ontslagen",
        "zelf_gestopt": "zelf gestopt",
        "ander_werk": "ander werk",
        "opleiding_gestart": "met een opleiding begonnen",
        "overig": "overig",
    },
    "coaching.EducationDropReason": {
        "niet_passend": "niet passend",
        "te_zwaar": "te zwaar",
        "werk_gevonden": "werk gevonden",
        "persoonlijke_omstandigheden": "persoonlijke omstandigheden",
        "overig": "overig",
    },
    "coaching.GoalDropReason": {
        "niet_meer_passend": "niet meer passend",
        "niet_haalbaar": "niet haalbaar",
        "begeleiding_afgesloten": "begeleiding afgesloten",
    },
    "coaching.EndReason": {
        "doel_bereikt": "doel bereikt",
        "uitgevallen": "uitgevallen",
        "verhuisd": "verhuisd",
        "overgedragen": "overgedragen",
        "overig": "overig",
    },
    "coaching.Destination": COACHING_DESTINATIONS,
    # income
    "income.Regeling": {"participatiewet_bijstand": "bijstand (Participatiewet)"},
    "income.Norm": {"alleenstaand": "alleenstaandennorm", "kostendeler": "kostendelersnorm"},
    "income.BenefitRefusalReason": {
        "voldoende_inkomen": "voldoende inkomen",
        "vermogen_boven_grens": "vermogen boven de grens",
        "geen_medewerking": "geen medewerking",
        "zoektermijn_niet_benut": "zoektermijn niet benut",
        "woonplaats_elders": "woont elders",
        "anders": "andere reden",
    },
    # Version 2 says detention only sealed (the Clear... codes); a version 1 in clear.
    "income.SuspensionReason": SUSPENSION_REASONS,
    "income.ClearSuspensionReason": SUSPENSION_REASONS,
    "income.BenefitEndReason": BENEFIT_END_REASONS,
    "income.ClearBenefitEndReason": BENEFIT_END_REASONS,
    "income.WaiverReason": {
        "dakloosheid": "dakloosheid",
        "problematische_schulden": "problematische schulden",
        "kwetsbare_situatie": "kwetsbare situatie",
        "anders": "andere reden",
    },
    "income.AllowanceKind": {
        "huurtoeslag": "huurtoeslag",
        "zorgtoeslag": "zorgtoeslag",
        "studiefinanciering": "studiefinanciering",
        "woontoelage": "woontoelage",
    },
    "income.AllowanceRefusalReason": {
        "inkomen_te_hoog": "inkomen te hoog",
        "huur_te_hoog": "huur te hoog",
        "niet_ingeschreven": "niet ingeschreven",
        "aanvraag_onvolledig": "aanvraag onvolledig",
        "anders": "andere reden",
    },
    "coaching.CareKind": {
        "ggz": "ggz",
        "verslavingszorg": "verslavingszorg",
        "lvb": "zorg bij een licht verstandelijke beperking",
        "overig": "overige zorg",
    },
}

_reported: set[tuple[str, str]] = set()


def label(vocabulary: str, code: object, fallback: str) -> str:
    """The Dutch label of `code` in `vocabulary`; `fallback` for none or an unknown one.

    An unknown code is logged once per process, so a code a service added after this table
    shows up in the logs instead of hiding behind the generic word.
    """
    if code is None:
        return fallback
    found = VOCABULARIES.get(vocabulary, {}).get(str(code))
    if found is not None:
        return found
    key = (vocabulary, str(code))
    if key not in _reported:
        _reported.add(key)
        log.warning("timeline.label_missing", vocabulary=vocabulary, code=str(code)[:80])
    return fallback
