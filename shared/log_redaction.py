"""Keep personal data out of application logs, whatever a developer passes to a logger.

Every field name marked as personal data in any event model (`shared.personal_data`) is replaced by
a placeholder, at any depth: in keyword arguments, dicts, lists and pydantic models (commands
that share a field name with an event are caught too). Values are not inspected, so personal
data inside free-form message text is not found: log ids and codes, never sentences.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from shared.personal_data import PERSONAL_FIELD_NAMES

REDACTED = "[persoonsgegeven verwijderd]"
_MAX_DEPTH = 6


def _scrub(value: Any, depth: int) -> Any:  # noqa: ANN401 - any loggable value
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return {
            k: REDACTED if k in PERSONAL_FIELD_NAMES else _scrub(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_scrub(v, depth + 1) for v in value]
    return value


def redact_personal_data(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN401
    """Strip personal fields before anything is rendered (a structlog processor)."""
    return {
        key: REDACTED if key in PERSONAL_FIELD_NAMES else _scrub(value, 0)
        for key, value in event_dict.items()
    }
