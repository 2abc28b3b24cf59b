"""How long a failed delivery waits before its next attempt: exponential, capped, jittered."""

from __future__ import annotations


def retry_delay(attempt: int, *, base_s: float, cap_s: float, jitter: float, draw: float) -> float:
    """The wait after failed attempt number `attempt` (1 is the first), in seconds.

    Doubles from `base_s` up to `cap_s`; then `draw` (uniform in [0, 1)) takes up to `jitter`
    of it off, so many deliveries that failed together (a receiver that was down) spread out
    instead of coming back as one burst.
    """
    if attempt < 1:
        raise ValueError("attempts count from 1")
    # min() before the power would overflow for a large attempt number; 2**63 is plenty.
    exponential = base_s * 2.0 ** min(attempt - 1, 63)
    return min(cap_s, exponential) * (1.0 - jitter * draw)
