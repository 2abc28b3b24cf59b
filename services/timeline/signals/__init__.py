"""Signals: what needs a worker's attention today, derived from the domains' events."""
