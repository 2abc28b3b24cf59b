"""Legal basis, life domain and confidentiality of debt events (CloudEvents extensions)."""

from __future__ import annotations

EXTENSIONS = {
    # Wet gemeentelijke schuldhulpverlening; the fund's help rests on it as well.
    "grondslag": "wgs",
    "leefgebied": "financien",
    "vertrouwelijkheid": "vertrouwelijk",
}
