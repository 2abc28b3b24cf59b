"""Sign a webhook body so its receiver can tell it came from us, unaltered and recently.

Header: `X-Regie-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`.
The timestamp is signed with the body, so a captured request cannot be replayed later than the
receiver's tolerance; `v1` names the scheme, so a later one can be sent beside it.
While a rotated secret is still valid, the header holds a `v1` for each secret, newest first:
receivers accept the request if any one matches, so they can switch secrets without a gap.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Regie-Signature"
EVENT_ID_HEADER = "X-Regie-Event-Id"
ATTEMPT_HEADER = "X-Regie-Delivery-Attempt"
SCHEME = "v1"
DEFAULT_TOLERANCE_S = 300


def signature_of(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of `<timestamp>.<body>` under the subscription's secret."""
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(secret: str, timestamp: int, body: bytes, *, previous: str | None = None) -> str:
    """The value of the signature header for `body` sent at `timestamp`.

    With `previous` (a rotated secret in its grace period), a second `v1` signs with it too.
    """
    keys = (secret,) if previous is None else (secret, previous)
    signatures = [f"{SCHEME}={signature_of(s, timestamp, body)}" for s in keys]
    return ",".join([f"t={timestamp}", *signatures])


def verify(
    secret: str, header: str, body: bytes, *, now: int, tolerance_s: int = DEFAULT_TOLERANCE_S
) -> bool:
    """Whether `header` signs `body` with `secret`, at a time within `tolerance_s` of `now`."""
    fields = [part.partition("=") for part in header.split(",")]
    stamps = [value for name, _, value in fields if name.strip() == "t"]
    candidates = [value.strip() for name, _, value in fields if name.strip() == SCHEME]
    if len(stamps) != 1 or not stamps[0].strip().isdigit() or not candidates:
        return False
    timestamp = int(stamps[0])
    if abs(now - timestamp) > tolerance_s:
        return False
    expected = signature_of(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
