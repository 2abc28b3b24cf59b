"""The debts service's entry points: HTTP."""
