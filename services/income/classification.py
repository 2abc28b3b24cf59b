"""Legal basis, life domain and confidentiality of income events (CloudEvents extensions).

Income is the Participatiewet's (`pw`), on the life domain `financien` (the ZRM's Financiën
covers income and debts alike; intake's codes have no other), so a consent for financien
reaches debts and income together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.event_contracts.extensions import Extension, always
from shared.subject_rights import WHILE_NOT_SHARED

if TYPE_CHECKING:
    from shared.subject_rights import Privacy

EXTENSIONS = {"grondslag": "pw", "leefgebied": "financien", "vertrouwelijkheid": "vertrouwelijk"}


def extensions_for(privacy: Privacy | None = None) -> dict[str, str]:
    """The extensions of income's next event: the above, and `delen: nee` while not sharing."""
    return EXTENSIONS | (privacy.extensions if privacy is not None else {})


def published_extensions(_type_name: str) -> dict[str, Extension]:
    """What every income type carries, for the catalogue: the same for each type."""
    return {name: always(value) for name, value in EXTENSIONS.items()} | WHILE_NOT_SHARED
