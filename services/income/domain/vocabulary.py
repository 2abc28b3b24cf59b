"""Codes of the income domain (Participatiewet, seeds toekomstgesprek and gezamenlijke aanpak)."""

from __future__ import annotations

from typing import Literal

# The benefit this domain records: general assistance under the Participatiewet.
Regeling = Literal["participatiewet_bijstand"]
# Bijstandsnorm: single, or a cost-sharer (kostendelersnorm) sharing the home with others.
Norm = Literal["alleenstaand", "kostendeler"]
BenefitRefusalReason = Literal[
    "voldoende_inkomen",
    "vermogen_boven_grens",
    "geen_medewerking",
    "zoektermijn_niet_benut",
    "woonplaats_elders",
    "anders",
]
SuspensionReason = Literal[
    "inlichtingen_ontbreken", "verblijf_onbekend", "detentie", "onderzoek", "anders"
]
BenefitEndReason = Literal["werk", "opleiding", "verhuisd", "ander_inkomen", "detentie", "anders"]
# What a suspension or end says in clear: detention is criminal-law data (AVG art. 10), so it
# reads `anders` there; the exact reason travels sealed (as intake's justice referrers do).
ClearSuspensionReason = Literal[
    "inlichtingen_ontbreken", "verblijf_onbekend", "onderzoek", "anders"
]
ClearBenefitEndReason = Literal["werk", "opleiding", "verhuisd", "ander_inkomen", "anders"]
JUSTICE_REASONS: dict[str, Literal["anders"]] = {"detentie": "anders"}
# Maatwerk: why the four-week search period is waived (never a health code: that is SPD).
WaiverReason = Literal["dakloosheid", "problematische_schulden", "kwetsbare_situatie", "anders"]
AllowanceKind = Literal["huurtoeslag", "zorgtoeslag", "studiefinanciering", "woontoelage"]
AllowanceRefusalReason = Literal[
    "inkomen_te_hoog", "huur_te_hoog", "niet_ingeschreven", "aanvraag_onvolledig", "anders"
]

# The search period (zoektermijn) for an applicant under 27: four weeks (Participatiewet 41.4).
SEARCH_PERIOD_DAYS = 28
MAX_MONTHLY_EUROS = 5_000
MAX_COST_SHARERS = 20
