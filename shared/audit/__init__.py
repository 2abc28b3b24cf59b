"""Audit tooling over a service's stores: `python -m shared.audit verify --service intake`."""
