"""Income's HTTP edge."""
