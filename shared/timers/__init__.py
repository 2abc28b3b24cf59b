"""Durable timers: time as events.

A decision schedules a due moment in the same transaction as its events, or cancels one when
the awaited fact arrives (`changes.py`, applied by the event store's append). A worker
(`worker.py`) claims the due ones (`table.py`: FOR UPDATE SKIP LOCKED, a short lease, no
transaction held while deciding) and records the consequence through the service's own
pipeline and rules, under an event id derived from the timer's, so a second firing, by a
restarted or a concurrent worker, appends nothing. A timer that falls due while no worker
runs fires when one starts, late, recording the moment it was due. A firing that keeps failing
is `dead` after `max_attempts` claims (`table.py`), until a decision schedules it anew. The
worker runs in the app or alone (`python -m services.<name> timers`, shared/service_cli.py).

This package's `__init__` names only the pure data: the event store imports it.
"""

from shared.timers.changes import (
    Cancel,
    DueTimer,
    Schedule,
    TimerChange,
    TimerOrder,
    TimerRules,
    fired_event_id,
)

__all__ = [
    "Cancel",
    "DueTimer",
    "Schedule",
    "TimerChange",
    "TimerOrder",
    "TimerRules",
    "fired_event_id",
]
