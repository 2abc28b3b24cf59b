"""Mijn regie's "Mijn mensen", "Wat komt eraan" and "Mijn tijdlijn": selection and words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from services.timeline.contacts import Contact
from services.timeline.read_model.access import Viewer, decide
from services.timeline.read_model.queries import UnknownYouthError, open_youth
from services.timeline.settings import TimelineSettings
from services.timeline.signals.coming import Awaited
from services.timeline.web.mijn.coming_words import coming
from services.timeline.web.mijn.people import my_people
from shared.devstack.demo_contacts import DEMO_CONTACTS, DEMO_CONTACTS_JSON

TODAY = date(2026, 3, 10)
CONTACTS = {
    "regisseur": Contact(naam="Jongerenteam", telefoon="070 353 10 00",
                         email="jongeren@gemeente.example", bereikbaar="Elke werkdag"),
    "klantmanager": Contact(naam="Werkplein", telefoon="+31 70 353 50 00"),
}  # fmt: skip


def awaited(kind: str, domain: str, detail: str, due: date | None, key: str = "") -> Awaited:
    return Awaited(kind, domain, detail, key or f"{domain}:{detail}:", due)


def test_what_is_coming_reads_in_plain_words_soonest_first_with_nothing_internal():
    """Deadlines and awaiting signals, by day; codes without words (the workers' own) left out."""
    lines = coming(
        [
            awaited("open", "intake", "planevaluatie", date(2026, 6, 10)),
            awaited("open", "debts", "eerste_gesprek", date(2026, 3, 11)),
            awaited("open", "housing", "eerste_week", TODAY),
            awaited("overgangsplan_nodig", "intake", "overgangsplan", None),
            awaited("termijn_verstreken", "housing", "eerste_week_briefadres", date(2026, 3, 1)),
            awaited("open", "intake", "iets_nieuws", date(2026, 3, 12)),
            awaited("mogelijk_dubbel", "intake", "bsn", None),
        ],
        TODAY,
    )
    assert [line.what for line in lines] == [
        "Een adres voor je post",
        "Een plek om te slapen en een adres voor je post",
        "Je eerste gesprek over je schulden",
        "Je plan samen bespreken",
        "Een plan voor als je 18 bent",
    ]
    assert [line.when for line in lines] == [
        "Uiterlijk 1 maart 2026", "Vandaag", "Morgen", "Uiterlijk 10 juni 2026 (nog 92 dagen)",
        "Binnenkort",
    ]  # fmt: skip
    assert [line.late for line in lines] == [True, False, False, False, False]
    assert [line.where for line in lines][:3] == ["Wonen", "Wonen", "Geld en schulden"]
    shown = repr(lines)
    assert all(code not in shown for code in ("urgency", "termijn_", "bsn", "iets_nieuws"))


def test_a_goal_due_is_named_in_the_young_persons_own_words():
    """The goal's key names it; its text comes from their plan, else a general line."""
    due = awaited("open", "intake", "doel", date(2026, 9, 1), key="intake:doel:plan-1:g-werk:")
    other = awaited("open", "intake", "doel", date(2026, 9, 2), key="intake:doel:plan-1:g-x:")
    lines = coming([other, due], TODAY, {"g-werk": "Een leerwerkplek bij een garage."})
    assert [line.what for line in lines] == [
        "Je doel: Een leerwerkplek bij een garage.",
        "Een doel uit je plan",
    ]


def test_an_open_deadline_past_its_day_reads_as_late():
    """The timer may not have fired yet: a day gone by is late all the same."""
    [line] = coming([awaited("open", "housing", "woonplan", date(2026, 3, 9))], TODAY)
    assert (line.late, line.when) == (True, "Uiterlijk 9 maart 2026")


def test_my_people_are_roles_with_the_municipalitys_contacts_never_pseudonyms():
    """The regisseur first; per open domain its role; coaching by whom the municipality set."""
    involved = {
        "director_assigned": True,
        "domains": [{"domain": "debts", "since": "2026-01-05"}, {"domain": "coaching",
                                                                 "since": None}],
    }  # fmt: skip
    people = my_people(involved, CONTACTS)
    assert [(p.role, p.title) for p in people] == [
        ("regisseur", "Je jongerenregisseur"),
        ("schuldhulpverlener", "Je schuldhulpverlener"),
        ("klantmanager", "Je klantmanager"),
    ]
    assert people[0].contact == CONTACTS["regisseur"]
    assert people[1].contact is None  # not configured: the page says to ask the regisseur
    assert people[1].since == date(2026, 1, 5)
    assert people[2].contact is not None
    assert people[2].contact.tel_href() == "tel:+31703535000"


def test_without_a_regisseur_or_contacts_coaching_is_the_coach():
    people = my_people({"director_assigned": False, "domains": [{"domain": "coaching"}]}, {})
    assert [p.role for p in people] == ["coach"]
    assert my_people({}, CONTACTS) == []


@pytest.mark.parametrize(
    ("contacts", "named"),
    [
        ({"518": {}}, "gemeentecode '518'"),
        ({"0518": {"auditor": {"naam": "Controle"}}}, "role 'auditor'"),
        ({"0518": {"coach": {"naam": "Coaches", "telefoon": "bel ons"}}}, "telefoon"),
        ({"0518": {"coach": {"naam": "Coaches", "email": "geen-adres"}}}, "email"),
        ({"0518": {"coach": {"naam": "Coaches", "medewerker": "m-12"}}}, "medewerker"),
    ],
)
def test_contacts_are_validated_at_start_with_the_wrong_value_named(contacts, named):
    with pytest.raises(ValidationError, match=named):
        TimelineSettings(contacts=contacts)


def test_make_runs_demo_contacts_are_valid_for_every_role(monkeypatch):
    monkeypatch.setenv("TIMELINE_CONTACTS", DEMO_CONTACTS_JSON)
    demo = TimelineSettings().contacts
    assert set(demo) == set(DEMO_CONTACTS)
    assert set(demo["0518"]) == {"regisseur", "coach", "klantmanager", "schuldhulpverlener",
                                 "woonconsulent", "inkomensconsulent"}  # fmt: skip


def test_the_young_person_sees_every_entry_of_their_own_timeline_consent_or_not():
    """Right of access: no consent needed, a withheld (unshared) entry too, hidden never."""
    me = Viewer("jongere-1", frozenset({"jongere"}), "0518", young_person="y-1")
    for domain, shared in (("debts", False), ("housing", True), ("intake", True)):
        decision = decide(me, director_id="r-1", domain=domain, leefgebied=None,
                          vertrouwelijkheid="confidentieel", consents=[],
                          moment=datetime.now(UTC), policy="verbergen", shared=shared)  # fmt: skip
        assert decision == "toon"


async def test_a_young_person_opens_no_other_timeline():
    """Refused before any read: another id is the answer for one not there."""
    me = Viewer("jongere-1", frozenset({"jongere"}), "0518", young_person="y-1")
    with pytest.raises(UnknownYouthError):
        await open_youth(None, "timeline", "y-2", me)  # type: ignore[arg-type]
