"""Demo data for `make run`: young people in several programmes and states, via the real API.

Every request carries an idempotency key, so running the seeder twice changes nothing.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta

TODAY = date.today()  # noqa: DTZ011 - the municipality's calendar day
AGO = [(TODAY - timedelta(days=n)).isoformat() for n in range(60)]


@dataclass
class Demo:
    """One young person and how far their story goes."""

    name: str
    born: date
    programma: str
    steps: list[str] = field(default_factory=list)


DEMO_YOUTHS = [
    Demo("Sam de Vries", date(2004, 3, 14), "jpf", ["assess", "enrol", "director", "plan"]),
    Demo("Noor El Amrani", date(2006, 9, 2), "dtj", ["assess", "enrol", "director"]),
    Demo("Jayden Pinas", date(2008, 1, 21), "rodeloper", []),
    Demo(
        "Lisa Bakker", date(2001, 6, 30), "toekomstgesprek", ["enrol", "director", "plan", "exit"]
    ),
    Demo("Mohammed Yilmaz", date(2005, 11, 3), "rodeloper", ["assess", "enrol", "director"]),
    Demo("Daan Visser", date(2007, 4, 18), "rodeloper", ["enrol", "director"]),
    Demo("Emma Jansen", date(2003, 2, 9), "rodeloper", ["assess", "enrol", "director", "plan"]),
    Demo("Kevin Martina", date(2002, 8, 27), "rodeloper", ["enrol", "director"]),
    Demo("Fatima Benali", date(2004, 12, 1), "toekomstgesprek", ["enrol", "director"]),
]


class SeedError(RuntimeError):
    """The API refused a demo command; the message says which and why."""


class Client:
    """The intake API with the development token."""

    def __init__(self, base: str, token: str) -> None:
        """Talk to `base` as the holder of `token`."""
        self.base = base
        self.token = token

    def post(self, path: str, body: dict[str, object], key: str) -> dict[str, object]:
        """POST with an idempotency key; a 409 (already done) counts as done."""
        request = urllib.request.Request(  # noqa: S310 - loopback URL from the launcher
            f"{self.base}{path}",
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
                answer: dict[str, object] = json.loads(response.read())
                return answer
        except urllib.error.HTTPError as error:
            if error.code == 409:  # noqa: PLR2004 - HTTP Conflict: done before
                return {}
            reason = error.read().decode(errors="replace")[:300]
            raise SeedError(f"POST {path} answered {error.code}: {reason}") from error


def steps(youth: str, demo: Demo, director: str) -> dict[str, tuple[str, dict[str, object]]]:
    """The commands behind each step of a demo story."""
    return {
        "assess": (
            f"/youths/{youth}/self-reliance-assessments",
            {"scores": {"wonen": 2, "financien": 1, "werk": 3, "psychische_gezondheid": 2},
             "assessed_on": AGO[20]},
        ),
        "enrol": (
            f"/youths/{youth}/enrolments", {"programma": demo.programma, "start_on": AGO[30]}
        ),
        "director": (f"/youths/{youth}/director", {"director_id": director, "from_on": AGO[29]}),
        "plan": (
            f"/youths/{youth}/future-plan",
            {"plan_id": "plan-1", "agreed_on": AGO[10], "with_network": True,
             "goals": [{"goal_id": "g1", "leefgebied": "financien", "owner": director,
                        "due_on": (TODAY + timedelta(days=90)).isoformat()},
                       {"goal_id": "g2", "leefgebied": "wonen", "owner": director,
                        "due_on": (TODAY + timedelta(days=60)).isoformat()}],
             "goal_texts": {"g1": "Schulden op een rij", "g2": "Een eigen kamer"}},
        ),
        "exit": (
            f"/youths/{youth}/exits",
            {"programma": demo.programma, "reason": "doel_bereikt", "destination": "werk",
             "exit_on": AGO[1]},
        ),
    }  # fmt: skip


def main() -> int:
    """Seed the demo young people; a refusal is one line on stderr and exit code 1."""
    try:
        seed(Client(os.environ["REGIE_INTAKE_URL"], os.environ["REGIE_DEV_TOKEN"]))
    except (SeedError, OSError) as error:
        print(f"demo: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 1
    return 0


def seed(client: Client) -> None:
    """Register each demo young person and walk them through their story."""
    director = os.environ.get("REGIE_DEV_DIRECTOR", "dev-regisseur")
    for demo in DEMO_YOUTHS:
        registered = client.post(
            "/youths",
            {"gemeentecode": "0518", "programma": demo.programma, "full_name": demo.name,
             "date_of_birth": demo.born.isoformat()},
            key=f"demo-{demo.name}",
        )  # fmt: skip
        youth = str(registered.get("youth_id", ""))
        for step in demo.steps:
            path, body = steps(youth, demo, director)[step]
            client.post(path, body, key=f"demo-{demo.name}-{step}")
        story = ", ".join(demo.steps) or "registered"
        print(f"  demo: {demo.name} ({demo.programma}: {story}) -> youth {youth}")  # noqa: T201


if __name__ == "__main__":
    sys.exit(main())
