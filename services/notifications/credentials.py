"""A subscription's HMAC secret and Authorization value, sealed at rest with the master key.

The bridge must read both back to sign and authenticate each POST, so they are encrypted
rather than hashed; the master key (`REGIE_MASTER_KEY`, the one the domains wrap their data
keys with) stays outside the database. Each value is bound to its subscription and its use,
so a sealed value copied to another row or column does not open.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from uuid import UUID

    from shared.privacy import KeyWrapper

Use = Literal["secret", "auth"]
_SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret: 256 random bits, URL-safe text (shown to the integrator once)."""
    return secrets.token_urlsafe(_SECRET_BYTES)


class Credentials:
    """Seals and opens a subscription's credentials."""

    def __init__(self, wrapper: KeyWrapper) -> None:
        """Seal with `wrapper` (the master key, or a KMS behind the same protocol)."""
        self._wrapper = wrapper

    async def seal(self, subscription_id: UUID, use: Use, value: str) -> bytes:
        """Encrypt `value` for this subscription and use."""
        return await self._wrapper.wrap(value.encode(), _context(subscription_id, use))

    async def open(self, subscription_id: UUID, use: Use, sealed: bytes) -> str:
        """Decrypt what `seal` made for the same subscription and use."""
        return (await self._wrapper.unwrap(sealed, _context(subscription_id, use))).decode()


def _context(subscription_id: UUID, use: Use) -> str:
    return f"notifications:subscription:{subscription_id}:{use}"
