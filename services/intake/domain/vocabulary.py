"""The words intake records with (DOMAIN.md, research §3.2-3.3.1): codes, never free text."""

from __future__ import annotations

from typing import Literal

Programma = Literal["jpf", "dtj", "toekomstgesprek", "rodeloper", "regulier"]
Leefgebied = Literal[
    "wonen",
    "financien",
    "werk",
    "onderwijs",
    "dagbesteding",
    "lichamelijke_gezondheid",
    "psychische_gezondheid",
    "verslaving",
    "sociaal_netwerk",
    "vrije_tijd",
    "justitie",
    "zorg",
]
# Scores on these life domains are special-category data (AVG art. 9/10): sealed apart.
SENSITIVE_LEEFGEBIEDEN: frozenset[str] = frozenset(
    {"lichamelijke_gezondheid", "psychische_gezondheid", "verslaving", "justitie"}
)
# The life domains that may travel in clear: every one but those above.
ClearLeefgebied = Literal[
    "wonen",
    "financien",
    "werk",
    "onderwijs",
    "dagbesteding",
    "sociaal_netwerk",
    "vrije_tijd",
    "zorg",
]
AgeBand = Literal["16-17", "18-22", "23-27"]
ReferrerType = Literal[
    "zelfmelder",
    "daklozenloket",
    "vroegsignalering",
    "wijkteam",
    "school_rmc",
    "jeugdhulp",
    "werkbedrijf_uwv",
    "politie_veiligheidshuis",
    "overig",
]
# What a referral says in clear: a referrer that tells of justice contact (AVG art. 10)
# reads as `overig` (another partner); the exact referrer travels sealed.
ClearReferrerType = Literal[
    "zelfmelder",
    "daklozenloket",
    "vroegsignalering",
    "wijkteam",
    "school_rmc",
    "jeugdhulp",
    "werkbedrijf_uwv",
    "overig",
]
JUSTICE_REFERRERS: dict[str, ClearReferrerType] = {"politie_veiligheidshuis": "overig"}
VerificationMethod = Literal["brp", "id_document"]
ConsentPurpose = Literal["tijdlijn_delen", "gegevens_uitwisselen", "netwerk_betrekken"]
# Mijn mening: what the young person's rating is about, and the rating itself (1 poor, 5 good).
FeedbackAbout = Literal["contact", "programma"]
Rating = Literal[1, 2, 3, 4, 5]
GoalStatus = Literal["open", "loopt", "bereikt", "vervallen"]
ConferenceParticipant = Literal[
    "gemeente", "wijkteam", "schuldhulp", "woningcorporatie", "zorg", "onderwijs", "politie",
    "netwerk",
]  # fmt: skip
CustomisedRule = Literal[
    "pw_zoektermijn", "kostendelersnorm", "woontoelage", "scholingsplicht", "praktijkleren",
    "overig",
]  # fmt: skip
# A fund that pays for a maatwerk trajectory (the Kansfonds paid 650,000 euros for 65 in the
# actieprogramma dak- en thuisloze jongeren); the amount is sealed, only totals are counted.
MaatwerkFund = Literal["kansfonds", "ander_fonds"]
ExitReason = Literal[
    "doel_bereikt", "verhuisd", "overleden", "niet_verschenen", "zelf_gestopt", "niet_passend",
    "overig",
]  # fmt: skip
Destination = Literal["werk", "onderwijs", "vrijwilligerswerk", "dagbesteding", "zorg", "geen"]
# Nazorg after the last exit: why it ended. `afgerond` when every follow-up was recorded or
# missed, `heringestroomd` on a new enrolment; the others are given by hand.
AftercareEndedByHand = Literal[
    "op_verzoek_jongere", "verhuisd", "geen_contact_mogelijk", "overleden", "overig"
]
AftercareEndReason = Literal[
    "afgerond", "heringestroomd", "op_verzoek_jongere", "verhuisd", "geen_contact_mogelijk",
    "overleden", "overig",
]  # fmt: skip
ErasureReason = Literal["verzoek_art17", "bewaartermijn_verlopen", "toestemming_ingetrokken"]
# What two registrations share when they may be one young person (the blind index, duplicates.py).
DuplicateMatch = Literal["naam_geboortedatum", "bsn"]
Score = Literal[1, 2, 3, 4, 5]
# Doorbraak: the rule or system that blocks the young person's way, which the regisseur asks
# the organisation holding it to break through (maatwerk, or the rule changed).
Obstruction = Literal[
    "kostendelersnorm", "zoektermijn_4_weken", "woningtoewijzing", "schuldenbewind_wachtlijst",
    "inschrijving_brp", "zorgtoewijzing", "leeftijdsgrens_18", "andere",
]  # fmt: skip
BreakthroughOutcome = Literal["opgelost_maatwerk", "opgelost_regel_aangepast", "niet_opgelost"]
# Turning 18: where a life domain's support goes at adulthood, in the transition plan.
Continuation = Literal[
    "jeugdhulp_tot_23", "wmo", "participatiewet", "ggz_volwassenen", "schuldhulp_wgs",
    "onderwijs", "afgesloten",
]  # fmt: skip
# The data subject's requests to the privacy officer (AVG art. 16 and 17), and their answer.
SubjectRequestKind = Literal["correctie", "verwijdering"]
SubjectRequestOutcome = Literal["toegewezen", "deels_toegewezen", "afgewezen"]

# Age limits per programme, inclusive (DOMAIN.md).
PROGRAMME_AGES: dict[str, tuple[int, int]] = {
    "jpf": (18, 27),
    "dtj": (18, 27),  # seed actieprogramma: the 9,400 homeless young people are 18 to 27
    "toekomstgesprek": (16, 27),
    "rodeloper": (16, 27),
    "regulier": (16, 27),
}
