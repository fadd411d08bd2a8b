"""Team work: protected layers, members and roles, assignment, stray layers, layer administration."""

from collections import Counter

import orjson
import pytest

from annotator.agreement import compute_agreement
from annotator.agreement.loading import default_layers, load_documents, not_started_layers
from annotator.cli import main
from annotator.curation.assign import assign_documents, plan_assignment
from annotator.curation.loading import compared_layers
from annotator.model import InputError, Span
from annotator.store import DocumentRow, Store
from annotator.store.store import checksum
from tests.conftest import dump
from tests.test_reliability import log_problems

TEXT = "Putin met Tokajev in Almaty and TASS reported 20.000 people."
PUTIN, TOKAJEV, ALMATY = Span(0, 5, "ACTOR"), Span(10, 17, "ACTOR"), Span(21, 27, "LOCATION")


def add_docs(store: Store, n: int, prefix: str = "d") -> list[str]:
    ids = [f"{prefix}{i:02d}" for i in range(n)]
    for doc_id in ids:
        store.insert_document(DocumentRow(doc_id, TEXT, "en", [], {}, checksum(TEXT), 0), actor="test")
    return ids


def run(runner, db_path, *args):
    return runner.invoke(main, [*args, "--db", str(db_path)])


@pytest.fixture
def team_db(store, db_path):
    add_docs(store, 3)
    store.add_member("carol", "curator", actor="carol")
    store.add_member("alice", actor="carol")
    store.add_member("bob", actor="carol")
    store.close()
    return db_path


# -- refusals ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["gold", "machine", "bad name", "[red]x"])
def test_annotate_refuses_protected_and_invalid_names(runner, store, db_path, name):
    add_docs(store, 1)
    store.close()
    result = run(runner, db_path, "annotate", "--annotator", name)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
    assert ("protected layer" in result.output) == (name in ("gold", "machine"))


def test_with_a_team_only_members_annotate_and_only_curators_merge_curate_assign(runner, team_db):
    before = dump(team_db)
    refusals = [
        (("annotate", "--annotator", "dave"), "'dave' is not a member of the team"),
        (("merge", "--curator", "alice"), "only curators may merge into gold, and 'alice' is not one"),
        (("curate", "--curator", "bob"), "only curators may curate, and 'bob' is not one"),
        (("assign", "--annotators", "alice,bob", "--as", "alice"), "only curators may assign documents"),
        (("team", "add", "dave", "--as", "alice"), "only a curator may change the team"),
        (("team", "remove", "bob", "--as", "bob"), "only a curator may change the team"),
        (("team", "remove", "carol", "--as", "carol"), "'carol' is the only curator"),
        (("team", "add", "carol", "--as", "carol"), "'carol' is the only curator"),
        (("team", "remove", "dave", "--as", "carol"), "'dave' is not a member of the team"),
        (("team", "add", "gold", "--as", "carol"), "'gold' is a protected layer"),
        (("assign", "--annotators", "alice,dave", "--as", "carol"), "'dave' is not a member"),
        (("layer", "delete", "gold", "--as", "carol"), "'gold' is a protected layer"),
        (("layer", "delete", "machine", "--as", "carol"), "'machine' is a protected layer"),
        (("layer", "delete", "nobody", "--as", "carol"), "no layer named 'nobody'"),
        (("layer", "rename", "gold", "x", "--as", "carol"), "'gold' is a protected layer"),
    ]
    for args, message in refusals:
        result = run(runner, team_db, *args)
        assert result.exit_code == (2 if "no layer named" in message else 1), (args, result.output)
        assert message in result.output, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert dump(team_db) == before  # nothing changed


def test_without_a_team_nothing_is_restricted(runner, store, db_path):
    add_docs(store, 2)
    store.set_status("d00", "alice", "done", actor="alice")
    store.set_status("d00", "bob", "done", actor="bob")
    store.close()
    assert run(runner, db_path, "team", "list").output.startswith("No team defined")
    assert run(runner, db_path, "merge", "--curator", "anyone").exit_code == 0
    assert run(runner, db_path, "assign", "--annotators", "alice,bob", "--as", "anyone").exit_code == 0


def test_team_roles_change_and_are_logged(store):
    add_docs(store, 1)
    assert store.add_member("carol", "curator", actor="x") == "added"
    assert store.add_member("alice", actor="carol") == "added"
    assert store.add_member("alice", "curator", actor="carol") == "changed"
    assert store.add_member("carol", actor="alice") == "changed"  # alice is a curator now
    assert store.members() == {"alice": "curator", "carol": "annotator"}
    store.remove_member("carol", actor="alice")
    store.remove_member("alice", actor="alice")  # the only member may leave: the team is gone
    assert store.members() == {}
    assert [e["action"] for e in store.history() if e["action"] == "team"] == ["team"] * 6


