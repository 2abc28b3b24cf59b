"""Demo data for `make run`: a few young people registered through the real HTTP API."""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from datetime import date

DEMO_YOUTHS = [
    ("Sam de Vries", date(2004, 3, 14), "jpf"),
    ("Noor El Amrani", date(2006, 9, 2), "dtj"),
    ("Jayden Pinas", date(2008, 1, 21), "rodeloper"),
]


def main() -> int:
    """Register the demo youths once (the idempotency key makes reruns harmless)."""
    base = os.environ["REGIE_INTAKE_URL"]
    token = os.environ["REGIE_DEV_TOKEN"]
    for name, born, programma in DEMO_YOUTHS:
        body = {
            "gemeentecode": "0518",
            "programma": programma,
            "full_name": name,
            "date_of_birth": born.isoformat(),
        }
        request = urllib.request.Request(  # noqa: S310 - loopback URL from the launcher
            f"{base}/youths",
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"demo-{name}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            youth = json.loads(response.read())
        print(f"  demo: {name} ({programma}) -> youth {youth['youth_id']}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
