"""Demo data for `make run`: young people in several programmes and states, via the real API.

Referrals, registrations and enrolments are spread over the past year, each fact dated on
its day in the young person's story, so the web view's timelines and report charts have
history to show; most young people consent to share their timeline
(one does not: the web view shows their other domains "afgeschermd"). Every request carries
an idempotency key, so running the seeder twice changes nothing.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.clock import SystemClock

TODAY = SystemClock().today()  # the demo is dated from the day it is seeded
AGO = [(TODAY - timedelta(days=n)).isoformat() for n in range(400)]


@dataclass
class Demo:
    """One young person and how far their story goes."""

    name: str
    born: date
    programma: str
    steps: list[str] = field(default_factory=list)
    # How many days ago they were referred (their story starts there), who referred them,
    # and where they went when they left (for "exit").
    referred: int = 40
    referrer: str = "wijkteam"
    destination: str = "werk"
    left: int | None = None  # how many days ago they left, when not 200 days after referral


def turning_18_in(days: int) -> date:
    """A birth date that makes the young person 18 in about `days` days (never 29 February)."""
    day = TODAY + timedelta(days=days)
    return date(day.year - 18, day.month, min(day.day, 28))


FULL = ["refer", "assess", "enrol", "director", "consent"]
PLAN = ["exchange", "plan"]
DEMO_YOUTHS = [
    Demo("Sam de Vries", date(2004, 3, 14), "jpf", [*FULL, *PLAN], 330, "vroegsignalering"),
    Demo("Noor El Amrani", date(2006, 9, 2), "dtj", [*FULL], 120, "daklozenloket"),
    Demo("Jayden Pinas", date(2008, 1, 21), "rodeloper", []),
    Demo("Lisa Bakker", date(2001, 6, 30), "toekomstgesprek",
         [*FULL, *PLAN, "exit", "followup"], 300, "zelfmelder", "werk"),
    Demo("Mohammed Yilmaz", date(2003, 11, 5), "rodeloper", [*FULL], 250, "werkbedrijf_uwv"),
    Demo("Emma Janssen", date(2005, 2, 17), "jpf", [*FULL, *PLAN], 190, "school_rmc"),
    Demo("Daan Visser", date(2005, 7, 8), "dtj",
         ["refer", "enrol", "director"], 75, "politie_veiligheidshuis"),
    Demo("Fatima Ouali", date(2006, 4, 23), "toekomstgesprek",
         [*FULL, "exit"], 280, "jeugdhulp", "onderwijs"),
    Demo("Kevin Martina", date(2000, 12, 1), "regulier",
         [*FULL, "exit"], 220, "wijkteam", "zorg"),
    Demo("Sanne de Boer", date(2007, 8, 30), "rodeloper", [*FULL], 150, "school_rmc"),
    Demo("Youssef Amrani", date(2004, 5, 12), "jpf", [*FULL, *PLAN], 25, "vroegsignalering"),
    Demo("Ilse Mulder", date(2006, 10, 2), "rodeloper", [*FULL], 200, "wijkteam"),
    Demo("Thomas Kok", date(2004, 1, 19), "rodeloper", [*FULL], 160, "politie_veiligheidshuis"),
    # Turns 18 in four months: the transition plan is asked for (overgangsplan_nodig).
    Demo("Lotte Smit", turning_18_in(120), "rodeloper", [*FULL], 60, "school_rmc"),
    # Left over a year ago: past the demo municipality's retention (one year under `make run`,
    # shared/devstack), so on the destruction list, waiting for the archivaris's approval.
    Demo("Ruben Hoekstra", date(2000, 4, 9), "regulier", [*FULL, "exit"], 399, "wijkteam",
         "werk", left=380),
]  # fmt: skip
# Nazorg after the last exit: Lisa Bakker left 100 days ago and was followed up at three
# months; Fatima Ouali's three-month follow-up falls due in ten days; Kevin Martina left
# twenty days ago.


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
    """The commands behind each step of a demo story, dated from the day of referral."""
    day = demo.referred
    return {
        "assess": (
            f"/youths/{youth}/self-reliance-assessments",
            {"scores": {"wonen": 2, "financien": 1, "werk": 3, "psychische_gezondheid": 2},
             "assessed_on": AGO[max(day - 10, 0)]},
        ),
        "enrol": (
            f"/youths/{youth}/enrolments",
            {"programma": demo.programma, "start_on": AGO[max(day - 14, 0)]},
        ),
        "director": (
            f"/youths/{youth}/director", {"director_id": director, "from_on": AGO[max(day - 15, 0)]}
        ),
        "consent": (
            f"/youths/{youth}/consents",
            {"purpose": "tijdlijn_delen", "leefgebieden": ["financien", "wonen", "werk"],
             "given_on": AGO[max(day - 16, 0)]},
        ),
        # Sharing the young person's own words with the professionals around them is an
        # exchange of data: the plan's goal texts open on this consent (GET /youths/{id}/plan).
        "exchange": (
            f"/youths/{youth}/consents",
            {"purpose": "gegevens_uitwisselen", "leefgebieden": ["financien", "wonen", "werk"],
             "given_on": AGO[max(day - 30, 0)]},
        ),
        "plan": (
            f"/youths/{youth}/future-plan",
            {"plan_id": "plan-1", "agreed_on": AGO[max(day - 30, 0)], "with_network": True,
             "goals": [{"goal_id": "g1", "leefgebied": "financien",
                        "owner": "demo-schuldhulpverlener",
                        "due_on": (TODAY + timedelta(days=90)).isoformat()},
                       {"goal_id": "g2", "leefgebied": "wonen", "owner": "demo-woonconsulent",
                        "due_on": (TODAY + timedelta(days=60)).isoformat()},
                       {"goal_id": "g3", "leefgebied": "werk", "owner": "demo-coach",
                        "due_on": (TODAY + timedelta(days=120)).isoformat()}],
             "goal_texts": {"g1": "Schulden op een rij", "g2": "Een eigen kamer",
                            "g3": "Een baan voor minstens twintig uur"}},
        ),
        "exit": (
            f"/youths/{youth}/exits",
            {"programma": demo.programma, "reason": "doel_bereikt",
             "destination": demo.destination,
             "exit_on": AGO[demo.left if demo.left is not None else max(day - 200, 1)]},
        ),
        "followup": (
            f"/youths/{youth}/follow-ups",
            {"month": 3, "followed_up_on": AGO[max(day - 290, 1)], "still_housed": True,
             "in_work": True, "in_education": False, "debt_free": False, "in_contact": True,
             "relapsed": False},
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
        referral: dict[str, object] = {}
        if "refer" in demo.steps:
            referral = client.post(
                "/referrals",
                {"referrer_type": demo.referrer, "programma": demo.programma,
                 "leefgebieden": ["financien", "wonen"], "received_on": AGO[demo.referred]},
                key=f"demo-{demo.name}-refer",
            )  # fmt: skip
        registered = client.post(
            "/youths",
            {"gemeentecode": "0518", "programma": demo.programma, "full_name": demo.name,
             "date_of_birth": demo.born.isoformat(), "registered_on": registered_on(demo),
             **_referred_id(referral)},
            key=f"demo-{demo.name}",
        )  # fmt: skip
        youth = str(registered.get("youth_id", ""))
        for step in (s for s in demo.steps if s != "refer"):
            path, body = steps(youth, demo, director)[step]
            client.post(path, body, key=f"demo-{demo.name}-{step}")
        story = ", ".join(demo.steps) or "registered"
        print(f"  demo: {demo.name} ({demo.programma}: {story}) -> youth {youth}")  # noqa: T201


def registered_on(demo: Demo) -> str:
    """The day of registration in the story: two days after the referral (today at the latest)."""
    return AGO[max(demo.referred - 2, 0)]


def _referred_id(referral: dict[str, object]) -> dict[str, object]:
    """Register the referred young person under their referral's id (a rerun has none)."""
    return {"youth_id": referral["youth_id"]} if referral.get("youth_id") else {}


if __name__ == "__main__":
    sys.exit(main())
