"""Demo debt trajectories for `make run`, on intake's demo young people.

A finished Jongeren Perspectief Fonds case (debt-free), a crisis whose Wgs deadline has
passed, and an inventory under way.
"""

from __future__ import annotations

import sys

from shared.devstack.seeding import Steps, Stories, days_ago, seed_stories

FINISHED_JPF: Steps = [
    ("/debt-help", {"requested_on": days_ago(50), "plan_goal_id": "g1", "programma": "jpf"}),
    ("/first-conversation", {"held_on": days_ago(45)}),
    ("/debts", {"debt_id": "d1", "creditor_type": "overig", "creditor_name": "Incasso BV",
                "amount": 6200, "recorded_on": days_ago(40)}),
    ("/debts", {"debt_id": "d2", "creditor_type": "zorg", "creditor_name": "Zorgverzekeraar",
                "amount": 1450, "recorded_on": days_ago(40)}),
    ("/inventory", {"total": 7650, "completed_on": days_ago(38)}),
    ("/settlement-proposals", {"solution_kind": "saneringskrediet", "proposed_on": days_ago(35)}),
    ("/creditor-responses", {"debt_id": "d1", "response": "akkoord", "responded_on": days_ago(30)}),
    ("/creditor-responses", {"debt_id": "d2", "response": "akkoord", "responded_on": days_ago(29)}),
    ("/counterpart", {"kind": "maatschappelijke_stage", "hours": 60, "agreed_on": days_ago(28)}),
    ("/fund-takeover", {"total_bought": 4000, "written_off": 2500, "taken_over_on": days_ago(25)}),
    ("/counterpart-hours", {"hours": 60, "logged_on": days_ago(5)}),
    ("/counterpart-completion", {"completed_on": days_ago(4)}),
    ("/settlement", {"solution_kind": "saneringskrediet", "amount_settled": 1500,
                     "settled_on": days_ago(2)}),
]  # fmt: skip
LATE_CRISIS: Steps = [
    ("/debt-help", {"requested_on": days_ago(7), "crisis": True, "crisis_trigger": "ontruiming"}),
]
INVENTORY: Steps = [
    ("/debt-help", {"requested_on": days_ago(12)}),
    ("/first-conversation", {"held_on": days_ago(8)}),
    ("/debts", {"debt_id": "d1", "creditor_type": "publiek", "creditor_name": "Belastingdienst",
                "amount": 830, "recorded_on": days_ago(3)}),
]  # fmt: skip
STORIES: Stories = {
    "jpf": [("fonds, schuldenvrij", FINISHED_JPF)],
    "dtj": [("crisis, te laat", LATE_CRISIS)],
    "rodeloper": [("inventarisatie", INVENTORY)],
}

if __name__ == "__main__":
    sys.exit(seed_stories("debts", "schuldhulpverlener", STORIES))
