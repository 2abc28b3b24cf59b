"""Who reads the toekomstplan and whose goal texts open: the pure rules (domain/plan_access.py)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.intake.domain.events import ConsentGiven, ConsentWithdrawn
from services.intake.domain.plan_access import (
    PlanAccess,
    PlanReader,
    consented_leefgebieden,
    grondslag,
    plan_access,
    text_opening,
)

TODAY = date(2026, 6, 1)
YOUTH = uuid.uuid4()
DIRECTOR = "regisseur-7"


def reader(*roles: str, actor: str = "medewerker-1") -> PlanReader:
    return PlanReader(actor, frozenset(roles))


def test_the_assigned_director_reads_the_plan_and_another_director_does_not():
    """Only the director assigned: another regisseur of the municipality learns nothing."""
    assert plan_access(reader("regisseur", actor=DIRECTOR), DIRECTOR, ()) == PlanAccess("regisseur")
    assert plan_access(reader("regisseur", actor="regisseur-8"), DIRECTOR, ()) is None
    assert plan_access(reader("regisseur", actor=DIRECTOR), None, ()) is None


@pytest.mark.parametrize(
    ("role", "domain", "own"),
    [
        ("schuldhulpverlener", "debts", {"financien"}),
        ("woonconsulent", "housing", {"wonen"}),
        ("coach", "coaching", {"werk", "onderwijs", "dagbesteding"}),
        ("klantmanager", "coaching", {"werk", "onderwijs", "dagbesteding"}),
        ("inkomensconsulent", "income", {"financien"}),
    ],
)
def test_a_domain_worker_reads_only_while_their_domain_has_an_open_trajectory(role, domain, own):
    """Involved: their own life domains are theirs; not involved (or another domain): nothing."""
    assert plan_access(reader(role), DIRECTOR, {domain}) == PlanAccess("betrokken", frozenset(own))
    assert plan_access(reader(role), DIRECTOR, set()) is None
    others = {"debts", "housing", "coaching", "income"} - {domain}
    assert plan_access(reader(role), DIRECTOR, others) is None


@pytest.mark.parametrize("role", ["intake", "privacy_officer", "koppelbeheerder"])
def test_roles_without_a_part_in_the_plan_read_nothing(role):
    """They get the answer for a young person who is not there."""
    assert plan_access(reader(role), DIRECTOR, {"debts", "housing", "coaching", "income"}) is None


def test_an_auditor_reads_the_goals_but_no_text_opens_for_them():
    """Checking the process needs the goals, not the young person's words, consent or not."""
    access = plan_access(reader("auditor"), DIRECTOR, ())
    assert access == PlanAccess("auditor")
    assert text_opening(access, "wonen", frozenset({"wonen"})) is None


def test_own_domain_opens_its_life_domains_and_consent_opens_the_others():
    """A woonconsulent: wonen on their work; financien only on the consent covering it."""
    access = PlanAccess("betrokken", frozenset({"wonen"}))
    assert text_opening(access, "wonen", frozenset()) == "eigen_domein"
    assert text_opening(access, "financien", frozenset()) is None
    assert text_opening(access, "financien", frozenset({"financien"})) == "toestemming"
    director = PlanAccess("regisseur")
    assert text_opening(director, "werk", frozenset({"wonen"})) is None
    assert text_opening(director, "werk", frozenset({"werk"})) == "toestemming"


@pytest.mark.parametrize(
    "special",
    ["psychische_gezondheid", "lichamelijke_gezondheid", "verslaving", "justitie", "zorg"],
)
def test_a_special_category_goal_opens_only_on_a_consent_that_names_it(special):
    """No work is a basis for it, not even the life domains a reader covers otherwise."""
    everything = PlanAccess("betrokken", frozenset({special, "wonen"}))
    assert text_opening(everything, special, frozenset({"wonen"})) is None
    assert text_opening(everything, special, frozenset({special})) == "bijzonder_toestemming"


