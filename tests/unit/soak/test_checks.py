"""The soak's judgement of what it saw: each check fails on what it must catch.

Built on recorded requests, faults and samples; the checks that read the servers are run by
the soak itself (tests/e2e/test_soak.py).
"""

from __future__ import annotations

from soak.checks import CATCH_UP_S, GRACE_S, _catch_up, _errors, _memory
from soak.load import Load
from soak.model import Fault, Request, Sample
from soak.run import Soak


def soak_with(requests=(), faults=(), samples=()) -> Soak:
    soak = Soak(minutes=2, stories_per_s=1, reads_per_s=1, pause_s=10)
    soak.load = Load({}, lambda: 0.0, 1, 1, "t", requests=list(requests))
    soak.faults = list(faults)
    soak.samples = list(samples)
    return soak


def test_a_5xx_inside_its_services_fault_window_is_allowed_and_outside_it_is_not():
    fault = Fault("kill -9 debts", ("debts",), started=10, ended=20)
    inside = Request(at=19, service="debts", kind="command debt-help", status=500, seconds=0.5)
    assert _errors(soak_with([inside], [fault])).passed
    later = Request(at=20 + GRACE_S + 1, service="debts", kind="c", status=503, seconds=0.1)
    other = Request(at=15, service="housing", kind="c", status=500, seconds=0.1)
    refused = _errors(soak_with([inside, later, other], [fault]))
    assert not refused.passed
    assert "2 outside" in refused.detail


def test_a_call_unanswered_outside_any_window_fails_and_a_4xx_never_does():
    lost = Request(at=100, service="intake", kind="command youths", status=0, seconds=10)
    assert not _errors(soak_with([lost])).passed
    assert _errors(soak_with([Request(100, "intake", "x", 422, 0.1)])).passed


def test_a_call_sent_before_a_fault_and_answered_in_it_is_judged_by_its_answer():
    fault = Fault("restart postgres", ("intake",), started=30, ended=33)
    slow = Request(at=28, service="intake", kind="command youths", status=500, seconds=3)
    assert _errors(soak_with([slow], [fault])).passed


def test_catch_up_fails_when_a_fault_never_caught_up_or_too_late():
    fine = Fault("kill -9 intake", ("intake",), started=10, ended=20, caught_up=25)
    assert _catch_up(soak_with(faults=[fine])).passed
    never = Fault("restart broker", ("intake",), started=30, ended=40)
    late = Fault("pause timeline", ("timeline",), 50, 60, caught_up=60 + CATCH_UP_S + 1)
    judged = _catch_up(soak_with(faults=[fine, never, late]))
    assert not judged.passed
    assert "restart broker" in judged.detail
    assert "pause timeline" in judged.detail


def _samples(name: str, pid: int, start: float, mibs: list[float]) -> list[Sample]:
    return [Sample(start + i, 0, {name: m}, {name: pid}) for i, m in enumerate(mibs)]


def test_memory_that_grows_by_a_tenth_in_the_quiet_end_fails_and_flat_memory_passes():
    flat = [120.0] * 600
    assert _memory(soak_with(samples=_samples("intake", 1, 0, flat))).passed
    leaking = [100.0 + i * 0.05 for i in range(600)]
    judged = _memory(soak_with(samples=_samples("intake", 1, 0, leaking)))
    assert not judged.passed
    assert "intake" in judged.detail


def test_a_step_during_the_faults_is_not_growth_but_growth_after_them_is():
    broker = Fault("restart broker", ("intake",), started=400, ended=420)
    stepped = [90.0] * 410 + [130.0] * 490  # consumers read their topics again: one step
    assert _memory(soak_with(faults=[broker], samples=_samples("intake", 1, 0, stepped))).passed
    creeping = [90.0] * 410 + [130.0 + i * 0.05 for i in range(490)]
    assert not _memory(
        soak_with(faults=[broker], samples=_samples("intake", 1, 0, creeping))
    ).passed


def test_only_the_process_running_at_the_end_is_judged_and_a_short_quiet_end_is_named():
    killed = Fault("kill -9 debts", ("debts",), started=300, ended=310)
    before = _samples("debts", 7, 0, [100.0 + i for i in range(300)])  # grew, then was killed
    after = _samples("debts", 8, 310, [95.0] * 400)
    assert _memory(soak_with(faults=[killed], samples=before + after)).passed
    judged = _memory(soak_with(faults=[killed], samples=before + after[:200]))
    assert judged.passed
    assert "not judged" in judged.detail
    assert "debts" in judged.detail
