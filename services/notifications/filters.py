"""Which subscriptions an event goes to: its municipality, and a prefix of its `type`.

Like the Notificaties API's `cloudeventFilters[].typeSubstring`, but anchored: a prefix such
as `nl.regie.debts.` takes every debts event, `nl.regie.` everything. No prefix takes all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The start of a regie type: `nl.regie.`, then any part of `<domain>.<kebab-name>[.vN]`.
TYPE_PREFIX = re.compile(r"^nl\.regie\.(?:[a-z]+(?:\.[a-z0-9.-]*)?)?$")
MAX_PREFIX_LENGTH = 200


def is_type_prefix(prefix: str) -> bool:
    """Whether `prefix` could start a regie event type (so it is not a typo that never matches)."""
    return len(prefix) <= MAX_PREFIX_LENGTH and TYPE_PREFIX.fullmatch(prefix) is not None


def domain_of_prefix(prefix: str) -> str | None:
    """The domain a prefix is limited to, once it names one completely (`nl.regie.debts.`)."""
    parts = prefix.split(".")
    return parts[2] if len(parts) > 3 else None  # noqa: PLR2004 - nl, regie, domain, rest


@dataclass(frozen=True)
class Filter:
    """One subscription's filter: events of `gemeentecode` whose type starts with a prefix."""

    gemeentecode: str
    type_prefixes: tuple[str, ...] = ()

    def matches(self, event_type: str, gemeentecode: str) -> bool:
        """Whether an event of this type and municipality goes to the subscription."""
        if gemeentecode != self.gemeentecode:
            return False
        return not self.type_prefixes or event_type.startswith(self.type_prefixes)
