"""The refusals about the trajectory itself, which the state and the rules both raise."""

from __future__ import annotations

from shared.rules import ConflictError, NotFoundError

__all__ = ["ErasedError", "UnknownTrajectoryError"]


class UnknownTrajectoryError(NotFoundError):
    """The command needs an open debt trajectory and there is none (HTTP 404)."""

    default_nl = "Geen lopend schuldhulptraject"
    default_en = "No open debt trajectory"


class ErasedError(ConflictError):
    """The trajectory's amounts were erased with the young person's key (HTTP 409)."""

    default_nl = "De bedragen van dit schuldhulptraject zijn vernietigd"
    default_en = "The amounts of this debt trajectory were erased"
