"""The housing read models: disposable, rebuilt from housing.events."""
