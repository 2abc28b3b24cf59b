"""Whose young person is this: the municipality comes from intake's registration, never a writer."""

from shared.tenancy.registry import (
    Registration,
    YouthRegistry,
    learn_age,
    registrations_migrations,
)

__all__ = ["Registration", "YouthRegistry", "learn_age", "registrations_migrations"]
