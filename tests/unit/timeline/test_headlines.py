"""Timeline headlines: Dutch, from clear fields only."""

from __future__ import annotations

from services.timeline.read_model.catalogue import HEADLINES, domains
from shared.life_domains import life_domain_names


def test_registration_headline_names_programme_and_age_band_but_no_personal_data():
    """The name and birth date in the event never reach the headline."""
    data = {
        "programma": "jpf",
        "age_band": "18-22",
        "full_name": "Sam de Vries",
        "date_of_birth": "2004-03-14",
    }
    headline = HEADLINES["nl.regie.intake.youth-registered"].render(data)
    assert headline == "Ingeschreven voor Jongeren Perspectief Fonds (leeftijd 18-22)"
    assert "Sam" not in headline
    assert "2004" not in headline


def test_topics_follow_from_the_catalogue():
    """A domain is consumed as soon as one of its events has a headline."""
    assert domains() == sorted(life_domain_names())


def test_intake_milestones_have_dutch_headlines_from_codes_only():
    """Enrolment, director, plan and exit read as Dutch sentences; texts never appear."""
    render = {name.rsplit(".", 1)[-1]: h.render for name, h in HEADLINES.items()}
    assert render["programme-enrolled"]({"programma": "rodeloper"}) == "Gestart in Rode loper"
    assert render["director-assigned"]({"previous_director_id": "m-1"}) == (
        "Andere jongerenregisseur toegewezen"
    )
    plan = {"goals": [{"goal_id": "g1"}, {"goal_id": "g2"}], "goal_texts": "enc:v1:..."}
    assert render["future-plan-agreed"](plan) == "Toekomstplan vastgesteld: 2 doelen"
    assert render["programme-exited"]({"programma": "jpf", "destination": "werk"}) == (
        "Uitgestroomd uit Jongeren Perspectief Fonds, naar werk"
    )
    assert render["youth-referred"]({"referrer_type": "wijkteam", "crisis": True}) == (
        "Aangemeld door het wijkteam (crisis)"
    )


def test_debt_milestones_name_no_amount_and_no_creditor():
    """Debt headlines come from codes and counts: the sealed amounts never reach them."""
    render = {name: h.render for name, h in HEADLINES.items()}
    assert render["nl.regie.debts.debt-help-requested"]({"crisis": True}) == (
        "Schuldhulp aangevraagd (crisis)"
    )
    inventory = {"creditor_count": 3, "total": "enc:v1:k:abc"}
    assert render["nl.regie.debts.debt-inventory-completed"](inventory) == (
        "Schuldenoverzicht vastgesteld (3 schuldeisers)"
    )
    assert (
        render["nl.regie.debts.debts-settled"]({"amount_settled": "enc:v1:k:x"}) == "Schuldenvrij"
    )


def test_coaching_milestones_name_phases_and_outcomes_but_never_the_kind_of_care():
    """Phases, relapse and work read as Dutch; the sealed kind of care never reaches them."""
    render = {name.rsplit(".", 1)[-1]: h.render for name, h in HEADLINES.items()}
    assert render["coaching-phase-started"]({"phase": "match"}) == "Fase match gestart"
    assert render["coaching-phase-started"]({"phase": "scan", "after_relapse": True}) == (
        "Fase scan gestart na terugval"
    )
    assert render["relapse-signalled"]({"returns_to": "scout"}) == (
        "Terugval gesignaleerd, terug naar fase scout"
    )
    assert render["coach-assigned"]({"kind": "klantmanager", "previous_coach_id": "c-1"}) == (
        "Andere klantmanager toegewezen"
    )
    assert render["work-started"]({"kind": "leerwerkbaan"}) == "Aan het werk (leerwerkbaan)"
    care = render["care-referred"]({"care_kind": "enc:v1:k:abc"})
    assert care == "Doorverwezen naar zorg"
    phase = HEADLINES["nl.regie.coaching.coaching-phase-started"].phase
    assert phase is not None
    assert phase({"phase": "borg"}) == "borg"


def test_every_headline_names_a_date_field_its_event_really_has():
    """The timeline orders by `occurred`: a typo would silently fall back to recorded time."""
    from services.coaching.domain.events import CATALOGUE as COACHING  # noqa: PLC0415
    from services.debts.domain.events import CATALOGUE as DEBTS  # noqa: PLC0415
    from services.housing.domain.events import CATALOGUE as HOUSING  # noqa: PLC0415
    from services.income.domain.events import CATALOGUE as INCOME  # noqa: PLC0415
    from services.intake.domain.events import CATALOGUE as INTAKE  # noqa: PLC0415

    fields = {
        catalogue.type_name(event): event.model_fields
        for catalogue in (INTAKE, DEBTS, HOUSING, COACHING, INCOME)
        for event in catalogue
    }
    assert set(HEADLINES) <= set(fields)
    for name, headline in HEADLINES.items():
        field = fields[name].get(headline.occurred)
        assert field is not None, name
        assert "date" in str(field.annotation), name


