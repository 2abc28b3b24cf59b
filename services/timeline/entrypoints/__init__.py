"""The timeline's entry points: HTTP."""
