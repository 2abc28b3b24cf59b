"""Which events go on the timeline, and the Dutch headline each one gets.

Headlines are rendered from the event type and its clear fields only, never from free text
or personal data. A new domain joins the timeline by adding its entries here: the topics the
timeline consumes are derived from this catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from shared.envelope import CloudEvent

PROGRAMMA_LABELS = {
    "jpf": "Jongeren Perspectief Fonds",
    "dtj": "dak- en thuisloze jongeren",
    "toekomstgesprek": "Toekomstgesprek",
    "rodeloper": "Rode loper",
    "regulier": "regulier",
}


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
    programma = PROGRAMMA_LABELS.get(str(data.get("programma")), "onbekend programma")
    band = data.get("age_band")
    suffix = f" (leeftijd {band})" if band else ""
    return f"Ingeschreven voor {programma}{suffix}"


ERASURE_REASONS = {
    "verzoek_art17": "verzoek AVG art. 17",
    "bewaartermijn_verlopen": "bewaartermijn verlopen",
    "toestemming_ingetrokken": "toestemming ingetrokken",
}
ERASED_HEADLINE = "gegevens vernietigd"
ERASURE = "nl.regie.intake.personal-data-erased"


# Each domain confirms intake's erasure once it destroyed its own key (policy 5).
CONFIRMATION = "erasure-confirmed"
CONFIRMING_DOMAINS = {"debts": "schuldhulp", "housing": "wonen", "coaching": "begeleiding"}


def _confirmed_by(domain: str) -> Headline:
    return Headline(
        "erased_on", lambda _: f"Vernietiging bevestigd door {CONFIRMING_DOMAINS[domain]}"
    )


def _erased(data: Mapping[str, Any]) -> str:
    reason = ERASURE_REASONS.get(str(data.get("reason")), "onbekende reden")
    return f"Persoonsgegevens vernietigd ({reason})"


REFERRERS = {
    "zelfmelder": "zichzelf",
    "daklozenloket": "het daklozenloket",
    "vroegsignalering": "vroegsignalering",
    "wijkteam": "het wijkteam",
    "school_rmc": "school / RMC",
    "jeugdhulp": "de jeugdhulp",
    "werkbedrijf_uwv": "werkbedrijf / UWV",
    "politie_veiligheidshuis": "politie / veiligheidshuis",
}
DESTINATIONS = {
    "werk": "werk",
    "onderwijs": "onderwijs",
    "dagbesteding": "dagbesteding",
    "zorg": "zorg",
    "geen": "geen vervolg",
}


def _programme(data: Mapping[str, Any]) -> str:
    return PROGRAMMA_LABELS.get(str(data.get("programma")), "onbekend programma")


def _referred(data: Mapping[str, Any]) -> str:
    who = REFERRERS.get(str(data.get("referrer_type")), "onbekend")
    return f"Aangemeld door {who}" + (" (crisis)" if data.get("crisis") else "")


def _director(data: Mapping[str, Any]) -> str:
    return (
        "Andere jongerenregisseur toegewezen"
        if data.get("previous_director_id")
        else ("Jongerenregisseur toegewezen")
    )


def _plan(data: Mapping[str, Any]) -> str:
    goals = data.get("goals")
    count = len(goals) if isinstance(goals, list) else 0
    return f"Toekomstplan vastgesteld ({count} doel{'en' if count != 1 else ''})"


def _exited(data: Mapping[str, Any]) -> str:
    where = DESTINATIONS.get(str(data.get("destination")), "onbekend")
    return f"Uitgestroomd uit {_programme(data)}, naar {where}"


def _debt_help(data: Mapping[str, Any]) -> str:
    return "Schuldhulp aangevraagd" + (" (crisis)" if data.get("crisis") else "")


def _inventory(data: Mapping[str, Any]) -> str:
    count = data.get("creditor_count")
    return f"Schuldenoverzicht vastgesteld ({count} schuldeiser{'s' if count != 1 else ''})"


SOLUTIONS = {
    "betalingsregeling": "betalingsregeling",
    "herfinanciering": "herfinanciering",
    "saneringskrediet": "saneringskrediet",
    "schuldbemiddeling": "schuldbemiddeling",
    "nul_aanbod": "0%-aanbod",
}


def _proposal(data: Mapping[str, Any]) -> str:
    kind = SOLUTIONS.get(str(data.get("solution_kind")), "schuldregeling")
    return f"Schuldregeling voorgesteld: {kind}"


SITUATIONS = {
    "dakloos_straat": "op straat",
    "nachtopvang": "nachtopvang",
    "thuisloos_bankslapen": "thuisloos, bankslapen",
    "uit_instelling": "uit een instelling",
}
FORMS = {
    "zelfstandig": "zelfstandig",
    "kamer": "kamer",
    "gemengd_wonen": "gemengd wonen",
    "kamers_met_aandacht": "Kamers met Aandacht",
    "begeleid": "begeleid wonen",
    "beschermd": "beschermd wonen",
}


def _homeless(data: Mapping[str, Any]) -> str:
    return f"Dakloos geregistreerd ({SITUATIONS.get(str(data.get('situation')), 'onbekend')})"


def _housed(data: Mapping[str, Any]) -> str:
    return f"Gehuisvest: {FORMS.get(str(data.get('form')), 'woning')}"


COACH_KINDS = {
    "rodeloper_coach": "Rode loper-coach",
    "klantmanager": "Klantmanager",
    "trajectbegeleider": "Trajectbegeleider",
}
PHASE_LABELS = {"scout": "scout", "scan": "scan", "match": "match", "borg": "borg"}
MATCH_KINDS = {
    "opleiding": "opleiding",
    "werk": "werk",
    "stage": "stage",
    "leerwerkplek": "leerwerkplek",
    "dagbesteding": "dagbesteding",
}
WORK_KINDS = {
    "betaald_voltijd": "betaald, voltijd",
    "betaald_deeltijd": "betaald, deeltijd",
    "leerwerkbaan": "leerwerkbaan",
}
COACHING_DESTINATIONS = {
    **DESTINATIONS,
    "opleiding": "opleiding",
    "vrijwilligerswerk": "vrijwilligerswerk",
}


def _coach(data: Mapping[str, Any]) -> str:
    kind = COACH_KINDS.get(str(data.get("kind")), "Coach")
    return f"{'Andere ' + kind.lower() if data.get('previous_coach_id') else kind} toegewezen"


def _phase(data: Mapping[str, Any]) -> str:
    phase = PHASE_LABELS.get(str(data.get("phase")), "onbekend")
    return f"Fase {phase} gestart" + (" na terugval" if data.get("after_relapse") else "")


def _relapse(data: Mapping[str, Any]) -> str:
    back = PHASE_LABELS.get(str(data.get("returns_to")))
    return "Terugval gesignaleerd" + (f", terug naar fase {back}" if back else "")


def _coaching_ended(data: Mapping[str, Any]) -> str:
    where = COACHING_DESTINATIONS.get(str(data.get("destination")), "onbekend")
    return f"Begeleiding afgesloten, naar {where}"


CRISIS_TRIGGERS = {
    "ontruiming": "dreigende ontruiming",
    "afsluiting_energie_water": "afsluiting van energie of water",
    "opzegging_zorgverzekering": "opzegging van de zorgverzekering",
    "beslag": "beslag",
    "overig": "dreigende situatie",
}
CLOSURE_BLOCKS = {
    "schulden_openstaand": "er staan nog schulden open",
    "schuld_bij_fonds": "er staat nog een schuld bij het fonds open",
}
OPEN_AT_EXIT = {
    "huisuitzetting_dreigt": "dreigende huisuitzetting",
    "in_opvang": "in de opvang",
    "dakloos": "dakloos",
}


def _marked_crisis(data: Mapping[str, Any]) -> str:
    why = CRISIS_TRIGGERS.get(str(data.get("crisis_trigger")), "dreigende situatie")
    return f"Schuldhulp wordt crisis ({why})"


def _closure_blocked(data: Mapping[str, Any]) -> str:
    why = CLOSURE_BLOCKS.get(str(data.get("reason")), "er staat nog iets open")
    return f"Aandacht nodig: schuldhulp niet afgesloten bij uitstroom, {why}"


def _housing_attention(data: Mapping[str, Any]) -> str:
    items = data.get("open_items")
    named = [OPEN_AT_EXIT.get(str(i), "onbekend") for i in items] if isinstance(items, list) else []
    return "Aandacht nodig bij uitstroom, wonen: " + (", ".join(named) or "er staat iets open")


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
    "nl.regie.intake.programme-exited": Headline("exit_on", _exited),
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
    "nl.regie.coaching.coach-assigned": Headline("from_on", _coach),
    "nl.regie.coaching.coaching-phase-started": Headline("started_on", _phase, phase=_phase_of),
    "nl.regie.coaching.talent-scan-completed": Headline(
        "completed_on", lambda _: "Talentenscan afgerond"
    ),
    "nl.regie.coaching.future-conversation-held": Headline(
        "held_on",
        lambda d: f"Toekomstgesprek gevoerd (perspectief: {d.get('perspective', 'onbekend')})",
    ),
    "nl.regie.coaching.match-made": Headline(
        "made_on", lambda d: f"Match gemaakt: {MATCH_KINDS.get(str(d.get('kind')), 'onbekend')}"
    ),
    "nl.regie.coaching.education-started": Headline(
        "started_on", lambda _: "Opleiding gestart", "onderwijs"
    ),
    "nl.regie.coaching.work-started": Headline(
        "started_on",
        lambda d: f"Aan het werk ({WORK_KINDS.get(str(d.get('kind')), 'werk')})",
        "werk",
    ),
    "nl.regie.coaching.daytime-activity-started": Headline(
        "started_on", lambda _: "Dagbesteding gestart", "dagbesteding"
    ),
    "nl.regie.coaching.care-referred": Headline("referred_on", lambda _: "Doorverwezen naar zorg"),
    "nl.regie.coaching.relapse-signalled": Headline("signalled_on", _relapse),
    "nl.regie.coaching.coaching-ended": Headline("ended_on", _coaching_ended),
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