def test_the_policies_signals_say_what_needs_attention_by_code_never_by_amount():
    """A crisis flag names its trigger; the exit's signals name what stands open, in Dutch."""
    render = {name: HEADLINES[f"nl.regie.{name}"].render for name in (
        "debts.trajectory-marked-crisis",
        "debts.debt-closure-blocked",
        "housing.housing-attention-needed",
    )}  # fmt: skip
    assert render["debts.trajectory-marked-crisis"]({"crisis_trigger": "ontruiming"}) == (
        "Schuldhulp wordt crisis (dreigende ontruiming)"
    )
    assert render["debts.debt-closure-blocked"]({"reason": "schuld_bij_fonds"}) == (
        "Aandacht nodig: schuldhulp niet afgesloten bij uitstroom,"
        " er staat nog een schuld bij het fonds open"
    )
    assert (
        render["housing.housing-attention-needed"](
            {"open_items": ["huisuitzetting_dreigt", "in_opvang"]}
        )
        == "Aandacht nodig bij uitstroom, wonen: dreigende huisuitzetting, in de opvang"
    )
    assert HEADLINES["nl.regie.housing.housing-attention-needed"].leefgebied == "wonen"


def test_plan_agreed_counts_goals_and_never_names_their_life_domains():
    """Sealed from v2; a v1 plan's clear `justitie` goal is not passed on to the line either."""
    v2 = {"goals": [{"goal_id": "g1"}, {"goal_id": "g2"}],
          "goal_leefgebieden": "enc:v1:geheim", "goal_texts": "enc:v1:geheim"}  # fmt: skip
    goals = [{"goal_id": f"g{n}", "leefgebied": d} for n, d in
             enumerate(["wonen", "justitie", "werk", "wonen"])]  # fmt: skip
    v1 = {"goals": goals, "goal_texts": "enc:v1:geheim"}
    render = HEADLINES["nl.regie.intake.future-plan-agreed"].render
    assert render(v2) == "Toekomstplan vastgesteld: 2 doelen"
    assert render(v1) == "Toekomstplan vastgesteld: 4 doelen"
    assert render({"goals": [{"goal_id": "g1", "leefgebied": None}]}) == (
        "Toekomstplan vastgesteld: 1 doel"
    )


def test_plan_reviewed_counts_goals_per_status_with_dutch_plurals():
    """Two running, one reached, one open; a status not in the review is not mentioned."""
    review = HEADLINES["nl.regie.intake.future-plan-reviewed"]
    statuses = {"g1": "loopt", "g2": "bereikt", "g3": "loopt", "g4": "open"}
    assert review.render({"statuses": statuses}) == (
        "Toekomstplan besproken: 2 lopen, 1 bereikt, 1 open"
    )
    assert review.render({"statuses": {"g1": "loopt", "g2": "vervallen"}}) == (
        "Toekomstplan besproken: 1 loopt, 1 vervallen"
    )
    assert review.render({"statuses": {}}) == "Toekomstplan besproken"
    assert review.occurred == "reviewed_on"


def test_the_ends_of_work_and_education_have_dutch_headlines_in_their_life_domain():
    """Work ended, an education completed or left: Dutch, with the reason's label."""
    ended = HEADLINES["nl.regie.coaching.work-ended"]
    assert ended.render({"reason": "contract_afgelopen"}) == "Werk beëindigd (contract afgelopen)"
    assert ended.leefgebied == "werk"
    done = HEADLINES["nl.regie.coaching.education-completed"]
    assert done.render({"diploma": True}) == "Opleiding afgerond met diploma"
    assert done.render({"diploma": False}) == "Opleiding afgerond zonder diploma"
    left = HEADLINES["nl.regie.coaching.education-dropped"]
    assert left.render({"reason": "werk_gevonden"}) == (
        "Opleiding voortijdig verlaten (werk gevonden)"
    )
    assert (done.leefgebied, left.leefgebied) == ("onderwijs", "onderwijs")


def test_the_destruction_list_s_decisions_read_as_dutch_without_the_hold_s_reason():
    """The auditor sees a hold, its release and the approval; the sealed reason never shows."""
    render = {name.rsplit(".", 1)[-1]: h.render for name, h in HEADLINES.items()}
    held = render["destruction-held"]({"reason": "enc:v1:k:abc", "held_on": "2046-04-02"})
    assert held == "Vernietiging aangehouden"
    assert render["destruction-released"]({}) == "Vernietiging vrijgegeven"
    assert render["destruction-approved"]({"retention_years": 20}) == (
        "Vernietiging goedgekeurd: bewaartermijn van 20 jaar verstreken"
    )


def test_income_milestones_name_norm_and_reason_but_never_an_amount():
    """Bijstand granted under the kostendelersnorm, ended for work; the sealed amount stays out."""
    render = {name: h.render for name, h in HEADLINES.items()}
    granted = {"norm": "kostendeler", "cost_sharers": 2, "monthly_amount": "enc:v1:k:x"}
    assert render["nl.regie.income.benefit-granted"](granted) == (
        "Bijstand toegekend (kostendelersnorm, 2 kostendelers)"
    )
    assert render["nl.regie.income.benefit-ended"]({"reason": "werk"}) == (
        "Bijstand beëindigd (werk)"
    )
    assert render["nl.regie.income.allowance-granted"]({"kind": "huurtoeslag"}) == (
        "Huurtoeslag toegekend"
    )
