"""Every service's published catalogue, for the repository's tools (checks, docs, AsyncAPI).

Only tools import this: services never import each other, and `shared` never imports services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contracts.services import declarations
from services.timeline.comparison.event import CATALOGUE as FIGURES

if TYPE_CHECKING:
    from shared.events import EventCatalogue

# Each commanding service's, as its declaration names it (contracts/services.py finds them).
CATALOGUES: dict[str, EventCatalogue] = {
    d.catalogue.domain: d.catalogue for d in declarations().values()
}

# Every catalogue whose events leave a service: the domains' and the protected figures each
# deployment publishes for comparison across municipalities (nl.regie.figures.*, issue 22).
PUBLISHED: dict[str, EventCatalogue] = {**CATALOGUES, FIGURES.domain: FIGURES}
