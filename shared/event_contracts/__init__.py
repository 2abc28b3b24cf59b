"""Published event contracts: schemas, released snapshots, compatibility and upcasting.

Import from the modules themselves. This file imports nothing, so a pure module here
(`upcasting`, `extensions`) loads without the envelope, Kafka or the event store: the domain
ring uses those two.
"""
