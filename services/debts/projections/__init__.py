"""The debts read models: disposable, rebuilt from debts.events."""
