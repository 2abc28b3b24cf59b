"""CPU time of the processes in a measurement: on two shared cores, who was busy matters.

The load generator runs on the same machine as the services and the servers, so the latency
report says how much of a core each of them took, the generator included. Linux only (/proc);
elsewhere the shares are simply missing.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

_TICKS_PER_S = os.sysconf("SC_CLK_TCK")
# Fields after the command name in /proc/<pid>/stat (0 = state): ppid, ..., utime, stime.
_PPID, _UTIME, _STIME = 1, 11, 12


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int | None = None) -> float | None:
    """User + system CPU seconds of `pid` (None: this process); None where it cannot be read."""
    if pid is None:
        return time.process_time()
    fields = _stat(pid)
    if fields is None:
        return None
    return (int(fields[_UTIME]) + int(fields[_STIME])) / _TICKS_PER_S


def tree_cpu_seconds(pid: int) -> float | None:
    """CPU seconds of `pid` and its live children (PostgreSQL's backends are children).

    Approximate: a backend that exits inside the window takes its time with it.
    """
    own = cpu_seconds(pid)
    if own is None:
        return None
    children = 0.0
    for entry in Path("/proc").iterdir():
        if (
            entry.name.isdigit()
            and (fields := _stat(int(entry.name)))
            and fields[_PPID] == str(pid)
        ):
            children += (int(fields[_UTIME]) + int(fields[_STIME])) / _TICKS_PER_S
    return own + children


@dataclass
class CpuWatch:
    """CPU used by named processes between `start()` and `shares()`, in % of one core.

    `pids` maps a name to a pid (None: this process); names in `trees` count their children.
    """

    pids: dict[str, int | None]
    trees: frozenset[str] = frozenset()
    _started: dict[str, float | None] = field(default_factory=dict)
    _wall: float = 0.0

    def _read(self, name: str) -> float | None:
        pid = self.pids[name]
        return tree_cpu_seconds(pid) if pid is not None and name in self.trees else cpu_seconds(pid)

    def start(self) -> None:
        """Take the starting readings."""
        self._started = {name: self._read(name) for name in self.pids}
        self._wall = time.perf_counter()

    def shares(self) -> dict[str, float | None]:
        """Percent of one core each process used since `start()`."""
        wall = time.perf_counter() - self._wall
        shares: dict[str, float | None] = {}
        for name in self.pids:
            now, then = self._read(name), self._started.get(name)
            shares[name] = None if now is None or then is None else (now - then) / wall * 100
        return shares
