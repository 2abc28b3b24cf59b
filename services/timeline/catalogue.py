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

PROGRAMMA_LABELS = {
    "jpf": "Jongeren Perspectief Fonds",
    "dtj": "dak- en thuisloze jongeren",
    "toekomstgesprek": "Toekomstgesprek",
    "rodeloper": "Rode loper",
    "regulier": "regulier",
}


@dataclass(frozen=True)
class Headline:
    """How one event type appears on the timeline."""

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


HEADLINES: dict[str, Headline] = {
    "nl.regie.intake.youth-referred": Headline(_referred),
    "nl.regie.intake.youth-registered": Headline(_registered),
    "nl.regie.intake.programme-enrolled": Headline(lambda d: f"Gestart in {_programme(d)}"),
    "nl.regie.intake.director-assigned": Headline(_director),
    "nl.regie.intake.future-plan-agreed": Headline(_plan),
    "nl.regie.intake.programme-exited": Headline(_exited),
    ERASURE: Headline(_erased),
    "nl.regie.debts.debt-help-requested": Headline(_debt_help, "financien"),
    "nl.regie.debts.debt-inventory-completed": Headline(_inventory, "financien"),
    "nl.regie.debts.settlement-proposed": Headline(_proposal, "financien"),
    "nl.regie.debts.debt-taken-over-by-fund": Headline(
        lambda _: "Schulden overgenomen door het Jongeren Perspectief Fonds", "financien"
    ),
    "nl.regie.debts.counterpart-completed": Headline(
        lambda _: "Maatschappelijke stage afgerond", "financien"
    ),
    "nl.regie.debts.write-off-revoked": Headline(
        lambda _: "Kwijtschelding ingetrokken", "financien"
    ),
    "nl.regie.debts.debts-settled": Headline(lambda _: "Schuldenvrij", "financien"),
    "nl.regie.housing.homelessness-registered": Headline(_homeless, "wonen"),
    "nl.regie.housing.shelter-admitted": Headline(lambda _: "Opgenomen in de opvang", "wonen"),
    "nl.regie.housing.housed": Headline(_housed, "wonen"),
    "nl.regie.housing.eviction-threatened": Headline(lambda _: "Dreigende huisuitzetting", "wonen"),
    "nl.regie.housing.eviction-prevented": Headline(lambda _: "Huisuitzetting voorkomen", "wonen"),
    "nl.regie.housing.evicted": Headline(lambda _: "Uitgezet", "wonen"),
}


def domains() -> list[str]:
    """The domains whose events the timeline shows."""
    return sorted({name.split(".")[2] for name in HEADLINES})


def domain_of(type_name: str) -> str:
    """`nl.regie.<domain>.<name>` -> `<domain>`."""
    return type_name.split(".")[2]
