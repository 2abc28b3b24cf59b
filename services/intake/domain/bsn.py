"""The burgerservicenummer (BSN) check: the elfproef, or eleven test.

A BSN has nine digits d1..d9. Weigh the first eight by 9 down to 2 and the ninth by -1:

    9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9

The number passes when that sum is divisible by 11. `000000000` passes the sum but is no
number anyone holds, so it is refused. The test catches every single mistyped digit and most
swapped pairs; it does not prove the number belongs to anyone (the BRP match does that).
"""

from __future__ import annotations

import re

BSN_LENGTH = 9
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_nine_digits(bsn: str) -> bool:
    """Whether `bsn` is exactly nine ASCII digits (no spaces, dots or other numerals)."""
    return _NINE_DIGITS.fullmatch(bsn) is not None


def elfproef(bsn: str) -> bool:
    """Whether `bsn` is nine digits, not all zeros, and passes the eleven test."""
    if not is_nine_digits(bsn) or set(bsn) == {"0"}:
        return False
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, bsn, strict=True))
    return total % 11 == 0