# -- assignment -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("n_docs", "annotators", "overlap", "double"), [
    (5, "abc", 2, 0.0), (17, "abcd", 1, 0.2), (23, "abcde", 3, 0.0), (40, "abc", 1, 0.5), (7, "ab", 2, 0.0),
    (1, "abcd", 1, 0.0), (100, "abcdefg", 2, 0.1),
])
def test_assign_is_balanced_and_reproducible(n_docs, annotators, overlap, double):
    docs = [f"doc{i}" for i in range(n_docs)]
    plan = plan_assignment(docs, list(annotators), overlap, double=double, seed=42)
    assert list(plan) == docs
    sizes = Counter(len(names) for names in plan.values())
    extra = round(double * n_docs)
    assert sizes == Counter({overlap: n_docs - extra, overlap + 1: extra} if extra else {overlap: n_docs})
    assert all(len(set(names)) == len(names) for names in plan.values())
    counts = Counter(name for names in plan.values() for name in names)
    loads = [counts.get(name, 0) for name in annotators]
    assert max(loads) - min(loads) <= 1
    assert plan_assignment(docs, list(annotators), overlap, double=double, seed=42) == plan
    if n_docs > 10:
        assert plan_assignment(docs, list(annotators), overlap, double=double, seed=43) != plan


def test_assign_refuses_impossible_designs():
    with pytest.raises(ValueError, match="between 1 and the number of annotators"):
        plan_assignment(["d"], ["a", "b"], 3)
    with pytest.raises(ValueError, match="only 2"):
        plan_assignment(["d"], ["a", "b"], 2, double=0.1)


def test_assign_cli_list_json_only_new_and_replace(runner, team_db):
    result = run(runner, team_db, "assign", "--annotators", "alice,bob,carol", "--overlap", "2", "--seed", "7",
                 "--as", "carol")
    assert result.exit_code == 0, result.output
    assert "seed 7" in result.output
    listed = orjson.loads(run(runner, team_db, "assign", "--list", "--format", "json").output)
    assert [row["id"] for row in listed] == ["d00", "d01", "d02"]
    assert all(len(row["annotators"]) == 2 for row in listed)
    again = run(runner, team_db, "assign", "--annotators", "alice,bob,carol", "--overlap", "2", "--as", "carol")
    assert again.exit_code == 1 and "already assigned" in again.output
    with Store.open(team_db) as store:
        add_docs(store, 4, prefix="new")
    result = run(runner, team_db, "assign", "--annotators", "alice,bob,carol", "--overlap", "2", "--only-new",
                 "--seed", "3", "--as", "carol")
    assert result.exit_code == 0, result.output
    relisted = orjson.loads(run(runner, team_db, "assign", "--list", "--format", "json").output)
    assert relisted[:3] == listed  # the earlier assignment is kept
    counts = Counter(name for row in relisted for name in row["annotators"])
    assert sum(counts.values()) == 14 and max(counts.values()) - min(counts.values()) <= 1
    assert run(runner, team_db, "assign", "--list", "--seed", "1").exit_code == 2
    replaced = run(runner, team_db, "assign", "--annotators", "alice,bob", "--replace", "--seed", "1", "--as", "carol")
    assert replaced.exit_code == 0, replaced.output
    rows = orjson.loads(run(runner, team_db, "assign", "--list", "--format", "json").output)
    assert all(len(row["annotators"]) == 1 and row["annotators"][0] in ("alice", "bob") for row in rows)


def test_same_seed_same_assignment_in_another_database(tmp_path):
    plans = []
    for name in ("one", "two"):
        with Store.open(tmp_path / f"{name}.sqlite") as store:
            add_docs(store, 9)
            assign_documents(store, ["a", "b", "c"], 1, actor="x", double=0.3, seed=5)
            plans.append(store.assignments())
    assert plans[0] == plans[1]


def test_status_shows_progress_against_the_assignment(runner, team_db):
    with Store.open(team_db) as store:
        store.assign({"d00": ["alice"], "d01": ["alice", "bob"]}, actor="carol")
        store.set_status("d00", "alice", "done", actor="alice")
        store.set_status("d02", "alice", "done", actor="alice")  # not assigned: not counted against it
        store.set_flag("d01", "bob", "is TASS an ACTOR here?", (32, 36), actor="bob")
    data = orjson.loads(run(runner, team_db, "status", "--format", "json").output)
    assert data["assignments"]["alice"] == {"assigned": 2, "done": 1, "in_progress": 0, "skipped": 0, "todo": 1}
    assert data["assignments"]["bob"]["todo"] == 1
    assert data["flags"] == {"bob": {"documents": 1, "flags": 1}}
    assert data["team"]["carol"] == "curator"
    text = run(runner, team_db, "status").output
    assert "progress against the assignment" in text


