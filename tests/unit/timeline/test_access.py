"""The timeline's access rules, decided per entry without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.timeline.read_model.access import Viewer, decide, may_open
from services.timeline.read_model.youths import Consent

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
DIRECTOR = Viewer("r-1", frozenset({"regisseur"}), "0518")


def consent(leefgebieden=("financien",), *, given=-10, withdrawn=None, until=None) -> Consent:
    return Consent(
        "tijdlijn_delen",
        frozenset(leefgebieden),
        NOW + timedelta(days=given),
        until,
        None if withdrawn is None else NOW + timedelta(days=withdrawn),
    )


def verdict(  # noqa: PLR0913 - each fact of a decision, defaulted
    viewer=DIRECTOR,
    *,
    domain="debts",
    leefgebied=None,
    confidential=False,
    consents=(),
    director="r-1",
    policy="afschermen",
    moment=NOW,
    shared=True,
) -> str:
    return decide(
        viewer, director_id=director, domain=domain, leefgebied=leefgebied,
        vertrouwelijkheid="confidentieel" if confidential else "vertrouwelijk",
        consents=consents, moment=moment, policy=policy, shared=shared,
    )  # fmt: skip


def test_the_director_sees_intake_and_what_consent_covers_and_the_rest_redacted():
    assert verdict(domain="intake") == "toon"
    assert verdict(consents=[consent()]) == "toon"
    assert verdict(domain="housing", consents=[consent()]) == "afgeschermd"
    assert verdict(domain="housing", consents=[consent()], policy="verbergen") == "verborgen"


def test_consent_holds_from_given_until_withdrawn_or_lapsed():
    withdrawn = consent(withdrawn=-1)
    assert verdict(consents=[withdrawn]) == "afgeschermd"
    assert verdict(consents=[withdrawn], moment=NOW - timedelta(days=2)) == "toon"
    assert verdict(consents=[consent(given=1)]) == "afgeschermd"  # not yet given
    lapsed = consent(until=date(2026, 11, 21))
    assert verdict(consents=[lapsed]) == "afgeschermd"
    assert verdict(consents=[consent(["wonen"])]) == "afgeschermd"  # another life domain


def test_a_special_category_entry_without_life_domain_is_never_covered_by_consent():
    everything = consent(["financien", "wonen", "werk", "psychische_gezondheid"])
    assert verdict(domain="coaching", consents=[everything]) == "toon"
    assert verdict(domain="coaching", consents=[everything], confidential=True) == "afgeschermd"


def test_domain_workers_see_their_domain_only_and_auditors_everything():
    debts = Viewer("s-1", frozenset({"schuldhulpverlener"}), "0518")
    auditor = Viewer("a-1", frozenset({"auditor"}), "0518")
    assert verdict(debts, director=None) == "toon"
    assert verdict(debts, domain="housing", director=None) == "verborgen"
    assert verdict(debts, domain="intake", director=None) == "verborgen"
    assert verdict(auditor, domain="coaching", confidential=True, director=None) == "toon"


@pytest.mark.parametrize(
    ("roles", "director", "opens"),
    [
        ({"regisseur"}, "r-1", True),
        ({"regisseur"}, "r-2", False),
        ({"regisseur"}, None, False),
        ({"regisseur", "coach"}, "r-2", True),
        ({"auditor"}, None, True),
        ({"intake"}, None, True),
    ],
)
def test_who_may_open_a_timeline(roles, director, opens):
    assert may_open(Viewer("r-1", frozenset(roles), "0518"), director) is opens


def test_a_director_not_assigned_sees_nothing_of_other_domains():
    assert verdict(director="r-2", consents=[consent()]) == "verborgen"
    assert verdict(director="r-2", domain="intake") == "verborgen"


def test_an_entry_recorded_while_not_shared_stays_redacted_for_the_director_whatever_consent():
    """Consent given again later, or covering it now: the domain withheld that entry's detail."""
    covering = [consent(["financien", "wonen", "werk"])]
    for domain in ("debts", "housing", "coaching"):
        assert verdict(domain=domain, consents=covering) == "toon"
        assert verdict(domain=domain, consents=covering, shared=False) == "afgeschermd"
    assert verdict(consents=covering, shared=False, policy="verbergen") == "afgeschermd"


def test_an_entry_recorded_while_not_shared_shows_to_its_domain_and_auditors_only():
    auditor = Viewer("a-1", frozenset({"auditor"}), "0518")
    counsellor = Viewer("s-1", frozenset({"schuldhulpverlener"}), "0518")
    coach = Viewer("c-1", frozenset({"coach"}), "0518")
    assert verdict(auditor, shared=False) == "toon"
    assert verdict(counsellor, shared=False) == "toon"
    assert verdict(coach, shared=False) == "verborgen"
    assert verdict(DIRECTOR, director="r-2", shared=False) == "verborgen"  # not theirs
