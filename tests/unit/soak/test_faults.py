"""The soak's fault schedule: every fault once, inside the run, never two at one moment."""

from __future__ import annotations

import pytest

from soak.faults import BROKER, KILL, PAUSE, POSTGRES, schedule

SERVICES = ["intake", "timeline", "coaching", "debts", "housing", "income", "notifications"]


def test_every_service_is_killed_once_and_each_server_fails_once():
    planned = schedule(1200, SERVICES, "timeline")
    kills = [p.target for p in planned if p.kind == KILL]
    assert sorted(kills) == sorted(SERVICES)
    assert [p.kind for p in planned if p.kind != KILL] == [POSTGRES, PAUSE, BROKER]


@pytest.mark.parametrize("minutes", [2, 20, 60])
def test_faults_fall_between_the_warm_up_and_the_quiet_end_in_order(minutes):
    duration = minutes * 60
    moments = [p.at for p in schedule(duration, SERVICES, "timeline")]
    assert moments == sorted(moments)
    assert len(set(moments)) == len(moments)
    assert moments[0] >= max(10, duration / 10)
    assert moments[-1] <= min(duration * 0.6, duration - 20)


def test_the_heavy_faults_are_spread_among_the_kills_not_bunched_at_the_end():
    kinds = [p.kind for p in schedule(1200, SERVICES, "timeline")]
    positions = [kinds.index(k) for k in (POSTGRES, PAUSE, BROKER)]
    assert positions[0] < len(kinds) // 2
    assert positions[-1] < len(kinds) - 1


def test_only_the_kinds_asked_for():
    planned = schedule(120, SERVICES, "timeline", kinds=(BROKER,))
    assert [(p.kind, p.target, p.name) for p in planned] == [(BROKER, BROKER, "restart broker")]
    assert {p.name for p in schedule(120, ["debts"], "timeline", kinds=(KILL, PAUSE))} == {
        "kill -9 debts",
        "pause timeline",
    }