# -- stray layers -----------------------------------------------------------------------------------
def test_agreement_is_unaffected_by_an_empty_stray_layer(runner, store, db_path):
    add_docs(store, 3)
    for doc_id in ("d00", "d01", "d02"):
        for layer, spans in (("alice", [PUTIN, ALMATY]), ("bob", [PUTIN, TOKAJEV, ALMATY])):
            for span in spans:
                store.add_span(doc_id, layer, span, actor=layer)
            store.set_status(doc_id, layer, "done", actor=layer)
    store.close()
    before = orjson.loads(run(runner, db_path, "agreement", "--format", "json").output)
    with Store.open(db_path) as store:
        store.add_span("d00", "alcie", PUTIN, actor="alcie")  # a typo: in progress, nothing done
        store.set_status("d01", "empty", "in_progress", actor="empty")
        assert default_layers(store) == ["alice", "bob"]
        assert not_started_layers(store) == ["alcie", "empty"]
        assert compared_layers(store) == ["alice", "bob"]
        assert compute_agreement(load_documents(store, ["alice", "bob"]), ["alice", "bob"],
                                 ["ACTOR", "LOCATION"]).pairs
    after = orjson.loads(run(runner, db_path, "agreement", "--format", "json").output)
    assert after.pop("not_started") == ["alcie", "empty"]
    assert after == before
    assert before["fleiss_kappa"]["value"] is not None
    markdown = run(runner, db_path, "agreement", "--format", "markdown").output
    assert "Not started (no document done, left out): alcie, empty" in markdown
    assert "not started" in run(runner, db_path, "agreement").output
    listed = run(runner, db_path, "layer", "list").output
    assert "alcie\tannotator\t-\t1\t0\t1\t0\tnot started" in listed


def test_layer_rename_and_delete_keep_the_log_consistent(runner, store, db_path):
    add_docs(store, 2)
    store.replace_layer("d00", "machine", [PUTIN, ALMATY], None, actor="suggest", action="suggest")
    store.add_span("d00", "alcie", TOKAJEV, actor="alcie")
    store.accept_suggestions("d00", "alcie", [PUTIN], actor="alcie")
    store.set_status("d01", "alcie", "done", actor="alcie")
    store.set_flag("d00", "alcie", "unsure", actor="alcie")
    store.assign({"d00": ["alcie"]}, actor="x")
    store.add_span("d00", "bob", TOKAJEV, actor="bob")
    store.save_position("alcie", "d00", 10)
    store.close()
    result = run(runner, db_path, "layer", "rename", "alcie", "bob", "--as", "x")
    assert result.exit_code == 1 and "'bob' already exists" in result.output
    result = run(runner, db_path, "layer", "rename", "alcie", "alice", "--as", "x")
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        assert store.spans("d00", "alice") == [PUTIN, TOKAJEV]
        assert store.status("d01", "alice") == "done"
        assert store.flags(layer="alice")[0].note == "unsure"
        assert store.assignments() == {"d00": ["alice"]}
        assert store.position("alice") == ("d00", 10) and store.position("alcie") is None
        assert store.undo("d00", "alice", actor="alice") == "accept"  # the history moved with it
        assert "alcie" not in store.layers()
    assert log_problems(db_path) == []
    before = dump(db_path)
    result = run(runner, db_path, "layer", "delete", "alice", "--as", "x")
    assert result.exit_code == 0, result.output
    backups = [p for p in db_path.parent.iterdir() if ".before-delete-alice-" in p.name]
    assert len(backups) == 1 and dump(backups[0]) == before
    with Store.open(db_path) as store:
        assert "alice" not in store.layers() and store.flags() == [] and store.assignments() == {}
        assert store.spans("d00", "bob") == [TOKAJEV]
        assert store.undo("d00", "alice", actor="alice") is None  # the deletion is an undo barrier
        assert any(e["action"] == "layer_delete" and e["layer"] is None for e in store.history())
    assert log_problems(db_path) == []


def test_flags_validate_their_note_and_place(store):
    add_docs(store, 1)
    with pytest.raises(ValueError, match="unprintable"):
        store.set_flag("d00", "alice", "bad\x1b[31m", actor="alice")
    with pytest.raises(ValueError, match="too long"):
        store.set_flag("d00", "alice", "x" * 201, actor="alice")
    with pytest.raises(InputError, match="out of range"):
        store.set_flag("d00", "alice", "x", (5, 500), actor="alice")
    with pytest.raises(ValueError, match="protected layer"):
        store.set_flag("d00", "gold", "x", actor="alice")
    store.set_flag("d00", "alice", "first", actor="alice")
    store.set_flag("d00", "alice", "second", actor="alice")
    store.set_flag("d00", "alice", "span", (0, 5), actor="alice")
    assert [(f.start, f.note) for f in store.flags("d00")] == [(None, "second"), (0, "span")]
    assert store.clear_flag("d00", "alice", actor="alice") and not store.clear_flag("d00", "alice", actor="alice")
    assert [f.note for f in store.flags()] == ["span"]
    assert store.can_undo("d00", "alice") is False  # flags are not part of the layer's undo history


