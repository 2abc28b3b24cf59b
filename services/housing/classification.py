"""Legal basis, life domain and confidentiality of housing events (CloudEvents extensions).

The basis follows the young person's age as intake's and coaching's do (shared/legal_basis.py,
issue 19): housing support of a young person below 18, or up to 23 in extended youth care,
rests on the Jeugdwet, by the band housing last learnt from intake's topic when it records the
fact. Otherwise shelter and protected living rest on the Wmo 2015, the woontoelage on the
Participatiewet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.event_contracts.extensions import Extension, always, sometimes
from shared.legal_basis import JEUGDWET, under_the_youth_act
from shared.subject_rights import WHILE_NOT_SHARED

if TYPE_CHECKING:
    from shared.subject_rights import Privacy

EXTENSIONS = {"grondslag": "wmo", "leefgebied": "wonen", "vertrouwelijkheid": "vertrouwelijk"}
PW_EVENTS = frozenset(
    {"nl.regie.housing.housing-allowance-granted", "nl.regie.housing.housing-allowance-ended"}
)


def extensions_for(
    type_name: str,
    privacy: Privacy | None = None,
    *,
    age_band: str | None = None,
    youth_care_extended: bool = False,
) -> dict[str, str]:
    """The CloudEvents extensions a housing event carries; `delen: nee` while not sharing."""
    shared = privacy.extensions if privacy is not None else {}
    youth_act = under_the_youth_act(age_band, youth_care_extended=youth_care_extended)
    basis = JEUGDWET if youth_act else _adult_grondslag(type_name)
    return EXTENSIONS | {"grondslag": basis} | shared


def _adult_grondslag(type_name: str) -> str:
    return "pw" if type_name in PW_EVENTS else "wmo"


def published_extensions(type_name: str) -> dict[str, Extension]:
    """What a housing type carries, for the catalogue: the basis by the age, the rest fixed."""
    fixed = extensions_for(type_name)
    adult = _adult_grondslag(type_name)
    stated = {name: always(value) for name, value in fixed.items()}
    stated["grondslag"] = sometimes(
        adult,
        JEUGDWET,
        when=f"{JEUGDWET} below 18 and up to 23 in extended youth care, as intake last"
        f" published the age band; else {adult}",
    )
    return stated | WHILE_NOT_SHARED