def test_the_read_is_logged_on_the_strongest_basis_a_shown_text_rested_on():
    """No text: public task; a text on consent: consent; a special-category one: art. 9."""
    assert grondslag([]) == "avg_6_1_e"
    assert grondslag([None, "eigen_domein"]) == "avg_6_1_e"
    assert grondslag(["eigen_domein", "toestemming", None]) == "avg_6_1_a"
    assert grondslag(["bijzonder_toestemming", "toestemming"]) == "avg_9_2_a"


def given(purpose: str, domains: list[str], on: date, until: date | None = None) -> ConsentGiven:
    return ConsentGiven(youth_id=YOUTH, purpose=purpose, leefgebieden=domains,  # type: ignore[arg-type]
                        given_on=on, valid_until=until)  # fmt: skip


def test_the_consent_to_exchange_data_counts_today_after_withdrawals_and_lapses():
    """`tijdlijn_delen` opens no text; a withdrawal removes its domains; a lapsed one none."""
    timeline = given("tijdlijn_delen", ["wonen", "werk"], date(2026, 1, 1))
    exchange = given("gegevens_uitwisselen", ["wonen", "financien"], date(2026, 1, 1))
    withdrawn = ConsentWithdrawn(
        youth_id=YOUTH,
        purpose="gegevens_uitwisselen",
        leefgebieden=["financien"],
        withdrawn_on=date(2026, 3, 1),
    )
    assert consented_leefgebieden([timeline], TODAY) == frozenset()
    assert consented_leefgebieden([timeline, exchange], TODAY) == {"wonen", "financien"}
    assert consented_leefgebieden([exchange, withdrawn], TODAY) == {"wonen"}
    lapsed = given("gegevens_uitwisselen", ["wonen"], date(2026, 1, 1), until=date(2026, 5, 31))
    assert consented_leefgebieden([lapsed], TODAY) == frozenset()
    assert consented_leefgebieden([lapsed], date(2026, 5, 31)) == {"wonen"}
    later = given("gegevens_uitwisselen", ["wonen"], date(2026, 6, 2))
    assert consented_leefgebieden([later], TODAY) == frozenset()


# The young person (issue 23)

OWN = str(YOUTH)


def young_person(youth_id: str = OWN) -> PlanReader:
    return PlanReader("jongere-1", frozenset({"jongere"}), youth_id)


def test_a_young_person_reads_their_own_plan_and_no_other():
    """Their own youth id: the plan; any other (or none asked): nothing, as if not there."""
    assert plan_access(young_person(), DIRECTOR, (), of_youth=OWN) == PlanAccess("jongere")
    assert plan_access(young_person(), DIRECTOR, (), of_youth=str(uuid.uuid4())) is None
    assert plan_access(young_person(), DIRECTOR, ()) is None
    everything = {"debts", "housing", "coaching", "income"}
    assert plan_access(young_person(str(uuid.uuid4())), OWN, everything, of_youth=OWN) is None


def test_a_reader_without_the_young_persons_role_gets_nothing_from_naming_a_youth_id():
    """An employee's reader carrying a youth id is still read by their role alone."""
    stranger = PlanReader("medewerker-1", frozenset({"intake"}), OWN)
    assert plan_access(stranger, DIRECTOR, (), of_youth=OWN) is None


@pytest.mark.parametrize("leefgebied", ["financien", "werk", "gezondheid", "zorg", "justitie"])
def test_every_text_of_their_own_plan_opens_for_the_young_person(leefgebied):
    """Their own words, special categories too, without a consent: right of access (art. 15)."""
    access = PlanAccess("jongere")
    assert text_opening(access, leefgebied, frozenset()) == "eigen_gegevens"
    assert grondslag(["eigen_gegevens"], access) == "avg_15"
    assert grondslag([], access) == "avg_15"  # a plan without texts is still their own read
