"""Which subscriptions an event goes to, and which type prefixes are accepted."""

import pytest

from services.notifications.filters import Filter, domain_of_prefix, is_type_prefix


def test_an_event_goes_to_its_own_municipality_only():
    """Same type, another gemeentecode: no match."""
    assert Filter("0518").matches("nl.regie.debts.debt-recorded", "0518")
    assert not Filter("0518").matches("nl.regie.debts.debt-recorded", "0363")


def test_without_prefixes_every_type_matches_and_with_them_only_those_starting_so():
    """A prefix is anchored at the start of the type (not a substring anywhere)."""
    debts_and_housed = Filter("0518", ("nl.regie.debts.", "nl.regie.housing.housed"))
    assert debts_and_housed.matches("nl.regie.debts.debt-settled", "0518")
    assert debts_and_housed.matches("nl.regie.housing.housed", "0518")
    assert not debts_and_housed.matches("nl.regie.housing.eviction-threatened", "0518")
    assert not debts_and_housed.matches("nl.regie.intake.youth-registered", "0518")
    assert Filter("0518", ()).matches("nl.regie.coaching.goal-set", "0518")


@pytest.mark.parametrize(
    "prefix",
    ["nl.regie.", "nl.regie.debts", "nl.regie.debts.", "nl.regie.debts.debt-", "nl.regie.x.y.v2"],
)
def test_prefixes_that_start_a_regie_type_are_accepted(prefix):
    """From everything (`nl.regie.`) down to one type."""
    assert is_type_prefix(prefix)


@pytest.mark.parametrize(
    "prefix",
    ["", "nl.", "nl.regie", "NL.REGIE.", "com.example.", "nl.regie.Debts.", "nl.regie..",
     "nl.regie.debts .", "nl.regie." + "a" * 200],
)  # fmt: skip
def test_prefixes_that_could_never_match_are_refused(prefix):
    """A typo would otherwise subscribe to nothing, silently."""
    assert not is_type_prefix(prefix)


def test_a_prefix_names_its_domain_once_the_domain_is_complete():
    """`nl.regie.debts.` is limited to debts; `nl.regie.deb` is not (yet) one domain."""
    assert domain_of_prefix("nl.regie.debts.") == "debts"
    assert domain_of_prefix("nl.regie.debts.debt-settled") == "debts"
    assert domain_of_prefix("nl.regie.deb") is None
    assert domain_of_prefix("nl.regie.") is None
