"""The BSN lookup for signing in: only the sign-in's service key opens it, as the register says."""

from __future__ import annotations

from pydantic import SecretStr

from contracts import processing_register as pr
from services.intake.entrypoints.identity_lookup_api import lookup_key_matches

KEY = SecretStr("a-service-key-of-at-least-thirty-two-characters")


def test_only_the_configured_key_as_a_bearer_matches():
    assert lookup_key_matches(KEY, f"Bearer {KEY.get_secret_value()}")
    assert lookup_key_matches(KEY, f"bearer  {KEY.get_secret_value()} ")
    key = KEY.get_secret_value()
    jwt_like = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"
    for sent in ("", "Bearer", "Bearer ", f"Basic {key}", f"Bearer {key}x", jwt_like):
        assert not lookup_key_matches(KEY, sent), sent
    assert not lookup_key_matches(None, f"Bearer {KEY.get_secret_value()}")


def test_the_register_names_the_sign_in_service_not_any_role_as_its_caller():
    """The route has no role check: the register must not say every signed-in role may call it."""
    rows = [r for r in pr.build_register(pr.built_apps()).activities
            if (r.service, r.activity) == ("intake", "intake.inloggen")]  # fmt: skip
    assert len(rows) == 1
    assert rows[0].roles == ("de inlogdienst van de tijdlijn (servicesleutel, geen rol)",)
    assert rows[0].grondslag == ("avg_15",)
    assert rows[0].routes == ("POST /identities/lookup",)
