"""Demo seeding once per data directory, on the seeder's own young people only."""

from __future__ import annotations

import json
import subprocess

import pytest

from shared.devstack import demo_record, seeding
from shared.devstack.demo_record import DemoRecord, seed_once

MINE = ["11111111-1111-5111-8111-111111111111", "33333333-3333-5333-8333-333333333333"]
STRANGER = "22222222-2222-4222-8222-222222222222"
SEEDERS = ["intake", "debts", "housing"]
ENV = {"REGIE_INTAKE_URL": "http://intake", "REGIE_DEV_TOKEN": "t"}


def summary(youth_id: str, programma: str = "jpf") -> dict[str, str]:
    return {"youth_id": youth_id, "programma": programma}


def test_stories_go_to_the_seeders_own_young_people_only(monkeypatch):
    """Someone registered between the demo's young people is skipped, so turns do not shift."""
    listed = [summary(MINE[0]), summary(STRANGER), summary(MINE[1])]
    monkeypatch.setattr(seeding, "youth_summaries", lambda *_: listed)
    mine = seeding._settled_youths("http://intake", "t", set(MINE))
    assert [y["youth_id"] for y in mine] == MINE


def test_stories_wait_until_intake_lists_all_of_its_young_people(monkeypatch):
    """Intake's read model lags its writes: one not listed yet is waited for, not skipped."""
    reads = iter([[summary(MINE[0])], [summary(MINE[0]), summary(MINE[1])]])
    monkeypatch.setattr(seeding, "youth_summaries", lambda *_: next(reads))
    monkeypatch.setattr(seeding.time, "sleep", lambda _: None)
    assert len(seeding._settled_youths("http://intake", "t", set(MINE))) == 2


def test_the_launcher_names_the_young_people(monkeypatch):
    """`REGIE_DEMO_YOUTHS` unset (a seeder run by hand) means the whole list, as before."""
    monkeypatch.delenv(seeding.DEMO_YOUTHS_ENV, raising=False)
    assert seeding.own_youths() is None
    monkeypatch.setenv(seeding.DEMO_YOUTHS_ENV, ",".join(MINE))
    assert seeding.own_youths() == set(MINE)


@pytest.fixture
def runs(monkeypatch):
    """The seeders that ran, with the env they got; intake's demo 'creates' MINE."""
    ran: list[tuple[str, dict[str, str]]] = []

    def run(name, env, _root):
        ran.append((name, env))
        return list(MINE) if name == "intake" else []

    monkeypatch.setattr(demo_record, "_run", run)
    return ran


def test_a_first_run_seeds_everything_and_records_it(tmp_path, runs, monkeypatch):
    """Every seeder runs once; the stories get intake's demo young people, the record says so."""
    monkeypatch.setattr(demo_record, "youth_summaries", lambda *_: [])
    seed_once(tmp_path, SEEDERS, ENV, tmp_path)
    assert [name for name, _ in runs] == SEEDERS
    assert runs[1][1]["REGIE_DEMO_YOUTHS"] == ",".join(MINE)
    saved = json.loads((tmp_path / "demo.json").read_text())
    assert saved == {"seeded": SEEDERS, "youths": MINE}


def test_a_second_run_seeds_nothing(tmp_path, runs, capsys):
    """With the record complete, no seeder runs again (replaying a story can be refused)."""
    DemoRecord(tmp_path / "demo.json", list(SEEDERS), list(MINE)).save()
    seed_once(tmp_path, SEEDERS, ENV, tmp_path)
    assert runs == []
    assert "not again" in capsys.readouterr().out


def test_an_interrupted_seeding_goes_on_where_it_stopped(tmp_path, runs):
    """A run stopped during the stories tells only the remaining ones next time."""
    DemoRecord(tmp_path / "demo.json", ["intake", "debts"], list(MINE)).save()
    seed_once(tmp_path, SEEDERS, ENV, tmp_path)
    assert [(name, env["REGIE_DEMO_YOUTHS"]) for name, env in runs] == [("housing", ",".join(MINE))]


def test_data_seeded_before_the_record_existed_is_not_seeded_again(tmp_path, runs, monkeypatch):
    """Intake's demo young people were listed before its seeder ran: an earlier run's data."""
    listed = [summary(MINE[0]), summary(STRANGER), summary(MINE[1])]
    monkeypatch.setattr(demo_record, "youth_summaries", lambda *_: listed)
    seed_once(tmp_path, SEEDERS, ENV, tmp_path)
    assert [name for name, _ in runs] == ["intake"]
    assert DemoRecord.load(tmp_path).seeded == SEEDERS


def test_someone_elses_young_people_do_not_stop_a_first_seeding(tmp_path, runs, monkeypatch):
    """Young people on the list that intake's demo did not create: seeding goes ahead."""
    monkeypatch.setattr(demo_record, "youth_summaries", lambda *_: [summary(STRANGER)])
    seed_once(tmp_path, SEEDERS, ENV, tmp_path)
    assert [name for name, _ in runs] == SEEDERS


def test_an_unreadable_record_counts_as_none(tmp_path):
    """A record mangled by hand does not stop `make run`; it is written anew."""
    (tmp_path / "demo.json").write_text("{not json")
    assert DemoRecord.load(tmp_path).seeded == []


def test_a_failing_domain_seeder_leaves_the_platform_running_and_is_tried_next_time(
    tmp_path, monkeypatch, capsys
):
    """Debts' stories fail: no exception, the others still run, debts is not recorded as done."""
    monkeypatch.setattr(demo_record, "youth_summaries", lambda *_: [])

    def run(name, _env, _root):
        if name == "debts":
            raise subprocess.CalledProcessError(1, ["services.debts.demo"])
        return list(MINE) if name == "intake" else []

    monkeypatch.setattr(demo_record, "_run", run)
    seed_once(tmp_path, SEEDERS, ENV, tmp_path)
    saved = json.loads((tmp_path / "demo.json").read_text())
    assert saved["seeded"] == [name for name in SEEDERS if name != "debts"]
    assert "demo debts not seeded" in capsys.readouterr().err
