"""Codes of the coaching domain (research §3.3.4: Rode loper, toekomstgesprek, Toekomstplan)."""

from __future__ import annotations

from typing import Final, Literal, get_args

CoachKind = Literal["rodeloper_coach", "klantmanager", "trajectbegeleider"]
Phase = Literal["scout", "scan", "match", "borg"]
PHASES: Final[tuple[Phase, ...]] = get_args(Phase)
"""Rode loper's phases in the order they run."""

# The life domains, the same codes as intake's (DOMAIN.md). Coaching's own
# `huiselijke_relaties` of version 1 reads as `sociaal_netwerk` (friends, relationships, family).
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
RETIRED_LEEFGEBIEDEN: Final[dict[str, Leefgebied]] = {"huiselijke_relaties": "sociaal_netwerk"}
"""Codes of version 1 events that are no longer codes, and the code they read as."""
SENSITIVE_LEEFGEBIEDEN: Final[frozenset[str]] = frozenset(
    {"lichamelijke_gezondheid", "psychische_gezondheid", "verslaving", "justitie"}
)
"""Life domains that say something about health or justice contact (AVG art. 9/10)."""
# The scan's codes: what the young person is good at, and what stands in the way.
Strength = Literal[
    "doorzettingsvermogen",
    "sociaal",
    "praktisch",
    "creatief",
    "technisch",
    "zorgzaam",
    "sportief",
    "leergierig",
    "ondernemend",
]
Obstacle = Literal[
    "geen_startkwalificatie",
    "schulden",
    "geen_woonplek",
    "verslaving",
    "psychische_klachten",
    "justitiecontact",
    "negatief_netwerk",
    "geen_dagritme",
    "taal",
    "overig",
]
Participant = Literal[
    "werkbedrijf", "zorg_en_inkomen", "wijkteam", "school", "gezin", "netwerk", "jongere"
]
Perspective = Literal["werk", "vrijwilligerswerk", "opleiding", "dagbesteding", "zorg"]
MatchKind = Literal["opleiding", "werk", "stage", "leerwerkplek", "dagbesteding"]
PartnerType = Literal["werkgever", "school", "zorgaanbieder", "vrijwilligersorganisatie", "overig"]
EducationLevel = Literal["entree", "mbo1", "mbo2", "mbo3", "mbo4", "havo", "vwo", "hbo"]
WorkKind = Literal["betaald_voltijd", "betaald_deeltijd", "leerwerkbaan"]
ContractKind = Literal["vast", "tijdelijk", "uitzend"]
# Why work ended, and why an education was left without finishing it.
WorkEndReason = Literal[
    "contract_afgelopen", "ontslagen", "zelf_gestopt", "ander_werk", "opleiding_gestart",
    "overig",
]  # fmt: skip
EducationDropReason = Literal[
    "niet_passend", "te_zwaar", "werk_gevonden", "persoonlijke_omstandigheden", "overig"
]
GoalDropReason = Literal["niet_meer_passend", "niet_haalbaar", "begeleiding_afgesloten"]
EndReason = Literal["doel_bereikt", "uitgevallen", "verhuisd", "overgedragen", "overig"]
Destination = Literal["werk", "opleiding", "dagbesteding", "zorg", "vrijwilligerswerk", "geen"]
CareKind = Literal["ggz", "verslavingszorg", "lvb", "overig"]
"""Kept as a code in the command; sealed as special-category data in the event."""
