"""The result of a scheduled chain verification, recorded as an event of the service itself.

Every commanding service verifies its own hash chains (shared/audit/incremental.py) and
records the outcome in its own store, stream `integrity-<gemeentecode>`, one event per
municipality whose data it holds: `chains-verified` when everything read holds,
`chain-verification-failed` naming each problem's place. The timeline raises a signal for the
privacy officer from a failure and resolves it on the next pass (services/timeline/signals).

The contract names are the same in each domain (`nl.regie.<domain>.chains-verified`, ...);
each domain registers its own subclass in its own catalogue, as with `ErasureConfirmed`
(shared/subject_rights.py). Only counts and places: stream ids, versions and the opaque ids of
chains, never personal data.

Pure (pydantic and pure parts of `shared`): the domain ring imports it.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.events import DomainEvent

__all__ = ["ChainVerificationFailed", "ChainsVerified", "IntegrityEvents"]

MAX_PROBLEMS = 200


class ChainsVerified(DomainEvent):
    """A scheduled pass recomputed every event and log entry added since the last: all hold."""

    name: ClassVar[str] = "chains-verified"

    service: str = Field(description="The service whose chains were verified.", examples=["debts"])
    events_checked: int = Field(
        ge=0,
        description="Events of this municipality recomputed in this pass (those appended since"
        " the last pass).",
        examples=[412],
    )
    log_entries_checked: int = Field(
        ge=0,
        description="Processing-log entries of this municipality recomputed in this pass.",
        examples=[1380],
    )


class ChainVerificationFailed(DomainEvent):
    """A scheduled pass found events or log entries altered, removed, inserted or reordered."""

    name: ClassVar[str] = "chain-verification-failed"

    service: str = Field(description="The service whose chains were verified.", examples=["debts"])
    events_checked: int = Field(
        ge=0, description="Events of this municipality recomputed in this pass.", examples=[412]
    )
    log_entries_checked: int = Field(
        ge=0,
        description="Processing-log entries of this municipality recomputed in this pass.",
        examples=[1380],
    )
    problem_count: int = Field(
        ge=1, description="How many problems were found (all of them).", examples=[1]
    )
    problems: list[str] = Field(
        min_length=1,
        max_length=MAX_PROBLEMS,
        description="Each problem with its place: the chain (events, processing log, anchors),"
        " the stream and version or the log chain and entry, and what does not add up; the first"
        f" {MAX_PROBLEMS} when there are more.",
        examples=[
            [
                (
                    "events: trajectory-6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b v4 (position 812):"
                    " content does not match its hash: altered"
                )
            ]
        ],
    )


IntegrityEvents = (ChainsVerified, ChainVerificationFailed)
