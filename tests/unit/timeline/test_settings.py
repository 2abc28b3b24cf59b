"""The timeline finds every life domain's URL for the auditor's Verwerkingen page."""

from services.timeline.settings import TimelineSettings


def test_every_life_domain_url_the_launcher_sets_is_read_income_included(monkeypatch):
    """REGIE_<NAME>_URL of each domain in shared/life_domains.py, in the domains' order."""
    for name in ("INTAKE", "DEBTS", "HOUSING", "COACHING", "INCOME"):
        monkeypatch.delenv(f"TIMELINE_{name}_URL", raising=False)
        monkeypatch.delenv(f"REGIE_{name}_URL", raising=False)
    monkeypatch.setenv("REGIE_INCOME_URL", "http://income:8007")
    monkeypatch.setenv("REGIE_INTAKE_URL", "http://intake:8001")
    monkeypatch.setenv("TIMELINE_DEBTS_URL", "http://debts:8003")

    urls = TimelineSettings().service_urls()

    assert urls == {
        "intake": "http://intake:8001",
        "debts": "http://debts:8003",
        "income": "http://income:8007",
    }
    assert list(urls) == ["intake", "debts", "income"]


def test_a_json_map_names_urls_the_environment_does_not():
    """TIMELINE_DOMAIN_URLS (here the field) wins over the launcher's variables."""
    settings = TimelineSettings(domain_urls={"coaching": "http://c:1"})

    assert settings.service_urls()["coaching"] == "http://c:1"
