"""Demo debt trajectories for `make run`, on intake's demo young people, via the real APIs.

It finds the young people through intake's HTTP API (services never import each other) and
tells a story per programme: a finished Jongeren Perspectief Fonds case (debt-free), a crisis
whose Wgs deadline has passed, and an inventory under way. Idempotency keys make reruns safe.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from datetime import date, timedelta

from shared.auth import AuthSettings, mint_token

TODAY = date.today()  # noqa: DTZ011 - the municipality's calendar day


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


FINISHED_JPF: list[tuple[str, dict[str, object]]] = [
    ("/debt-help", {"requested_on": _day(50)}),
    ("/first-conversation", {"held_on": _day(45)}),
    ("/debts", {"debt_id": "d1", "creditor_type": "overig", "creditor_name": "Incasso BV",
                "amount": 6200, "recorded_on": _day(40)}),
    ("/debts", {"debt_id": "d2", "creditor_type": "zorg", "creditor_name": "Zorgverzekeraar",
                "amount": 1450, "recorded_on": _day(40)}),
    ("/inventory", {"total": 7650, "completed_on": _day(38)}),
    ("/settlement-proposals", {"solution_kind": "saneringskrediet", "proposed_on": _day(35)}),
    ("/creditor-responses", {"debt_id": "d1", "response": "akkoord", "responded_on": _day(30)}),
    ("/creditor-responses", {"debt_id": "d2", "response": "akkoord", "responded_on": _day(29)}),
    ("/counterpart", {"kind": "maatschappelijke_stage", "hours": 60, "agreed_on": _day(28)}),
    ("/fund-takeover", {"total_bought": 4000, "written_off": 2500, "taken_over_on": _day(25)}),
    ("/counterpart-hours", {"hours": 60, "logged_on": _day(5)}),
    ("/counterpart-completion", {"completed_on": _day(4)}),
    ("/settlement", {"solution_kind": "saneringskrediet", "amount_settled": 1500,
                     "settled_on": _day(2)}),
]  # fmt: skip
LATE_CRISIS: list[tuple[str, dict[str, object]]] = [
    ("/debt-help", {"requested_on": _day(7), "crisis": True, "crisis_trigger": "ontruiming"}),
]
INVENTORY: list[tuple[str, dict[str, object]]] = [
    ("/debt-help", {"requested_on": _day(12)}),
    ("/first-conversation", {"held_on": _day(8)}),
    ("/debts", {"debt_id": "d1", "creditor_type": "publiek", "creditor_name": "Belastingdienst",
                "amount": 830, "recorded_on": _day(3)}),
]  # fmt: skip
Steps = list[tuple[str, dict[str, object]]]
STORIES: dict[str, tuple[str, Steps]] = {
    "jpf": ("fonds, schuldenvrij", FINISHED_JPF),
    "dtj": ("crisis, te laat", LATE_CRISIS),
    "rodeloper": ("inventarisatie", INVENTORY),
}


def _call(url: str, token: str, body: dict[str, object] | None = None, key: str = "") -> object:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def main() -> int:
    """Seed one trajectory per story; a refusal is one line on stderr and exit code 1."""
    intake, debts = os.environ["REGIE_INTAKE_URL"], os.environ["REGIE_DEBTS_URL"]
    settings = AuthSettings()
    reader = mint_token(settings, subject="demo", roles=["intake"], gemeentecode="0518")
    counsellor = mint_token(
        settings, subject="demo-shv", roles=["schuldhulpverlener"], gemeentecode="0518"
    )
    try:
        youths = _call(f"{intake}/youths?limit=200", reader)
        for item in youths["items"]:  # type: ignore[index]
            story = STORIES.get(item["programma"])
            if story is None:
                continue
            label, steps = story
            for n, (path, body) in enumerate(steps):
                url = f"{debts}/youths/{item['youth_id']}{path}"
                _call(url, counsellor, body, key=f"demo-debts-{item['youth_id']}-{n}")
            print(f"  demo: debts of {item['youth_id']} ({label})")  # noqa: T201
    except (urllib.error.URLError, OSError, KeyError) as error:
        print(f"demo debts: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
