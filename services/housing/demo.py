"""Demo housing situations for `make run`, on intake's demo young people.

On the street (first week missed), in shelter, housed with a woontoelage, housed with an
eviction prevented, and rent arrears that turn a JPF young person's debt help into a crisis:
their JPF enrolment opened the debt trajectory (debts' policy 1, waited for here), the eviction
threat recorded below makes it a crisis (debts' policy 2, waited for too).
"""

from __future__ import annotations

import sys

from shared.devstack.seeding import Steps, Stories, WaitFor, days_ago, seed_stories

ON_THE_STREET: Steps = [
    ("/homelessness", {"situation": "dakloos_straat", "since": days_ago(12),
                       "registered_on": days_ago(10)}),
]  # fmt: skip
IN_SHELTER: Steps = [
    ("/homelessness", {"situation": "nachtopvang", "since": days_ago(30),
                       "registered_on": days_ago(25)}),
    ("/postal-address", {"address": "Postbus 12, Den Haag", "arranged_on": days_ago(22)}),
    ("/shelter-admissions", {"shelter_type": "jongerenopvang", "admitted_on": days_ago(24)}),
    ("/housing-plan", {"agreed_on": days_ago(15)}),
]  # fmt: skip
HOUSED_WITH_ALLOWANCE: Steps = [
    ("/homelessness", {"situation": "thuisloos_bankslapen", "since": days_ago(90),
                       "registered_on": days_ago(80)}),
    ("/postal-address", {"address": "Postbus 7, Den Haag", "arranged_on": days_ago(78)}),
    ("/shelter-admissions", {"shelter_type": "crisisopvang", "admitted_on": days_ago(79)}),
    ("/housing-plan", {"agreed_on": days_ago(60)}),
    ("/housing-allowances", {"monthly_amount": 250, "from_on": days_ago(20),
                             "until_on": days_ago(-345)}),
    ("/accommodation-offers", {"form": "kamers_met_aandacht", "offered_on": days_ago(25),
                               "accepted": True}),
    ("/housed", {"form": "kamers_met_aandacht", "tenure": "via_stichting",
                 "from_on": days_ago(20), "address": "Kamerstraat 1, Den Haag"}),
]  # fmt: skip
EVICTION_PREVENTED: Steps = [
    ("/housed", {"form": "zelfstandig", "tenure": "eigen_huurcontract", "from_on": days_ago(400),
                 "address": "Laan 3, Den Haag"}),
    ("/eviction-threats", {"reason": "huurachterstand", "signalled_on": days_ago(14)}),
    ("/eviction-prevention", {"how": "betalingsregeling", "prevented_on": days_ago(3)}),
]  # fmt: skip
RENT_ARREARS: Steps = [
    # the trajectory the JPF enrolment opened
    WaitFor("debts", "schuldhulpverlener", "/debts", field="open", value=True),
    ("/housed", {"form": "kamer", "tenure": "eigen_huurcontract", "from_on": days_ago(300),
                 "address": "Hoogstraat 9, Den Haag"}),
    ("/eviction-threats", {"reason": "huurachterstand", "signalled_on": days_ago(1)}),
    WaitFor("debts", "schuldhulpverlener", "/debts", field="crisis", value=True),  # made a crisis
]  # fmt: skip
STORIES: Stories = {
    "rodeloper": [("op straat", ON_THE_STREET)],
    "dtj": [("in de opvang", IN_SHELTER)],
    "toekomstgesprek": [("gehuisvest met woontoelage", HOUSED_WITH_ALLOWANCE)],
    "jpf": [
        ("huisuitzetting voorkomen", EVICTION_PREVENTED),
        ("huurachterstand: schuldhulp wordt crisis", RENT_ARREARS),
    ],
}

if __name__ == "__main__":
    sys.exit(seed_stories("housing", "woonconsulent", STORIES))
