"""Income's read models."""
