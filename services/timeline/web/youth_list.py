"""Mijn jongeren, arranged: searched by name, sorted by signals or a life domain's status.

Names come from intake per page (web/names.py) and are never stored here, so the search
runs over this page's names in the view. Ids stay out of sight unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.timeline.web.labels import DOMAIN_ORDER, badge

if TYPE_CHECKING:
    from services.timeline.read_model.queries import YouthListItem

# How much a status should catch the eye: the worrying first when sorting by a domain.
TONE_ORDER = {"zorg": 0, "let-op": 1, "neutraal": 2, "goed": 3, "afgeschermd": 4}
SORTS = ("ingeschreven", "naam", "signalen", *DOMAIN_ORDER)


@dataclass(frozen=True)
class ListView:
    """What the employee asked of the list: a name to find, an order, the ids shown or not."""

    zoek: str = ""
    sorteer: str = "ingeschreven"
    ids: bool = False

    @classmethod
    def of(cls, zoek: str | None, sorteer: str | None, ids: str | None) -> ListView:
        """From the query string; an order we do not know falls back to the registration's."""
        order = sorteer if sorteer in SORTS else "ingeschreven"
        return cls((zoek or "").strip()[:100], order, ids in {"1", "ja", "on"})


def arrange(
    items: list[YouthListItem], names: dict[str, str], counts: dict[str, int], view: ListView
) -> list[YouthListItem]:
    """The young people whose name holds the search, in the order asked for."""
    wanted = view.zoek.casefold()
    found = [i for i in items if not wanted or wanted in names.get(i.youth_id, "").casefold()]

    def name(item: YouthListItem) -> str:
        return names.get(item.youth_id, "~" + item.youth_id).casefold()  # no name: last

    if view.sorteer == "signalen":
        return sorted(found, key=lambda i: (-counts.get(i.youth_id, 0), name(i)))
    if view.sorteer in DOMAIN_ORDER:
        return sorted(found, key=lambda i: (_tone(i, view.sorteer), name(i)))
    if view.sorteer == "naam":
        return sorted(found, key=name)
    return found  # as registered (the read model's order)


def _tone(item: YouthListItem, domain: str) -> int:
    code = item.badges.get(domain)
    return TONE_ORDER.get(badge(code)[1], 2) if code else len(TONE_ORDER)
