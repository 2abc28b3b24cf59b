"""Legal basis, life domain and confidentiality of housing events (CloudEvents extensions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.event_contracts.extensions import Extension, always
from shared.subject_rights import WHILE_NOT_SHARED

if TYPE_CHECKING:
    from shared.subject_rights import Privacy

# Shelter and protected living rest on the Wmo 2015; the woontoelage on the Participatiewet.
EXTENSIONS = {"grondslag": "wmo", "leefgebied": "wonen", "vertrouwelijkheid": "vertrouwelijk"}
PW_EVENTS = frozenset(
    {"nl.regie.housing.housing-allowance-granted", "nl.regie.housing.housing-allowance-ended"}
)


def extensions_for(type_name: str, privacy: Privacy | None = None) -> dict[str, str]:
    """The CloudEvents extensions a housing event carries; `delen: nee` while not sharing."""
    shared = privacy.extensions if privacy is not None else {}
    return EXTENSIONS | ({"grondslag": "pw"} if type_name in PW_EVENTS else {}) | shared


def published_extensions(type_name: str) -> dict[str, Extension]:
    """What a housing type carries, for the catalogue: fixed per type."""
    fixed = extensions_for(type_name)
    return {name: always(value) for name, value in fixed.items()} | WHILE_NOT_SHARED
