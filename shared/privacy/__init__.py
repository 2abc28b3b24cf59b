"""Privacy by construction: personal fields sealed per person, erasure by destroying the key."""

from shared.privacy.keys import DataKey, KeyStore, SubjectErasedError, key_store_migration
from shared.privacy.markers import (
    ERASED,
    FIN,
    FT,
    ID,
    PERSONAL_FIELD_NAMES,
    SPD,
    Erased,
    PersonalData,
    personal_fields,
)
from shared.privacy.master_key import KeyWrapper, MasterKey
from shared.privacy.sealing import Sealer

__all__ = [
    "ERASED",
    "FIN",
    "FT",
    "ID",
    "PERSONAL_FIELD_NAMES",
    "SPD",
    "DataKey",
    "Erased",
    "KeyStore",
    "KeyWrapper",
    "MasterKey",
    "PersonalData",
    "Sealer",
    "SubjectErasedError",
    "key_store_migration",
    "personal_fields",
]
