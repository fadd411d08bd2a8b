"""Every command checks all its arguments (documents, layers, names) before its first write:
a refused command leaves the database exactly as it was."""

from __future__ import annotations

import pytest

from annotator.cli import main
from tests.conftest import dump
from tests.test_curation_fixtures import TEXT, make_store, span, three_annotators


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "c.sqlite"
    store = three_annotators(path)  # a unanimous merge would add "Vladimir Putin" to gold
    agreed = [span("Vladimir Putin", "ACTOR")]
    store.close()
    make_store(path, {"calm": TEXT}, {"alice": {"calm": agreed}, "bob": {"calm": agreed}}).close()
    return path


@pytest.mark.parametrize("args, says", [
    (["curate", "--doc", "nope"], "no document with id 'nope'"),
    (["curate", "--doc", "calm"], "document 'calm' has no conflict between done layers"),
    (["curate", "--layers", "alice,nope"], "no layer named 'nope'"),
    (["curate", "--layers", "alice"], "curation needs at least two annotator layers"),
    (["curate", "--curator", "bad name"], "name"),
    (["merge", "--layers", "alice,nope"], "no layer named 'nope'"),
    (["merge", "--curator", "bad name"], "name"),
    (["suggest", "--doc", "d1", "--doc", "nope"], "no document with id 'nope'"),
    (["annotate", "--doc", "nope"], "no document with id 'nope'"),
])
def test_a_refused_command_writes_nothing(runner, db, args, says):
    before = dump(db)
    result = runner.invoke(main, [*args, "--db", str(db)])
    assert result.exit_code in (1, 2), result.output
    assert says in result.output
    assert dump(db) == before
