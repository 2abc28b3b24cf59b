"""The platform's life domains, in the order a director reads them: the one list of them.

A runtime service that must know the other domains (the timeline's labels, erasure
confirmations and who sees which domain, intake's readers of the toekomstplan, the
notification bridge's topics, the launcher's ports) takes its default from here, never from a
list of its own, because it may not import another service: a new domain is
one line below and its own package. The tools and tests find each service's own declaration
(`services/<name>/bootstrap.py`) through `contracts.services`, and
tests/unit/contracts/test_service_roster.py fails when a service and this list disagree, or a
place derived from them lacks one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIFE_DOMAINS", "LifeDomain", "domain_of_role", "life_domain_names"]


@dataclass(frozen=True)
class LifeDomain:
    """A service that records facts about young people on its own topic, `<name>.events`.

    `label` is the domain as a jongerenregisseur names it; `confirms_erasure_as` the word the
    timeline shows when the domain confirms intake's erasure (None: it does not, being intake);
    `port` its documented default port (`make run` and its settings). `roles` are its workers'
    roles (each in one domain only): the timeline shows them the domain's entries and a young
    person their people, and intake lets them read the toekomstplan while the domain's
    trajectory is open. `leefgebieden` are the ZRM life domains it works in: a reader of its
    own domain opens the plan's goals there, and the first is the one a consent to share the
    timeline must cover for its entries that name none (intake, which has none, decides
    itself).
    """

    name: str
    label: str
    port: int
    confirms_erasure_as: str | None = None
    roles: tuple[str, ...] = ()
    leefgebieden: tuple[str, ...] = ()


LIFE_DOMAINS: tuple[LifeDomain, ...] = (
    LifeDomain("intake", "Intake en regie", 8001),
    LifeDomain("debts", "Schulden", 8003, "schuldhulp", ("schuldhulpverlener",), ("financien",)),
    LifeDomain("housing", "Wonen", 8004, "wonen", ("woonconsulent",), ("wonen",)),
    LifeDomain(
        "coaching",
        "Werk en begeleiding",
        8005,
        "begeleiding",
        ("coach", "klantmanager"),
        ("werk", "onderwijs", "dagbesteding"),
    ),
    LifeDomain("income", "Inkomen", 8007, "inkomen", ("inkomensconsulent",), ("financien",)),
)


def life_domain_names() -> list[str]:
    """The domains' names in order: the topics `<name>.events` a reader of all of them reads."""
    return [domain.name for domain in LIFE_DOMAINS]


def domain_of_role() -> dict[str, str]:
    """Each domain worker's role and the one domain it works in (intake's roles are not here)."""
    return {role: domain.name for domain in LIFE_DOMAINS for role in domain.roles}
