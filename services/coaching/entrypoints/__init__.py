"""The coaching service's entry points: HTTP."""
