"""Demo worklist for `make run`: the regisseur has already dealt with one signal.

Runs after every domain's seeder: by then the domains' durable timers have recorded the
deadlines the demo stories missed (a crisis's first debt conversation, a first week on the
street, toekomstplannen not agreed within six weeks), and the timeline has raised signals for
them. The regisseur acknowledges the first missed one, with a note, so the Signalen page shows
open, missed and acknowledged signals side by side.

Then a second municipality (0599) registers young people in the dtj programme through
intake's API: eight last month beside the demo municipality's few, three the month before, so
the programme monitor's comparison (/ui/vergelijking) shows an exact count beside a protected
"<5" once both municipalities have published their figures (every few seconds under `make
run`).
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

from services.timeline.signals.rules import MISSED
from shared.auth import AuthSettings, mint_token
from shared.clock import SystemClock
from shared.devstack.seeding import GEMEENTE, own_youths

DIRECTOR = "dev-regisseur"  # the subject of the development token, so the web view shows it
NOTE = "Opgepakt: met de jongere besproken, de nieuwe afspraak staat in de agenda."
WAIT_S = 90.0
SECOND_GEMEENTE = "0599"  # Rotterdam, beside the demo municipality in the dtj programme
PROGRAMME = "dtj"


def _call(url: str, token: str, body: dict[str, object] | None = None, key: str = "") -> object:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(  # noqa: S310 - loopback URL from the launcher
        url, data=json.dumps(body).encode() if body is not None else None, headers=headers
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def _missed(timeline: str, token: str, own: set[str] | None) -> list[dict[str, object]]:
    """The regisseur's open signals of urgency 1 (late or blocked), of the demo's young people."""
    page = _call(f"{timeline}/signals?urgency=1&state=open&state=erkend&per_page=100", token)
    items = page.get("items", []) if isinstance(page, dict) else []
    return [s for s in items if isinstance(s, dict) and (own is None or s["youth_id"] in own)]


def seed(timeline: str) -> str:
    """Acknowledge one missed deadline (once: an acknowledged one is left as it is)."""
    token = mint_token(AuthSettings(), subject=DIRECTOR, roles=["regisseur"], gemeentecode=GEMEENTE)
    own = own_youths()
    deadline = time.monotonic() + WAIT_S
    while True:
        found = _missed(timeline, token, own)
        if any(s.get("state") == "erkend" for s in found):
            return "a signal was acknowledged before"
        missed = [s for s in found if s.get("kind") == MISSED] or found
        if missed:
            signal = missed[0]
            _call(f"{timeline}/signals/{signal['signal_id']}/acknowledge", token, {"note": NOTE})
            return f"acknowledged {signal['kind']} of {signal['youth_id']}"
        if time.monotonic() > deadline:
            raise OSError(f"no missed deadline showed on the worklist within {WAIT_S:.0f} s")
        time.sleep(1.0)


def _second_registrations(today: date) -> list[date]:
    """Eight registrations last month and three the month before, on distinct days."""
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    before = (last_month - timedelta(days=1)).replace(day=1)
    return [last_month + timedelta(days=n) for n in range(8)] + [
        before + timedelta(days=n) for n in range(3)
    ]


def seed_second_municipality(intake: str) -> str:
    """Young people of 0599 in dtj, registered and enrolled; idempotent (keyed requests)."""
    token = mint_token(
        AuthSettings(), subject="demo-intake-0599", roles=["intake"], gemeentecode=SECOND_GEMEENTE
    )
    days = _second_registrations(SystemClock().today())
    for n, day in enumerate(days):
        born = date(2003, 1 + n % 12, 1 + n)
        registered = _call(
            f"{intake}/youths", token,
            {"gemeentecode": SECOND_GEMEENTE, "programma": PROGRAMME,
             "full_name": f"Jongere {n + 1} Rotterdam", "date_of_birth": born.isoformat(),
             "registered_on": day.isoformat()},
            key=f"demo-0599-{n}",
        )  # fmt: skip
        youth = registered.get("youth_id") if isinstance(registered, dict) else None
        if youth:
            _call(f"{intake}/youths/{youth}/enrolments", token,
                  {"programma": PROGRAMME, "start_on": day.isoformat()},
                  key=f"demo-0599-{n}-enrol")  # fmt: skip
    return f"{len(days)} young people in {PROGRAMME} registered in {SECOND_GEMEENTE}"


def main() -> int:
    """Seed; a failure is one line on stderr and exit code 1."""
    try:
        print(f"  demo: timeline: {seed(os.environ['REGIE_TIMELINE_URL'])}")  # noqa: T201
        second = seed_second_municipality(os.environ["REGIE_INTAKE_URL"])
        print(f"  demo: timeline: {second}")  # noqa: T201
    except (urllib.error.URLError, OSError, KeyError) as error:
        print(f"demo timeline: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
