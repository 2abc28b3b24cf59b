"""The coaching read models: disposable, rebuilt from coaching.events."""
