"""A sealed value's length must not name it: codes are padded to one block before sealing."""

from __future__ import annotations

import base64
import secrets
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic_core import to_json

from shared.privacy.fields import PAD_BLOCK, PREFIX, open_value, seal_value
from shared.privacy.keys import DataKey

KEY = DataKey(key_id=uuid.uuid4(), key=secrets.token_bytes(32))
CODES = ("justitie", "financien", "psychische_gezondheid", "verslaving", "wonen", "zorg")


def test_every_life_domain_code_seals_to_the_same_length():
    """Before padding, `justitie` was the only 10-byte domain: its ciphertext gave it away."""
    lengths = {len(seal_value(KEY, code, "event/field")) for code in CODES}
    assert len(lengths) == 1


def test_a_longer_value_shows_its_length_in_blocks_only_and_opens_unpadded():
    short, long_ = "x" * 40, "y" * 50  # both in the second block
    assert len(seal_value(KEY, short, "a")) == len(seal_value(KEY, long_, "a"))
    assert open_value(KEY, seal_value(KEY, long_, "a"), "a") == long_
    assert len(to_json("psychische_gezondheid")) <= PAD_BLOCK


def test_a_value_sealed_before_the_padding_still_opens():
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(KEY.key).encrypt(nonce, to_json(["justitie"]), b"a")
    old = f"{PREFIX}{KEY.key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"
    assert open_value(KEY, old, "a") == ["justitie"]
