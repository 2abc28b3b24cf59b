"""Published event contracts: schemas, released snapshots, compatibility and upcasting."""

from shared.contracts.schemas import EventContract, contract_of, contracts_of, data_schema
from shared.contracts.upcasting import (
    Add,
    MapValues,
    Remove,
    Rename,
    Step,
    Upcaster,
    Upcasters,
    apply_steps,
)

__all__ = [
    "Add",
    "EventContract",
    "MapValues",
    "Remove",
    "Rename",
    "Step",
    "Upcaster",
    "Upcasters",
    "apply_steps",
    "contract_of",
    "contracts_of",
    "data_schema",
]
