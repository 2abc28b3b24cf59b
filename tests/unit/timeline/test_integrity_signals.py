"""A failed chain verification is the privacy officer's signal, resolved by the next pass."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from services.timeline.read_model.access import Viewer
from services.timeline.signals import rules
from services.timeline.signals.model import Found, explain, sees
from services.timeline.signals.rules import INTEGRITY, Raise, Resolve


def viewer(*roles: str) -> Viewer:
    return Viewer("medewerker-1", frozenset(roles), "0518")


def test_a_failed_verification_raises_and_a_passing_one_resolves_the_same_signal():
    [raised] = rules.changes(
        "nl.regie.housing.chain-verification-failed", {"problem_count": 2, "problems": ["x"]}
    )
    assert raised == Raise("integriteit_geschonden:housing:", INTEGRITY, "housing", "2")
    [resolved] = rules.changes("nl.regie.housing.chains-verified", {"events_checked": 3})
    assert isinstance(resolved, Resolve)
    assert raised.key.startswith(resolved.prefix)
    # Another service's pass leaves housing's signal open.
    [other] = rules.changes("nl.regie.debts.chains-verified", {})
    assert isinstance(other, Resolve)
    assert not raised.key.startswith(other.prefix)


def test_only_the_privacy_officer_and_the_auditor_see_it():
    assert sees(viewer("privacy_officer"), "housing", None, INTEGRITY)
    assert sees(viewer("auditor"), "housing", None, INTEGRITY)
    for role in ("woonconsulent", "regisseur", "intake", "schuldhulpverlener"):
        assert not sees(viewer(role), "housing", "medewerker-1", INTEGRITY), role
    # And the privacy officer sees no young person's signals.
    assert not sees(viewer("privacy_officer"), "housing", None, rules.MISSED)
    assert not sees(viewer("privacy_officer"), "intake", None, rules.DUPLICATE)


def test_it_reads_as_the_chains_of_the_service_not_intact():
    found = Found(
        uuid.uuid4(), "integriteit-0518", INTEGRITY, "housing", rules.LATE, "2", None,
        datetime(2031, 3, 3, tzinfo=UTC),
    )  # fmt: skip
    nl, en = explain(found, date(2031, 3, 3), detail=True)
    assert nl == "Hashketens van wonen niet intact: 2 probleem/problemen."
    assert en == "Hash chains of housing not intact: 2 problem(s)."
