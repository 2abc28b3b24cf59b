"""Who opens the audit pages: the auditor and the privacy officer, no one else."""

from __future__ import annotations

from typing import Final

AUDIT_ROLES: Final = ("auditor", "privacy_officer")
