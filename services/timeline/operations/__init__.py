"""Operator and auditor commands: `python -m services.timeline rebuild|as-of` and the replays."""
