"""Codes of the housing domain (research §3.3.3, GGM Dakloosheid, Actieprogramma DTJ)."""

from __future__ import annotations

from typing import Literal

Situation = Literal["dakloos_straat", "nachtopvang", "thuisloos_bankslapen", "uit_instelling"]
ShelterType = Literal[
    "crisisopvang", "nachtopvang", "jongerenopvang", "begeleid_wonen", "beschermd_wonen"
]
HousingForm = Literal[
    "zelfstandig", "kamer", "gemengd_wonen", "kamers_met_aandacht", "begeleid", "beschermd"
]
Tenure = Literal["eigen_huurcontract", "via_stichting", "hospita"]
AllowanceReason = Literal["geen_huurtoeslag"]
# Why a woontoelage ends before its period does: it stood in for a huurtoeslag, now granted.
AllowanceEndReason = Literal["huurtoeslag_toegekend"]
EvictionReason = Literal["huurachterstand", "overlast", "woonfraude", "overig"]
PreventionHow = Literal["betalingsregeling", "tweede_kans", "moratorium"]
HousingEndReason = Literal["verhuisd", "huur_opgezegd", "uitgezet", "overleden", "overig"]
# What stands open when the young person leaves their programme: no exit can close it.
OpenAtExit = Literal["huisuitzetting_dreigt", "in_opvang", "dakloos"]
# What the first week is to bring: a roof (shelter or home) and a postal address (briefadres).
FirstWeekNeed = Literal["dak", "briefadres"]

# Actieprogramma DTJ: within the first week a roof and a postal address; within six weeks a plan.
FIRST_WEEK_DAYS = 7
PLAN_DAYS = 42
MAX_MONTHLY_EUROS = 5_000
