"""Scheduled verification at a local clock time: the wait to the next 03:00, DST included."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from shared.audit.periodic import seconds_until
from shared.settings import PlatformSettings

THREE = time(3, 0)


@pytest.mark.parametrize(
    ("now_utc", "hours"),
    [
        (datetime(2026, 12, 2, 1, 0, tzinfo=UTC), 1),  # 02:00 CET: 03:00 is an hour away
        (datetime(2026, 12, 2, 2, 0, tzinfo=UTC), 24),  # 03:00 CET exactly: tomorrow's
        (datetime(2026, 12, 2, 12, 0, tzinfo=UTC), 14),  # 13:00 CET: tonight's
        (datetime(2027, 3, 27, 3, 0, tzinfo=UTC), 22),  # 04:00 CET; 03:00 CEST comes 22 h on
        (datetime(2027, 10, 30, 2, 0, tzinfo=UTC), 24),  # 04:00 CEST; 03:00 CET, 24 h on
    ],
)
def test_the_wait_is_to_the_next_three_o_clock_on_amsterdam_s_clock(now_utc, hours):
    assert seconds_until(THREE, now_utc) == hours * 3600


def test_verify_at_is_a_setting_and_unset_keeps_the_interval(monkeypatch):
    assert PlatformSettings().verify_at is None
    monkeypatch.setenv("VERIFY_AT", "03:00")
    assert PlatformSettings().verify_at == THREE
    monkeypatch.setenv("VERIFY_AT", "25:00")
    with pytest.raises(ValueError, match="verify_at"):
        PlatformSettings()
