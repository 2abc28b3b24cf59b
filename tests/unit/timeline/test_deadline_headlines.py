"""The timeline's headlines of passed deadlines: what lacked and the last day in time."""

from __future__ import annotations

from services.timeline.read_model.catalogue import HEADLINES


def render(name: str, data: dict[str, object]) -> str:
    return HEADLINES[f"nl.regie.{name}"].render(data)


def test_a_missed_first_week_names_what_lacked_and_the_day_in_dutch():
    """Roof and address, or only one of them; the day as '9 maart'."""
    both = {"lacking": ["dak", "briefadres"], "due_on": "2026-03-09"}
    address = {"lacking": ["briefadres"], "due_on": "2026-03-09"}

    assert render("housing.first-week-shelter-missed", both) == (
        "Eerste week: geen dak of postadres op tijd (uiterlijk 9 maart)"
    )
    assert render("housing.first-week-shelter-missed", address) == (
        "Eerste week: geen postadres op tijd (uiterlijk 9 maart)"
    )


def test_a_missed_housing_plan_is_on_the_housing_domain_even_with_an_unreadable_day():
    """A bad date leaves out the day rather than failing the timeline."""
    headline = HEADLINES["nl.regie.housing.housing-plan-deadline-missed"]

    assert headline.leefgebied == "wonen"
    assert headline.render({"due_on": "2026-04-13"}) == "Woonplan niet op tijd (uiterlijk 13 april)"
    assert headline.render({"due_on": "gegevens vernietigd"}) == "Woonplan niet op tijd"


def test_the_toekomstplan_s_passed_deadlines_say_which_in_dutch():
    """Plan, review, goal: each with its last day; a goal never by its (sealed) life domain."""
    assert render("intake.future-plan-overdue", {"programma": "jpf", "due_on": "2026-04-27"}) == (
        "Toekomstplan te laat (Jongeren Perspectief Fonds, uiterlijk 27 april)"
    )
    assert render("intake.plan-review-due", {"due_on": "2026-06-30"}) == (
        "Evaluatie toekomstplan te laat (uiterlijk 30 juni)"
    )
    assert render("intake.goal-overdue", {"due_on": "2026-09-01"}) == (
        "Doel over tijd (uiterlijk 1 september)"
    )
    # A version 1 goal-overdue named it in clear: the line does not pass it on.
    assert render("intake.goal-overdue", {"leefgebied": "justitie", "due_on": "2026-09-01"}) == (
        "Doel over tijd (uiterlijk 1 september)"
    )


def test_a_breakthrough_names_the_rule_in_the_way_never_its_description():
    """The description is sealed free text: the headline shows only codes."""
    asked = {"obstruction": "kostendelersnorm", "description": "enc:v1:k:abc"}

    assert render("intake.breakthrough-requested", asked) == "Doorbraak gevraagd: kostendelersnorm"
    assert render("intake.breakthrough-resolved", {"outcome": "niet_opgelost"}) == (
        "Doorbraak: niet opgelost"
    )
