"""The fault schedule: what fails when, spread over the middle of the soak.

Pure: `schedule` only decides the order and the planned moments; `soak.run` carries them out
one after the other (a fault starts at its moment or when the one before it has ended,
whichever is later), so two faults never overlap and each window is its own.
"""

from __future__ import annotations

from dataclasses import dataclass

POSTGRES = "postgres"
BROKER = "broker"
PAUSE = "pause"
KILL = "kill"
KINDS = (KILL, POSTGRES, BROKER, PAUSE)
# The share of the run after which no fault starts: the rest is steady load.
QUIET_AFTER = 0.6


@dataclass(frozen=True)
class Planned:
    """A fault to inject at `at` seconds: `kind` (kill, postgres, broker, pause) on `target`."""

    at: float
    kind: str
    target: str

    @property
    def name(self) -> str:
        """How the report names it: `kill -9 debts`, `restart postgres`, `pause timeline`."""
        if self.kind == KILL:
            return f"kill -9 {self.target}"
        if self.kind == PAUSE:
            return f"pause {self.target}"
        return f"restart {self.target}"


def schedule(
    duration_s: float, services: list[str], paused: str, kinds: tuple[str, ...] = KINDS
) -> list[Planned]:
    """Every service killed once, PostgreSQL and the broker restarted, `paused` paused once.

    Only the `kinds` asked for (all by default).

    Evenly over the span between a warm-up (a tenth, at least 10 s) and 60 % of the run
    (at least 20 s before its end: the last fault's lag must be seen to return to zero),
    interleaving the heavy faults with the kills so that their effects do not pile up. The
    quiet rest is where memory is judged: a broker restart makes every consumer read its
    topics again, a one-off step in resident memory that is not growth.
    """
    kills = [(KILL, name) for name in services] if KILL in kinds else []
    heavy = [
        (k, t) for k, t in ((POSTGRES, POSTGRES), (PAUSE, paused), (BROKER, BROKER)) if k in kinds
    ]
    order: list[tuple[str, str]] = []
    every = max(1, len(kills) // (len(heavy) + 1))
    for index, kill in enumerate(kills):
        order.append(kill)
        if heavy and (index + 1) % every == 0:
            order.append(heavy.pop(0))
    order += heavy
    start = max(10.0, duration_s / 10)
    end = max(start, min(duration_s * QUIET_AFTER, duration_s - 20.0))
    step = (end - start) / max(1, len(order) - 1)
    return [Planned(start + i * step, kind, target) for i, (kind, target) in enumerate(order)]
