"""Intake's read models: disposable, rebuilt from intake.events."""
