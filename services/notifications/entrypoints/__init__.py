"""The bridge's HTTP edge."""
