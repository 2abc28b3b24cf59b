"""AES-256-GCM for single field values: `enc:v1:<key id>:<base64url(nonce | ciphertext)>`.

The associated data binds each ciphertext to its event and field, so a ciphertext copied into
another event or field does not decrypt.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic_core import from_json, to_json

if TYPE_CHECKING:
    from shared.privacy.keys import DataKey

PREFIX = "enc:v1:"
_NONCE = 12
# Plaintexts are padded with JSON whitespace to a multiple of this many bytes before sealing:
# without it a sealed code's length names it (`"justitie"` was the only 10-byte life domain).
# Every code and short value fits one block; a longer text shows its length in blocks only.
# Reading ignores the padding, so values sealed before it still open.
PAD_BLOCK = 32


def is_ciphertext(value: object) -> bool:
    """Whether a stored value is one of ours."""
    return isinstance(value, str) and value.startswith(PREFIX)


def key_id_of(ciphertext: str) -> uuid.UUID:
    """The id of the key that sealed this value."""
    return uuid.UUID(ciphertext[len(PREFIX) :].split(":", 1)[0])


def seal_value(key: DataKey, value: Any, associated: str) -> str:  # noqa: ANN401 - any JSON value
    """Encrypt one JSON value."""
    nonce = secrets.token_bytes(_NONCE)
    plain = to_json(value)
    plain += b" " * (-len(plain) % PAD_BLOCK)
    sealed = AESGCM(key.key).encrypt(nonce, plain, associated.encode())
    token = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{PREFIX}{key.key_id}:{token}"


def open_value(key: DataKey, ciphertext: str, associated: str) -> Any:  # noqa: ANN401 - any JSON value
    """Decrypt one value sealed by `seal_value`."""
    token = ciphertext[len(PREFIX) :].split(":", 1)[1]
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    return from_json(AESGCM(key.key).decrypt(raw[:_NONCE], raw[_NONCE:], associated.encode()))
