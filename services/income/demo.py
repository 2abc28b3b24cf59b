"""Demo income for `make run`, on intake's demo young people.

Three young people on bijstand: one for three months (the search period waived: homeless), one
for two and a half years under the kostendelersnorm (the toekomstgesprek's selection, `GET
/benefits?longer_than=P2Y`, finds exactly this one), and one whose benefit ended for work.
The last two had a search period of four weeks, started long ago: its timer (timers.py) ends
it on its term, at once, and the story waits for that before the grant.
"""

from __future__ import annotations

import sys

from shared.devstack.seeding import Steps, Stories, WaitFor, days_ago, seed_stories

# The search period's timer ended it on its term (its four weeks were over before it started).
ENDED_BY_ITS_TIMER = WaitFor("income", "inkomensconsulent", "/income", "search", "beeindigd")
THREE_MONTHS: Steps = [
    ("/benefit-applications", {"applied_on": days_ago(95)}),
    ("/search-period-waiver", {"reason": "dakloosheid", "waived_on": days_ago(94)}),
    ("/benefit-grant", {"norm": "alleenstaand", "monthly_amount": 1_150,
                        "granted_on": days_ago(92), "from_on": days_ago(92)}),
    ("/allowance-applications", {"kind": "zorgtoeslag", "applied_on": days_ago(90)}),
    ("/allowance-grant", {"kind": "zorgtoeslag", "monthly_amount": 123,
                          "granted_on": days_ago(60)}),
]  # fmt: skip
TWO_AND_A_HALF_YEARS: Steps = [
    ("/benefit-applications", {"applied_on": days_ago(945)}),
    ("/search-period", {"started_on": days_ago(945)}),
    ENDED_BY_ITS_TIMER,  # on days_ago(917)
    ("/benefit-grant", {"norm": "kostendeler", "cost_sharers": 2, "monthly_amount": 690,
                        "granted_on": days_ago(915), "from_on": days_ago(913)}),
    ("/allowance-applications", {"kind": "huurtoeslag", "applied_on": days_ago(900)}),
    ("/allowance-refusal", {"kind": "huurtoeslag", "reason": "huur_te_hoog",
                            "refused_on": days_ago(870)}),
]  # fmt: skip
ENDED_FOR_WORK: Steps = [
    ("/benefit-applications", {"applied_on": days_ago(400)}),
    ("/search-period", {"started_on": days_ago(400)}),
    ENDED_BY_ITS_TIMER,  # on days_ago(372)
    ("/benefit-grant", {"norm": "alleenstaand", "monthly_amount": 1_150,
                        "granted_on": days_ago(370), "from_on": days_ago(372)}),
    ("/income-from-work", {"amount": 640, "received_on": days_ago(130)}),
    ("/benefit-end", {"reason": "werk", "ended_on": days_ago(100)}),
]  # fmt: skip
STORIES: Stories = {
    "dtj": [("drie maanden in de bijstand", THREE_MONTHS)],
    "toekomstgesprek": [
        ("tweeënhalf jaar in de bijstand", TWO_AND_A_HALF_YEARS),
        ("bijstand beëindigd: werk", ENDED_FOR_WORK),
    ],
}

if __name__ == "__main__":
    sys.exit(seed_stories("income", "inkomensconsulent", STORIES))
