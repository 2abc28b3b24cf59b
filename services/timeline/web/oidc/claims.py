"""The provider's claims as ours: municipality, a professional's roles, a young person's BSN.

The provider knows nothing of regie's roles or youth ids (deploy/oidc.md): a professional's
groups become roles through `OIDC_ROLE_MAP`, a young person's BSN becomes their youth id
through intake (identities.py). Whatever does not map signs nobody in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

    from services.timeline.web.oidc.settings import OidcSettings

_GEMEENTECODE: Final = re.compile(r"[0-9]{4}")
_BSN: Final = re.compile(r"[0-9]{9}")
MAX_SUBJECT_CHARS: Final = 200


def gemeentecode_of(claims: Mapping[str, Any], settings: OidcSettings) -> str | None:
    """The municipality: the configured claim when it holds four digits, else the fixed code."""
    if settings.gemeentecode_claim is not None:
        value = claims.get(settings.gemeentecode_claim)
        if isinstance(value, str) and _GEMEENTECODE.fullmatch(value):
            return value
        return None
    return settings.gemeentecode


def roles_of(claims: Mapping[str, Any], settings: OidcSettings) -> frozenset[str]:
    """A professional's roles: each of their groups that the role map names (others ignored)."""
    value = claims.get(settings.roles_claim)
    groups = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return frozenset(
        settings.role_map[group]
        for group in groups
        if isinstance(group, str) and group in settings.role_map
    )


def bsn_of(claims: Mapping[str, Any], settings: OidcSettings) -> str | None:
    """The BSN claim as nine digits (some brokers send a number: leading zeros restored)."""
    value = claims.get(settings.bsn_claim)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**9:
        value = f"{value:09d}"
    return value if isinstance(value, str) and _BSN.fullmatch(value) else None


def professional_subject(claims: Mapping[str, Any]) -> str | None:
    """The employee's pseudonym: the provider's `sub` (stable per account), bounded in length."""
    subject = claims.get("sub")
    if isinstance(subject, str) and 0 < len(subject) <= MAX_SUBJECT_CHARS:
        return subject
    return None


def young_person_subject(youth_id: str) -> str:
    """A young person's `sub`: the same pseudonym intake logs the lookup with, never the BSN."""
    return f"jongere-{youth_id}"


def assurance_met(claims: Mapping[str, Any], settings: OidcSettings) -> bool:
    """Whether the sign-in's level of assurance (`acr`) is one Mijn regie accepts.

    The provider is asked for these levels, but a request parameter proves nothing: the
    signed ID token must say which level the person signed in with.
    """
    if not settings.acr_values:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in settings.acr_values
