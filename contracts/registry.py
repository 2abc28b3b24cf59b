"""Every service's published catalogue, for the repository's tools (checks, docs, AsyncAPI).

Only tools import this: services never import each other, and `shared` never imports services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contracts.services import declarations

if TYPE_CHECKING:
    from shared.events import EventCatalogue

# Each commanding service's, as its declaration names it (contracts/services.py finds them).
CATALOGUES: dict[str, EventCatalogue] = {
    d.catalogue.domain: d.catalogue for d in declarations().values()
}
