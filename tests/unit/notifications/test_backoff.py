"""The wait between attempts: doubling from the base, capped, with jitter taken off."""

import pytest

from services.notifications.backoff import retry_delay


def test_without_jitter_the_wait_doubles_until_the_cap():
    """Attempts 1..8 with base 30 s and cap 1 h: 30, 60, ... then 3600 from attempt 8 on."""
    delays = [retry_delay(n, base_s=30, cap_s=3600, jitter=0.25, draw=0.0) for n in range(1, 10)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_jitter_takes_off_at_most_its_fraction():
    """A draw of 0.999 with jitter 0.25 takes just under a quarter off; never below 75 %."""
    assert retry_delay(3, base_s=1, cap_s=100, jitter=0.25, draw=0.5) == pytest.approx(3.5)
    lowest = retry_delay(3, base_s=1, cap_s=100, jitter=0.25, draw=0.999)
    assert 3.0 < lowest < 3.01


def test_a_huge_attempt_number_stays_at_the_cap():
    """No overflow for a delivery retried very many times (a requeue resets, but still)."""
    assert retry_delay(10_000, base_s=2, cap_s=60, jitter=0, draw=0.7) == 60


def test_attempts_count_from_one():
    """Attempt 0 is a programming error, not a zero wait."""
    with pytest.raises(ValueError, match="from 1"):
        retry_delay(0, base_s=1, cap_s=2, jitter=0, draw=0)
