"""``annotator merge`` and ``annotator curate`` through the command line."""

import json

import pytest

from annotator.cli import main
from annotator.store import Store
from tests.conftest import dump
from tests.test_curation_fixtures import span, three_annotators


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "c.sqlite"
    three_annotators(path).close()
    return path


def test_merge_reports_what_it_merged_and_what_is_left(runner, db):
    result = runner.invoke(main, ["merge", "--db", str(db), "--into", "gold", "--strategy", "majority",
                                  "--curator", "carla"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Merged 4 spans into gold (majority; layers alice, bob, carol) on 1 of 1 document: ACTOR 2, FIGURE 1, " \
           "LOCATION 1" in " ".join(out.split())
    assert "1 conflict(s) left in 1 document(s)" in out
    with Store.open(db) as store:
        assert store.span_provenance("d1", "gold")[span("Tokayev", "ACTOR")] == "merge:majority:alice,bob"
        assert store.history("d1", "gold")[-1]["actor"] == "carla"
    again = runner.invoke(main, ["merge", "--db", str(db), "--strategy", "majority"])
    assert "Merged 0 spans" in again.output and "Already in gold: 4" in again.output


def test_merge_json_dry_run_and_rerun(runner, db):
    before = dump(db)
    result = runner.invoke(main, ["merge", "--db", str(db), "--dry-run", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert dump(db) == before
    data = json.loads(result.output)
    assert data["dry_run"] and data["strategy"] == "unanimous" and data["merged"] == 1
    (document,) = data["documents"]
    assert document["provenance"] == ["merge:unanimous:alice,bob,carol"]
    assert sorted(tuple(c["kinds"]) for c in document["open_conflicts"]) == [
        ("boundary",), ("label",), ("missing",), ("missing",)]
    runner.invoke(main, ["merge", "--db", str(db)])
    after_first = dump(db)
    runner.invoke(main, ["merge", "--db", str(db)])
    assert dump(db) == after_first


def test_merge_layers_and_usage_errors(runner, db):
    result = runner.invoke(main, ["merge", "--db", str(db), "--layers", "alice,bob", "--format", "json"])
    data = json.loads(result.output)
    assert data["layers"] == ["alice", "bob"] and data["merged"] == 3  # Putin, Tokayev, 20
    assert runner.invoke(main, ["merge", "--db", str(db), "--into", "machine"]).exit_code == 2
    assert runner.invoke(main, ["merge", "--db", str(db), "--min-votes", "0"]).exit_code == 2
    bad = runner.invoke(main, ["merge", "--db", str(db), "--layers", "alice,zed"])
    assert bad.exit_code == 2 and "no layer named 'zed'" in bad.output
    bad = runner.invoke(main, ["merge", "--db", str(db), "--layers", "alice,gold"])
    assert bad.exit_code == 1 and "cannot be compared" in bad.output
    one = runner.invoke(main, ["merge", "--db", str(db), "--layers", "alice"])
    assert one.exit_code == 2 and "at least two annotator layers" in one.output


def test_curate_merges_first_then_opens_the_screen(runner, db, monkeypatch):
    opened = {}

    def fake_run(session, *, settings, merged=0):
        opened.update(session=session, merged=merged)

    monkeypatch.setattr("annotator.tui.curate.run_curate", fake_run)
    result = runner.invoke(main, ["curate", "--db", str(db), "--curator", "carla", "--anonymous"])
    assert result.exit_code == 0, result.output
    session = opened["session"]
    assert opened["merged"] == 1 and session.anonymous and session.curator == "carla"
    assert session.progress().conflicts == 4
    with Store.open(db) as store:
        assert store.spans("d1", "gold") == [span("Vladimir Putin", "ACTOR")]


def test_curate_options(runner, db, monkeypatch):
    opened = {}
    monkeypatch.setattr("annotator.tui.curate.run_curate", lambda session, settings, merged=0: opened.update(merged=merged))
    before = dump(db)
    assert runner.invoke(main, ["curate", "--db", str(db), "--no-merge"]).exit_code == 0
    assert opened["merged"] == 0 and dump(db) == before
    result = runner.invoke(main, ["curate", "--db", str(db), "--doc", "nope"])
    assert result.exit_code == 2 and "no document with id 'nope'" in result.output
    result = runner.invoke(main, ["curate", "--db", str(db), "--layers", "alice"])
    assert result.exit_code == 2 and "at least two" in result.output
    result = runner.invoke(main, ["curate", "--db", str(db), "--curator", "bad name"])
    assert result.exit_code == 1 and "invalid layer name" in result.output
