"""What counts as "the same young person" for the duplicate check: normalised values, pure.

The blind index (`services/intake/blind_index.py`) keys an HMAC over these values; this module
only says what is compared, so a test can read the rule without a key or a database.

A name is compared after:

- Unicode compatibility decomposition, then dropping the accents (combining marks): "Zoë" and
  "Zoe" match;
- case folding: "DE VRIES" and "de vries" match;
- every run of characters that are not letters or digits (spaces, hyphens, dots, apostrophes)
  becoming one space: "Jansen-de Vries" and "Jansen de  Vries" match;
- sorting the words: the order of the name's parts does not matter, so "de Vries, Sam" and
  "Sam de Vries" match (the tussenvoegsel included).

Nothing cleverer (no phonetics, no initials, no typo tolerance): a match is a likely duplicate
for a person to check, and a miss costs no more than today. The birth date is compared exactly;
the BSN as its nine digits.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from services.intake.domain.vocabulary import DuplicateMatch

_NOT_A_WORD = re.compile(r"[\W_]+")


def normalised_name(full_name: str) -> str:
    """The name as compared: no accents, case folded, its words sorted and single-spaced."""
    decomposed = unicodedata.normalize("NFKD", full_name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NOT_A_WORD.sub(" ", bare.casefold()).split()
    return " ".join(sorted(words))


def name_and_birth_date(full_name: str, date_of_birth: date) -> str:
    """The value indexed for a registration: normalised name and ISO birth date."""
    return f"{normalised_name(full_name)}|{date_of_birth.isoformat()}"


def bsn_value(bsn: str) -> str:
    """The value indexed for an identity verification: the BSN's digits."""
    return "".join(c for c in bsn if c.isdigit())


def message(kind: DuplicateMatch, value: str) -> bytes:
    """What the index's HMAC is taken over: the kind of match, then the value."""
    return f"{kind}\x00{value}".encode()
