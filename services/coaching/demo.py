"""Demo coaching for `make run`, on intake's demo young people.

Rode loper young people in every phase (scout, scan, match, borg with work started), one who
relapsed back to the scan, and two toekomstgesprekken, one of which led to work.
"""

from __future__ import annotations

import sys

from shared.devstack.seeding import Steps, Stories, days_ago, seed_stories

COACH = "demo-coach"  # the pseudonym in the demo writer's token: its caseload is theirs
ASSIGN: Steps = [
    ("/coaches", {"coach_id": COACH, "kind": "rodeloper_coach", "from_on": days_ago(28)}),
    ("/phases", {"phase": "scout", "started_on": days_ago(28)}),
]
SCAN: Steps = [
    ("/phases", {"phase": "scan", "started_on": days_ago(21)}),
    ("/talent-scan", {"strengths": ["praktisch", "sportief"], "completed_on": days_ago(16),
                      "obstacles": {"onderwijs": "geen_startkwalificatie",
                                    "financien": "schulden"},
                      "notes": "Wil graag met zijn handen werken"}),
]  # fmt: skip
MATCH: Steps = [
    ("/phases", {"phase": "match", "started_on": days_ago(14)}),
    ("/goals", {"goal_id": "startkwalificatie", "leefgebied": "onderwijs", "set_on": days_ago(14),
                "text": "Een mbo-2 diploma halen", "due_on": days_ago(-300)}),
    ("/matches", {"kind": "leerwerkplek", "partner_type": "werkgever", "start_on": days_ago(7),
                  "made_on": days_ago(10)}),
]  # fmt: skip
BORG: Steps = [
    ("/phases", {"phase": "borg", "started_on": days_ago(6)}),
    ("/work", {"kind": "leerwerkbaan", "contract": "tijdelijk", "started_on": days_ago(7)}),
    ("/goal-achievements", {"goal_id": "startkwalificatie", "achieved_on": days_ago(2)}),
]
RELAPSE: Steps = [
    ("/relapses", {"leefgebied": "justitie", "signalled_on": days_ago(5), "returns_to": "scan"}),
]
FUTURE_CONVERSATION: Steps = [
    ("/coaches", {"coach_id": COACH, "kind": "klantmanager", "from_on": days_ago(40)}),
    ("/future-conversations", {"participants": ["werkbedrijf", "zorg_en_inkomen", "jongere"],
                               "perspective": "werk", "held_on": days_ago(35)}),
    ("/goals", {"goal_id": "sollicitaties", "leefgebied": "werk", "set_on": days_ago(35),
                "text": "Elke week twee sollicitaties"}),
]  # fmt: skip
TO_WORK: Steps = [
    *FUTURE_CONVERSATION,
    ("/work", {"kind": "betaald_deeltijd", "contract": "tijdelijk", "started_on": days_ago(8)}),
    ("/goal-achievements", {"goal_id": "sollicitaties", "achieved_on": days_ago(8)}),
    ("/coaching-end", {"reason": "doel_bereikt", "destination": "werk", "ended_on": days_ago(2)}),
]
# A JPF young person's work goal, serving goal g3 of their toekomstplan (intake's demo).
PLAN_WORK: Steps = [
    ("/coaches", {"coach_id": COACH, "kind": "klantmanager", "from_on": days_ago(30)}),
    ("/goals", {"goal_id": "werk-20-uur", "leefgebied": "werk", "set_on": days_ago(25),
                "text": "Solliciteren bij drie leerwerkbedrijven", "plan_goal_id": "g3"}),
]  # fmt: skip
STORIES: Stories = {
    "jpf": [("doel uit het toekomstplan", PLAN_WORK)],
    "rodeloper": [
        ("scout", ASSIGN),
        ("scan", [*ASSIGN, *SCAN]),
        ("match", [*ASSIGN, *SCAN, *MATCH]),
        ("borg, aan het werk", [*ASSIGN, *SCAN, *MATCH, *BORG]),
        ("terugval naar de scan", [*ASSIGN, *SCAN, *MATCH, *RELAPSE]),
    ],
    "toekomstgesprek": [
        ("toekomstgesprek, aan het werk", TO_WORK),
        ("toekomstgesprek", FUTURE_CONVERSATION),
    ],
}

if __name__ == "__main__":
    sys.exit(seed_stories("coaching", "coach", STORIES))
