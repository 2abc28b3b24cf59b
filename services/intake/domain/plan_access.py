"""Who reads the toekomstplan, and whose goal texts open for them: pure rules, no I/O.

The plan is the one plan every professional around the young person works from, so more than
intake reads it; the goals' texts are the young person's own words, so they open only on a
basis that covers the goal's life domain.

Who reads the plan (everyone else gets the answer for a young person who is not there):
- the young person themself (role `jongere`, their token naming this youth id): it is their
  plan, and every text opens for them, special categories too (right of access, AVG art. 15);
- the jongerenregisseur assigned to the young person;
- an auditor of the municipality (to check the process; no goal text opens for them: checking
  needs the goals, not the young person's words);
- a schuldhulpverlener, woonconsulent, coach, klantmanager or inkomensconsulent whose domain
  has an OPEN trajectory with the young person (learnt from the domains' topics:
  projections/involvement.py; income's is a benefit applied for and neither refused nor ended).

Whose text opens:
- the reader's own domain's life domains (debts and income: financien; housing: wonen;
  coaching: werk, onderwijs, dagbesteding; each domain's line in shared/life_domains.py names
  its roles and life domains): their work with the young person is the basis;
- otherwise the young person's consent to exchange data between professionals
  (`gegevens_uitwisselen`) covering the goal's life domain on the day of reading. Not
  `tijdlijn_delen`: that consent lets the regisseur see what happened in other domains on the
  timeline; sharing the young person's own words with other professionals is an exchange of
  data, and purpose limitation (AVG art. 5(1)(b)) keeps one consent from stretching to the
  other;
- a special-category life domain (health, addiction, justice, care: AVG art. 9/10) only on a
  consent that names it: no work in another domain is a basis for it.
Otherwise the text reads "afgeschermd"; after erasure, "gegevens vernietigd".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from services.intake.domain.events import ConsentGiven, ConsentWithdrawn
from services.intake.domain.vocabulary import SENSITIVE_LEEFGEBIEDEN
from shared.life_domains import LIFE_DOMAINS, domain_of_role

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from shared.events import DomainEvent

PLAN_CONSENT = "gegevens_uitwisselen"
REDACTED = "afgeschermd"

DIRECTOR = "regisseur"
AUDITOR = "auditor"
YOUNG_PERSON = "jongere"
# Each domain's workers and its life domains, from its line in shared/life_domains.py.
DOMAIN_OF_ROLE = domain_of_role()
DOMAIN_LEEFGEBIEDEN: dict[str, frozenset[str]] = {
    d.name: frozenset(d.leefgebieden) for d in LIFE_DOMAINS if d.roles
}
# Care is health data too (AVG art. 9), beside the scores intake already seals apart.
SPECIAL_LEEFGEBIEDEN = SENSITIVE_LEEFGEBIEDEN | {"zorg"}

Basis = Literal["regisseur", "auditor", "betrokken", "jongere"]
Opening = Literal["eigen_domein", "toestemming", "bijzonder_toestemming", "eigen_gegevens"]

# The legal basis each way of opening a text rests on, strongest last (the log names one).
GRONDSLAG: dict[Opening | None, str] = {
    None: "avg_6_1_e",  # the municipality's public task: goals without texts
    "eigen_domein": "avg_6_1_e",
    "toestemming": "avg_6_1_a",
    "bijzonder_toestemming": "avg_9_2_a",
    "eigen_gegevens": "avg_15",  # the young person reads their own: right of access
}


@dataclass(frozen=True)
class PlanReader:
    """The reader, as the rules need them (of the young person's municipality: checked before)."""

    actor: str
    roles: frozenset[str]
    youth_id: str | None = None  # the young person's own id, for role jongere only


@dataclass(frozen=True)
class PlanAccess:
    """Why the reader may read the plan, and the life domains their own work covers."""

    basis: Basis
    own_leefgebieden: frozenset[str] = frozenset()


def plan_access(
    reader: PlanReader,
    director_id: str | None,
    open_domains: Iterable[str],
    *,
    of_youth: str | None = None,
) -> PlanAccess | None:
    """The reader's basis to read the plan of `of_youth`, or None: then they learn nothing.

    A young person reads only the plan whose youth id their token names; no other role of
    theirs counts (a token with `jongere` holds no other: shared/auth/principal.py).
    """
    if YOUNG_PERSON in reader.roles:
        mine = reader.youth_id is not None and reader.youth_id == of_youth
        return PlanAccess("jongere") if mine else None
    if DIRECTOR in reader.roles and director_id is not None and director_id == reader.actor:
        return PlanAccess("regisseur")
    involved = {DOMAIN_OF_ROLE[r] for r in reader.roles if r in DOMAIN_OF_ROLE} & set(open_domains)
    if involved:
        own = frozenset().union(*(DOMAIN_LEEFGEBIEDEN[d] for d in involved))
        return PlanAccess("betrokken", own)
    if AUDITOR in reader.roles:
        return PlanAccess("auditor")
    return None


def text_opening(access: PlanAccess, leefgebied: str, consented: frozenset[str]) -> Opening | None:
    """On what basis the goal's text opens for this reader, or None (it reads "afgeschermd")."""
    if access.basis == AUDITOR:
        return None
    if access.basis == YOUNG_PERSON:
        return "eigen_gegevens"
    if leefgebied in SPECIAL_LEEFGEBIEDEN:
        return "bijzonder_toestemming" if leefgebied in consented else None
    if leefgebied in access.own_leefgebieden:
        return "eigen_domein"
    return "toestemming" if leefgebied in consented else None


def grondslag(openings: Iterable[Opening | None], access: PlanAccess | None = None) -> str:
    """The legal basis of a read: that of the strongest opening among its texts.

    The young person's own read rests on their right of access, texts or none.
    """
    if access is not None and access.basis == YOUNG_PERSON:
        return GRONDSLAG["eigen_gegevens"]
    order = list(GRONDSLAG)
    strongest = max(openings, key=order.index, default=None)
    return GRONDSLAG[strongest]


def consented_leefgebieden(events: Iterable[DomainEvent], today: date) -> frozenset[str]:
    """The life domains the consent to exchange data covers today (withdrawals and lapses apply).

    A consent given replaces the one before for its purpose, as in intake's fold; one that
    lapsed (`valid_until` before today) or is dated after today covers nothing today.
    """
    covered: frozenset[str] = frozenset()
    for event in events:
        if isinstance(event, ConsentGiven) and event.purpose == PLAN_CONSENT:
            holds = event.given_on <= today and (
                event.valid_until is None or today <= event.valid_until
            )
            covered = frozenset(event.leefgebieden) if holds else frozenset()
        elif isinstance(event, ConsentWithdrawn) and event.purpose == PLAN_CONSENT:
            covered -= set(event.leefgebieden)
    return covered
