"""Intake's entry points: HTTP."""
