"""The housing service's entry points: HTTP."""
