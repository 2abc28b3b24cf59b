"""The key-encryption key that wraps every person's data key.

Development derives a fixed key (never for production: `REGIE_ENV=production` refuses it).
Production passes 32 random bytes, base64, in `REGIE_MASTER_KEY` or a file named by
`REGIE_MASTER_KEY_FILE`; a KMS or HSM plugs in by implementing `KeyWrapper`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE = 12
_DEV_KEY = hashlib.sha256(b"regie development master key - not for production").digest()


class KeyWrapper(Protocol):
    """Wraps and unwraps data keys; `context` binds a wrapped key to its owner."""

    async def wrap(self, key: bytes, context: str) -> bytes:
        """Encrypt a data key."""
        ...

    async def unwrap(self, wrapped: bytes, context: str) -> bytes:
        """Decrypt a data key."""
        ...


class MasterKey:
    """AES-256-GCM key wrapping with a local master key."""

    def __init__(self, key: bytes) -> None:
        """`key` must be 32 bytes."""
        if len(key) != 32:  # noqa: PLR2004 - AES-256
            raise ValueError("the master key must be 32 bytes (base64 of 32 random bytes)")
        self._aead = AESGCM(key)

    @classmethod
    def from_environment(cls) -> MasterKey:
        """Read the master key from the environment, or the development key outside production."""
        encoded = os.environ.get("REGIE_MASTER_KEY")
        path = os.environ.get("REGIE_MASTER_KEY_FILE")
        if path:
            encoded = Path(path).read_text().strip()
        if encoded:
            return cls(base64.b64decode(encoded))
        if os.environ.get("REGIE_ENV") == "production":
            raise RuntimeError(
                "REGIE_MASTER_KEY or REGIE_MASTER_KEY_FILE must be set in production"
            )
        return cls(_DEV_KEY)

    async def wrap(self, key: bytes, context: str) -> bytes:
        """Return nonce || ciphertext, authenticated with the owner's id."""
        nonce = secrets.token_bytes(_NONCE)
        return nonce + self._aead.encrypt(nonce, key, context.encode())

    async def unwrap(self, wrapped: bytes, context: str) -> bytes:
        """Inverse of `wrap`; fails loudly if the wrapped key was moved to another owner."""
        return self._aead.decrypt(wrapped[:_NONCE], wrapped[_NONCE:], context.encode())
