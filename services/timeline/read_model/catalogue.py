"""Which events go on the timeline, and the Dutch headline each one gets.

Headlines are rendered from the event type and its clear fields only, never from free text
or personal data. A new domain joins the timeline by adding its entries here: the topics the
timeline consumes are derived from this catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from services.timeline.read_model import deadlines, nazorg
from services.timeline.read_model.vocabularies import label
from shared.life_domains import LIFE_DOMAINS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from shared.envelope import CloudEvent


@dataclass(frozen=True)
class Headline:
    """How one event type appears on the timeline.

    `occurred` names the event's date field that says when it happened in the real world: the
    timeline orders by it, so a late arrival from a slower domain lands in its place.
    """

    occurred: str
    render: Callable[[Mapping[str, Any]], str]
    leefgebied: str | None = None
    phase: Callable[[Mapping[str, Any]], str | None] | None = None


def _registered(data: Mapping[str, Any]) -> str:
    programma = label("intake.Programma", data.get("programma"), "onbekend programma")
    band = data.get("age_band")
    suffix = f" (leeftijd {band})" if band else ""
    return f"Ingeschreven voor {programma}{suffix}"


ERASED_HEADLINE = "gegevens vernietigd"
ERASURE = "nl.regie.intake.personal-data-erased"


# Each domain confirms intake's erasure once it destroyed its own key (policy 5); the word
# each confirmation reads is the domain's line in shared/life_domains.py.
CONFIRMATION = "erasure-confirmed"
CONFIRMING_DOMAINS = {d.name: word for d in LIFE_DOMAINS if (word := d.confirms_erasure_as)}


def _confirmed_by(domain: str) -> Headline:
    return Headline(
        "erased_on", lambda _: f"Vernietiging bevestigd door {CONFIRMING_DOMAINS[domain]}"
    )


def _destruction_approved(data: Mapping[str, Any]) -> str:
    years = data.get("retention_years")
    return f"Vernietiging goedgekeurd: bewaartermijn van {years} jaar verstreken"


def _erased(data: Mapping[str, Any]) -> str:
    reason = label("intake.ErasureReason", data.get("reason"), "onbekende reden")
    return f"Persoonsgegevens vernietigd ({reason})"


def _possible_duplicate(data: Mapping[str, Any]) -> str:
    matched = label("intake.DuplicateMatch", data.get("matched_on"), "gegevens")
    return f"Mogelijk dubbel ingeschreven (zelfde {matched})"


def _transition_agreed(data: Mapping[str, Any]) -> str:
    extended = " (jeugdhulp verlengd tot 23)" if data.get("youth_care_extended") else ""
    return f"Overgangsplan voor 18 jaar afgesproken{extended}"


def _adult(data: Mapping[str, Any]) -> str:
    if not data.get("transition_plan_agreed"):
        return "18 geworden zonder overgangsplan"
    return "18 geworden" + ("" if data.get("agreed_before_18") else " (overgangsplan na 18)")


def _band_changed(data: Mapping[str, Any]) -> str:
    band = label("intake.AgeBand", data.get("age_band"), "onbekend")
    return f"Nieuwe leeftijdsklasse: {band}"


def _programme(data: Mapping[str, Any]) -> str:
    return label("intake.Programma", data.get("programma"), "onbekend programma")


def _referred(data: Mapping[str, Any]) -> str:
    who = label("intake.ReferrerType", data.get("referrer_type"), "onbekend")
    return f"Aangemeld door {who}" + (" (crisis)" if data.get("crisis") else "")


def _director(data: Mapping[str, Any]) -> str:
    return (
        "Andere jongerenregisseur toegewezen"
        if data.get("previous_director_id")
        else ("Jongerenregisseur toegewezen")
    )


def _plan(data: Mapping[str, Any]) -> str:
    """The number of goals, never their life domains.

    A goal's domain is sealed (from version 2; version 1 had it in clear, and said `justitie`
    to whoever read the line): the plan page asks intake, which shows it to the plan's readers.
    """
    count = len([g for g in data.get("goals") or () if isinstance(g, dict)])
    return f"Toekomstplan vastgesteld: {count} doel{'en' if count != 1 else ''}"


# A review's statuses in this order, each with its plural where Dutch has one.
_REVIEW_WORDS = {
    "loopt": ("loopt", "lopen"),
    "bereikt": ("bereikt", "bereikt"),
    "open": ("open", "open"),
    "vervallen": ("vervallen", "vervallen"),
}


def _plan_reviewed(data: Mapping[str, Any]) -> str:
    """How many goals stand at each status after the review, e.g. "2 lopen, 1 bereikt"."""
    statuses = data.get("statuses")
    found = list(statuses.values()) if isinstance(statuses, dict) else []
    parts = [
        f"{n} {one if n == 1 else many}"
        for status, (one, many) in _REVIEW_WORDS.items()
        if (n := found.count(status))
    ]
    return "Toekomstplan besproken" + (f": {', '.join(parts)}" if parts else "")


def _exited(data: Mapping[str, Any]) -> str:
    where = label("intake.Destination", data.get("destination"), "onbekend")
    return f"Uitgestroomd uit {_programme(data)}, naar {where}"


def _debt_help(data: Mapping[str, Any]) -> str:
    return "Schuldhulp aangevraagd" + (" (crisis)" if data.get("crisis") else "")


def _inventory(data: Mapping[str, Any]) -> str:
    count = data.get("creditor_count")
    return f"Schuldenoverzicht vastgesteld ({count} schuldeiser{'s' if count != 1 else ''})"


def _proposal(data: Mapping[str, Any]) -> str:
    kind = label("debts.SolutionKind", data.get("solution_kind"), "schuldregeling")
    return f"Schuldregeling voorgesteld: {kind}"


def _homeless(data: Mapping[str, Any]) -> str:
    situation = label("housing.Situation", data.get("situation"), "onbekend")
    return f"Dakloos geregistreerd ({situation})"


def _housed(data: Mapping[str, Any]) -> str:
    return f"Gehuisvest: {label('housing.HousingForm', data.get('form'), 'woning')}"


def _coach(data: Mapping[str, Any]) -> str:
    kind = label("coaching.CoachKind", data.get("kind"), "Coach")
    return f"{'Andere ' + kind.lower() if data.get('previous_coach_id') else kind} toegewezen"


def _phase(data: Mapping[str, Any]) -> str:
    phase = label("coaching.Phase", data.get("phase"), "onbekend")
    return f"Fase {phase} gestart" + (" na terugval" if data.get("after_relapse") else "")


def _relapse(data: Mapping[str, Any]) -> str:
    back = data.get("returns_to")
    phase = label("coaching.Phase", back, "onbekend") if back is not None else None
    return "Terugval gesignaleerd" + (f", terug naar fase {phase}" if phase else "")


def _coaching_ended(data: Mapping[str, Any]) -> str:
    where = label("coaching.Destination", data.get("destination"), "onbekend")
    return f"Begeleiding afgesloten, naar {where}"


def _marked_crisis(data: Mapping[str, Any]) -> str:
    why = label("debts.CrisisTrigger", data.get("crisis_trigger"), "dreigende situatie")
    return f"Schuldhulp wordt crisis ({why})"


def _closure_blocked(data: Mapping[str, Any]) -> str:
    why = label("debts.ClosureBlockedReason", data.get("reason"), "er staat nog iets open")
    return f"Aandacht nodig: schuldhulp niet afgesloten bij uitstroom, {why}"


def _housing_attention(data: Mapping[str, Any]) -> str:
    items = data.get("open_items")
    listed = items if isinstance(items, list) else []
    named = [label("housing.OpenAtExit", i, "onbekend") for i in listed]
    return "Aandacht nodig bij uitstroom, wonen: " + (", ".join(named) or "er staat iets open")


def _granted(data: Mapping[str, Any]) -> str:
    norm = label("income.Norm", data.get("norm"), "onbekende norm")
    sharers = data.get("cost_sharers")
    extra = f", {sharers} kostendeler{'s' if sharers != 1 else ''}" if sharers else ""
    return f"Bijstand toegekend ({norm}{extra})"


def _income(
    what: str, vocabulary: str, field: str = "reason"
) -> Callable[[Mapping[str, Any]], str]:
    return lambda d: f"{what} ({label(f'income.{vocabulary}', d.get(field), 'onbekend')})"


def _allowance(what: str) -> Callable[[Mapping[str, Any]], str]:
    def render(data: Mapping[str, Any]) -> str:
        kind = label("income.AllowanceKind", data.get("kind"), "toeslag")
        return f"{kind[:1].upper()}{kind[1:]} {what}"

    return render


def _phase_of(data: Mapping[str, Any]) -> str | None:
    phase = data.get("phase")
    return phase if isinstance(phase, str) else None


HEADLINES: dict[str, Headline] = {
    "nl.regie.intake.youth-referred": Headline("received_on", _referred),
    "nl.regie.intake.youth-registered": Headline("registered_on", _registered),
    "nl.regie.intake.programme-enrolled": Headline(
        "start_on", lambda d: f"Gestart in {_programme(d)}"
    ),
    "nl.regie.intake.director-assigned": Headline("from_on", _director),
    "nl.regie.intake.future-plan-agreed": Headline("agreed_on", _plan),
    "nl.regie.intake.future-plan-reviewed": Headline("reviewed_on", _plan_reviewed),
    "nl.regie.intake.programme-exited": Headline("exit_on", _exited),
    # Nazorg after the last exit (intake's aftercare; its follow-ups are timed).
    "nl.regie.intake.aftercare-started": Headline("started_on", nazorg.aftercare_started),
    "nl.regie.intake.follow-up-recorded": Headline("followed_up_on", nazorg.follow_up_recorded),
    "nl.regie.intake.follow-up-missed": Headline("due_on", nazorg.follow_up_missed),
    "nl.regie.intake.aftercare-ended": Headline("ended_on", nazorg.aftercare_ended),
    "nl.regie.intake.possible-duplicate-found": Headline("found_on", _possible_duplicate),
    # Recorded by durable timers when a deadline of the toekomstplan passed (deadlines.py).
    "nl.regie.intake.future-plan-overdue": Headline("due_on", deadlines.future_plan_overdue),
    "nl.regie.intake.plan-review-due": Headline("due_on", deadlines.plan_review_due),
    "nl.regie.intake.goal-overdue": Headline("due_on", deadlines.goal_overdue),
    "nl.regie.intake.breakthrough-requested": Headline(
        "requested_on", deadlines.breakthrough_requested
    ),
    "nl.regie.intake.breakthrough-resolved": Headline(
        "resolved_on", deadlines.breakthrough_resolved
    ),
    # Turning 18 (intake's birthday timers) and the transition plan the regisseur agreed.
    "nl.regie.intake.transition-plan-due": Headline(
        "signalled_on", lambda _: "Wordt over ongeveer een half jaar 18: overgangsplan afspreken"
    ),
    "nl.regie.intake.transition-plan-agreed": Headline("agreed_on", _transition_agreed),
    "nl.regie.intake.adulthood-reached": Headline("from_on", _adult),
    "nl.regie.intake.age-band-changed": Headline("from_on", _band_changed),
    # The destruction list's decisions (the hold's reason is sealed: never on the line).
    "nl.regie.intake.destruction-held": Headline("held_on", lambda _d: "Vernietiging aangehouden"),
    "nl.regie.intake.destruction-released": Headline(
        "released_on", lambda _d: "Vernietiging vrijgegeven"
    ),
    "nl.regie.intake.destruction-approved": Headline("approved_on", _destruction_approved),
    ERASURE: Headline("erased_on", _erased),
    "nl.regie.debts.debt-help-requested": Headline("requested_on", _debt_help, "financien"),
    "nl.regie.debts.debt-inventory-completed": Headline("completed_on", _inventory, "financien"),
    "nl.regie.debts.settlement-proposed": Headline("proposed_on", _proposal, "financien"),
    "nl.regie.debts.debt-taken-over-by-fund": Headline(
        "taken_over_on",
        lambda _: "Schulden overgenomen door het Jongeren Perspectief Fonds",
        "financien",
    ),
    "nl.regie.debts.counterpart-completed": Headline(
        "completed_on", lambda _: "Maatschappelijke stage afgerond", "financien"
    ),
    "nl.regie.debts.write-off-revoked": Headline(
        "revoked_on", lambda _: "Kwijtschelding ingetrokken", "financien"
    ),
    "nl.regie.debts.debts-settled": Headline("settled_on", lambda _: "Schuldenvrij", "financien"),
    # Reactions to other services' events (policies): a crisis flag and the exit's signals.
    "nl.regie.debts.trajectory-marked-crisis": Headline("marked_on", _marked_crisis, "financien"),
    "nl.regie.debts.debt-closure-blocked": Headline("signalled_on", _closure_blocked, "financien"),
    # Recorded by a durable timer when the Wgs deadline passed without a first conversation.
    "nl.regie.debts.first-conversation-deadline-missed": Headline(
        "missed_on", lambda _: "Eerste gesprek niet op tijd", "financien"
    ),
    "nl.regie.housing.housing-attention-needed": Headline(
        "signalled_on", _housing_attention, "wonen"
    ),
    "nl.regie.housing.homelessness-registered": Headline("registered_on", _homeless, "wonen"),
    "nl.regie.housing.shelter-admitted": Headline(
        "admitted_on", lambda _: "Opgenomen in de opvang", "wonen"
    ),
    "nl.regie.housing.housed": Headline("from_on", _housed, "wonen"),
    "nl.regie.housing.eviction-threatened": Headline(
        "signalled_on", lambda _: "Dreigende huisuitzetting", "wonen"
    ),
    "nl.regie.housing.eviction-prevented": Headline(
        "prevented_on", lambda _: "Huisuitzetting voorkomen", "wonen"
    ),
    "nl.regie.housing.evicted": Headline("evicted_on", lambda _: "Uitgezet", "wonen"),
    "nl.regie.housing.housing-allowance-ended": Headline(
        "ended_on",
        lambda d: (
            "Woontoelage beëindigd"
            f" ({label('housing.AllowanceEndReason', d.get('reason'), 'onbekende reden')})"
        ),
        "wonen",
    ),
    # Recorded by durable timers when a deadline of the episode passed (deadlines.py).
    "nl.regie.housing.first-week-shelter-missed": Headline(
        "due_on", deadlines.first_week_missed, "wonen"
    ),
    "nl.regie.housing.housing-plan-deadline-missed": Headline(
        "due_on", deadlines.housing_plan_missed, "wonen"
    ),
    "nl.regie.coaching.coach-assigned": Headline("from_on", _coach),
    "nl.regie.coaching.coaching-phase-started": Headline("started_on", _phase, phase=_phase_of),
    "nl.regie.coaching.talent-scan-completed": Headline(
        "completed_on", lambda _: "Talentenscan afgerond"
    ),
    "nl.regie.coaching.future-conversation-held": Headline(
        "held_on",
        lambda d: (
            "Toekomstgesprek gevoerd (perspectief:"
            f" {label('coaching.Perspective', d.get('perspective'), 'onbekend')})"
        ),
    ),
    "nl.regie.coaching.match-made": Headline(
        "made_on",
        lambda d: f"Match gemaakt: {label('coaching.MatchKind', d.get('kind'), 'onbekend')}",
    ),
    "nl.regie.coaching.education-started": Headline(
        "started_on", lambda _: "Opleiding gestart", "onderwijs"
    ),
    "nl.regie.coaching.work-started": Headline(
        "started_on",
        lambda d: f"Aan het werk ({label('coaching.WorkKind', d.get('kind'), 'werk')})",
        "werk",
    ),
    "nl.regie.coaching.work-ended": Headline(
        "ended_on",
        lambda d: (
            "Werk beëindigd"
            f" ({label('coaching.WorkEndReason', d.get('reason'), 'onbekende reden')})"
        ),
        "werk",
    ),
    "nl.regie.coaching.education-completed": Headline(
        "graduated_on",
        lambda d: (
            "Opleiding afgerond" + (" met diploma" if d.get("diploma") else " zonder diploma")
        ),
        "onderwijs",
    ),
    "nl.regie.coaching.education-dropped": Headline(
        "left_on",
        lambda d: (
            "Opleiding voortijdig verlaten"
            f" ({label('coaching.EducationDropReason', d.get('reason'), 'onbekende reden')})"
        ),
        "onderwijs",
    ),
    "nl.regie.coaching.daytime-activity-started": Headline(
        "started_on", lambda _: "Dagbesteding gestart", "dagbesteding"
    ),
    "nl.regie.coaching.care-referred": Headline("referred_on", lambda _: "Doorverwezen naar zorg"),
    "nl.regie.coaching.relapse-signalled": Headline("signalled_on", _relapse),
    "nl.regie.coaching.coaching-ended": Headline("ended_on", _coaching_ended),
    # Income (bijstand, the search period, allowances); amounts are sealed, never on the line.
    "nl.regie.income.benefit-applied": Headline(
        "applied_on", lambda _: "Bijstand aangevraagd", "financien"
    ),
    "nl.regie.income.search-period-started": Headline(
        "started_on", lambda _: "Zoektermijn van vier weken gestart", "financien"
    ),
    "nl.regie.income.search-period-ended": Headline(
        "ended_on", lambda _: "Zoektermijn afgelopen", "financien"
    ),
    "nl.regie.income.search-period-waived": Headline(
        "waived_on", _income("Zoektermijn vrijgesteld", "WaiverReason"), "financien"
    ),
    "nl.regie.income.benefit-granted": Headline("from_on", _granted, "financien"),
    "nl.regie.income.benefit-refused": Headline(
        "refused_on", _income("Bijstand afgewezen", "BenefitRefusalReason"), "financien"
    ),
    "nl.regie.income.benefit-suspended": Headline(
        "suspended_on", _income("Bijstand opgeschort", "SuspensionReason"), "financien"
    ),
    "nl.regie.income.benefit-resumed": Headline(
        "resumed_on", lambda _: "Bijstand hervat", "financien"
    ),
    "nl.regie.income.benefit-ended": Headline(
        "ended_on", _income("Bijstand beëindigd", "BenefitEndReason"), "financien"
    ),
    "nl.regie.income.allowance-granted": Headline(
        "granted_on", _allowance("toegekend"), "financien"
    ),
    "nl.regie.income.allowance-refused": Headline(
        "refused_on", _allowance("afgewezen"), "financien"
    ),
    **{f"nl.regie.{d}.{CONFIRMATION}": _confirmed_by(d) for d in CONFIRMING_DOMAINS},
}


def domains() -> list[str]:
    """The domains whose events the timeline shows."""
    return sorted({name.split(".")[2] for name in HEADLINES})


def domain_of(type_name: str) -> str:
    """`nl.regie.<domain>.<name>` -> `<domain>`."""
    return type_name.split(".")[2]


def shared(event: CloudEvent) -> bool:
    """Whether the domain shared the event's detail with the timeline when it recorded it.

    A domain whose young person withdrew consent to share marks its later events `delen: nee`.
    """
    return (event.model_extra or {}).get("delen") != "nee"
