"""`make soak`: the whole stack on loopback under a steady load while faults are injected.

Every service runs as its own process on embedded PostgreSQL and broker (as `make run`
starts them). A steady mixed load (a young person's story through intake and every life
domain, and reads of timelines, reports and the web view) runs while a fault schedule kills
each service with `-9` and restarts it, restarts PostgreSQL, restarts the broker (followed by
the relays' republish) and pauses the timeline's consumer. At the end it checks what the
platform promises (`checks.py`) and writes its figures and charts (`charts.py`).
"""
