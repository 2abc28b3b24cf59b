"""How the demo municipality's young people reach their workers: `make run`'s TIMELINE_CONTACTS.

Teams and organisations, never a person (services/timeline/contacts.py validates them at the
timeline's start); example addresses and numbers, not real ones.
"""

from __future__ import annotations

import json
from typing import Final

DEMO_CONTACTS: Final[dict[str, dict[str, dict[str, str]]]] = {
    "0518": {
        "regisseur": {
            "naam": "Jongerenteam Den Haag",
            "telefoon": "070 353 10 00",
            "email": "jongerenteam@denhaag.example",
            "bereikbaar": "Maandag tot en met vrijdag, 9.00 tot 17.00 uur",
        },
        "schuldhulpverlener": {
            "naam": "Schuldhulp Den Haag",
            "telefoon": "070 353 20 00",
            "email": "schuldhulp@denhaag.example",
            "bereikbaar": "Maandag tot en met donderdag, 9.00 tot 12.00 uur",
        },
        "woonconsulent": {
            "naam": "Woonloket jongeren",
            "telefoon": "070 353 30 00",
            "email": "wonen@denhaag.example",
            "bereikbaar": "Elke werkdag, 10.00 tot 16.00 uur",
        },
        "coach": {
            "naam": "Jongerencoaches Den Haag",
            "telefoon": "070 353 40 00",
            "bereikbaar": "Elke werkdag, ook via WhatsApp",
        },
        "klantmanager": {
            "naam": "Werkplein Den Haag",
            "telefoon": "070 353 50 00",
            "email": "werkplein@denhaag.example",
        },
        "inkomensconsulent": {
            "naam": "Team Inkomen",
            "telefoon": "070 353 60 00",
            "bereikbaar": "Maandag tot en met vrijdag, 9.00 tot 13.00 uur",
        },
    }
}

DEMO_CONTACTS_JSON: Final = json.dumps(DEMO_CONTACTS)
