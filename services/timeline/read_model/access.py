"""Who sees which entries of whose timeline: pure rules, the same for live and as-of reads.

- An auditor sees every entry of their municipality.
- A domain worker sees the entries of their own domain (schuldhulpverlener: debts, ...), and
  nothing of the others: their work gives no basis for more.
- The jongerenregisseur opens only the timelines of the young people assigned to them. They
  see intake's entries (their own process) and another domain's entry when the young person's
  consent to share the timeline (`tijdlijn_delen`) covers the entry's life domain at the moment
  of reading. Other entries are redacted ("afgeschermd") or hidden, as the municipality chose.
  An entry that names no life domain counts as its domain's main one (debts: financien), except
  a special-category entry without one (a referral to care): no consent covers it by default.
- Withdrawing consent changes what shows from the moment it is recorded; an as-of read
  evaluates the consents at its own instant.
- A domain that stopped sharing after a withdrawal marks the events it records from then on
  (`delen: nee`). Such an entry is redacted for the jongerenregisseur whatever consent says
  later (and whatever the municipality's choice to hide: the domain withholds the detail, not
  the fact); auditors and the domain's own workers still see it, other domains never do.
- The young person (role `jongere`, their token naming their own youth id) opens only their own
  timeline, and sees every entry of it: their right of access (AVG art. 15) does not depend on
  the consents that govern what professionals share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from services.timeline.read_model.youths import SHARING
from shared.life_domains import LIFE_DOMAINS, domain_of_role

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from services.timeline.read_model.youths import Consent
    from shared.auth import Principal

Decision = Literal["toon", "afgeschermd", "verborgen"]
Policy = Literal["afschermen", "verbergen"]

DIRECTOR = "regisseur"
AUDITOR = "auditor"
# Who works in which domain, and the life domain a consent must cover for a domain's entries
# that name none: from each domain's line in shared/life_domains.py, none listed here.
DOMAIN_OF_ROLE = {"intake": "intake", "regisseur": "intake", **domain_of_role()}
READERS = (AUDITOR, *DOMAIN_OF_ROLE)
DOMAIN_LEEFGEBIED = {d.name: d.leefgebieden[0] for d in LIFE_DOMAINS if d.leefgebieden}
SPECIAL = "confidentieel"
REDACTED_HEADLINE = "afgeschermd"


@dataclass(frozen=True)
class Viewer:
    """The reader, as the rules need them."""

    actor: str
    roles: frozenset[str]
    gemeentecode: str
    young_person: str | None = None  # the young person's own id, for role jongere only

    @classmethod
    def of(cls, principal: Principal) -> Viewer:
        """The viewer a token describes."""
        return cls(principal.actor, principal.roles, principal.gemeentecode,
                   principal.young_person)  # fmt: skip

    @property
    def auditor(self) -> bool:
        """Sees all of the municipality."""
        return AUDITOR in self.roles

    @property
    def own_domains(self) -> frozenset[str]:
        """The domains the viewer's work is in."""
        return frozenset(DOMAIN_OF_ROLE[r] for r in self.roles if r in DOMAIN_OF_ROLE)


def directs(viewer: Viewer, director_id: str | None) -> bool:
    """The viewer is this young person's jongerenregisseur."""
    return DIRECTOR in viewer.roles and director_id is not None and director_id == viewer.actor


def is_own(viewer: Viewer, youth_id: str) -> bool:
    """The viewer is this young person themself."""
    return viewer.young_person is not None and viewer.young_person == youth_id


def may_open(viewer: Viewer, director_id: str | None) -> bool:
    """May the viewer open this young person's timeline at all (of their own municipality)?

    A young person may open their own only: `open_youth` answers any other as not there.
    """
    if viewer.young_person is not None:
        return True
    if viewer.auditor or directs(viewer, director_id):
        return True
    return bool(viewer.own_domains - {"intake"}) or "intake" in viewer.roles


def covered(leefgebied: str | None, domain: str, vertrouwelijkheid: str | None,
            consents: Iterable[Consent], moment: datetime) -> bool:  # fmt: skip
    """Does a consent to share the timeline cover this entry at `moment`?"""
    if leefgebied is None:
        if vertrouwelijkheid == SPECIAL:
            return False
        leefgebied = DOMAIN_LEEFGEBIED.get(domain)
    return any(
        c.purpose == SHARING and leefgebied in c.leefgebieden and c.holds_at(moment)
        for c in consents
    )


def decide(  # noqa: PLR0913, PLR0911 - the facts of one decision, each named at the call site
    viewer: Viewer,
    *,
    director_id: str | None,
    domain: str,
    leefgebied: str | None,
    vertrouwelijkheid: str | None,
    consents: Iterable[Consent],
    moment: datetime,
    policy: Policy,
    shared: bool = True,
) -> Decision:
    """Show, redact or hide one entry for `viewer` (see the module's docstring)."""
    if viewer.young_person is not None:  # their own timeline: open_youth let no other through
        return "toon"
    if viewer.auditor or domain in viewer.own_domains - {"intake"}:
        return "toon"
    if domain == "intake" and (directs(viewer, director_id) or "intake" in viewer.roles):
        return "toon"
    if not directs(viewer, director_id):
        return "verborgen"
    if not shared:
        return "afgeschermd"
    if covered(leefgebied, domain, vertrouwelijkheid, consents, moment):
        return "toon"
    return "afgeschermd" if policy == "afschermen" else "verborgen"
