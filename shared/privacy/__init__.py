"""Privacy by construction: personal fields sealed per person, erasure by destroying the key.

The crypto and the key store (I/O). Which fields are personal, and the text an erased one
reads as, are marked in `shared.personal_data` (pure: the domain ring imports it).
"""

from shared.privacy.keys import DataKey, KeyStore, SubjectErasedError, key_store_migration
from shared.privacy.master_key import KeyWrapper, MasterKey
from shared.privacy.sealing import Sealer

__all__ = [
    "DataKey",
    "KeyStore",
    "KeyWrapper",
    "MasterKey",
    "Sealer",
    "SubjectErasedError",
    "key_store_migration",
]
