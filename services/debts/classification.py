"""Legal basis, life domain and confidentiality of debt events (CloudEvents extensions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.event_contracts.extensions import Extension, always
from shared.subject_rights import WHILE_NOT_SHARED

if TYPE_CHECKING:
    from services.debts.domain.model import Trajectory

EXTENSIONS = {
    # Wet gemeentelijke schuldhulpverlening; the fund's help rests on it as well.
    "grondslag": "wgs",
    "leefgebied": "financien",
    "vertrouwelijkheid": "vertrouwelijk",
}


def extensions_for(state: Trajectory) -> dict[str, str]:
    """The extensions of debts' next event: the above, and `delen: nee` while not sharing."""
    return EXTENSIONS | state.privacy.extensions


def published_extensions(_type_name: str) -> dict[str, Extension]:
    """What every debts type carries, for the catalogue: the same for each type."""
    return {name: always(value) for name, value in EXTENSIONS.items()} | WHILE_NOT_SHARED
