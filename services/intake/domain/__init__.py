"""Intake's pure domain: commands, events, and the rules that turn one into the other."""
