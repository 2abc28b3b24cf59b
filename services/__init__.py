"""Regie: life-domain services, one deployable package each."""