# -- flags through JSONL ----------------------------------------------------------------------------
def test_flags_round_trip_through_jsonl_export_and_import(runner, store, db_path, tmp_path):
    add_docs(store, 3)
    store.add_span("d00", "alice", PUTIN, actor="alice")
    store.set_status("d00", "alice", "done", actor="alice")
    store.set_flag("d00", "alice", "whole article: is this news?", actor="alice")
    store.set_flag("d00", "alice", "ACTOR or SOURCE? «TASS»", (32, 36), actor="alice")
    store.set_flag("d02", "alice", "only flagged", actor="alice")  # no span, no status
    store.close()
    first = tmp_path / "first.jsonl"
    assert run(runner, db_path, "export", "--format", "jsonl", "--layer", "alice", "-o", str(first)).exit_code == 0
    records = [orjson.loads(line) for line in first.read_text().splitlines()]
    assert [r["id"] for r in records] == ["d00", "d02"]
    assert records[0]["flags"] == [{"start": None, "end": None, "note": "whole article: is this news?"},
                                   {"start": 32, "end": 36, "note": "ACTOR or SOURCE? «TASS»"}]
    other = tmp_path / "other.sqlite"
    result = runner.invoke(main, ["import", str(first), "--db", str(other)])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.jsonl"
    assert runner.invoke(main, ["export", "--format", "jsonl", "--layer", "alice", "-o", str(second),
                                "--db", str(other)]).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    with Store.open(other) as copy:
        assert [(f.doc_id, f.start, f.note) for f in copy.flags()] == [
            ("d00", None, "whole article: is this news?"), ("d00", 32, "ACTOR or SOURCE? «TASS»"),
            ("d02", None, "only flagged")]
    assert runner.invoke(main, ["import", str(first), "--db", str(other)]).exit_code == 0  # same again: no-op


@pytest.mark.parametrize(("flags", "message"), [
    ([{"start": 0, "end": 500, "note": "x"}], "flag 0: \"start\" and \"end\" must be null or offsets"),
    ([{"start": None, "end": None, "note": "bad\u001b"}], "flag 0: note contains an unprintable character"),
    ("x", "\"flags\" must be a list"),
])
def test_bad_flags_are_refused_with_one_line_and_nothing_stored(runner, db_path, tmp_path, flags, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(orjson.dumps({"id": "d", "text": TEXT, "layer": "alice", "flags": flags}) + b"\n")
    result = runner.invoke(main, ["import", str(path), "--db", str(db_path)])
    assert result.exit_code == 1 and message in result.output and "bad.jsonl:1" in result.output
    assert len(result.output.strip().splitlines()) == 1
    with Store.open(db_path) as store:
        assert store.document_count() == 0


def test_reading_commands_cope_with_a_database_from_before_the_team_tables(runner, store, db_path):
    import sqlite3

    add_docs(store, 2)
    store.add_span("d00", "alice", PUTIN, actor="alice")
    store.close()
    conn = sqlite3.connect(db_path)
    conn.executescript("drop table members; drop table assignments; drop table flags; "
                       "delete from _sqlite_migrations where name = 'm002_team_members_assignments_flags';")
    conn.close()
    before = dump(db_path)
    for args in (("team", "list"), ("layer", "list"), ("assign", "--list", "--format", "json"),
                 ("status", "--format", "json"), ("export", "--format", "jsonl", "--layer", "alice")):
        result = run(runner, db_path, *args)
        assert result.exit_code == 0, (args, result.output)
    assert dump(db_path) == before


def test_a_layer_is_not_renamed_onto_a_deleted_layers_name(runner, store, db_path):
    # the two histories used to mix under one name: the log no longer replayed to the tables
    # (a status the log did not give) and the renamed layer's earlier changes could not be undone
    add_docs(store, 1)
    store.add_span("d00", "alice", PUTIN, actor="alice")
    store.add_span("d00", "bob", TOKAJEV, actor="bob")
    store.delete_layer("bob", actor="x")
    store.close()
    result = run(runner, db_path, "layer", "rename", "alice", "bob", "--as", "x")
    assert result.exit_code == 1 and "'bob' was a layer before" in result.output
    with Store.open(db_path) as store:
        assert store.spans("d00", "alice") == [PUTIN] and store.undo("d00", "alice", actor="alice") == "add"
    assert log_problems(db_path) == []
