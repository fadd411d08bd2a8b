"""One exit status and one message shape per kind of error, whichever command meets it
(the table is in docs/cli.md and annotator/model/errors.py)."""

from __future__ import annotations

import pickle

import pytest

from annotator.cli import main
from annotator.model import AnnotatorError, InputError, Refused, StoreError, UnknownDocument, UnknownLayer
from annotator.model.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE
from tests.test_curation_fixtures import three_annotators

LAYERS = "alice, bob, carol"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("exit") / "c.sqlite"
    three_annotators(path).close()
    return path


@pytest.mark.parametrize("args", [
    ["export", "--layer", "nope"],
    ["export", "--format", "conll", "--layer", "nope"],
    ["report", "--layer", "nope"],
    ["agreement", "--layers", "alice,nope"],
    ["agreement", "--layers", "alice,nope", "--min-f1", "0.5"],
    ["evaluate", "--layer", "nope"],
    ["evaluate", "--layer", "alice", "--against", "nope"],
    ["consistency", "--layer", "nope"],
    ["merge", "--layers", "alice,nope"],
    ["merge", "--layers", "alice,nope", "--dry-run"],
    ["curate", "--layers", "alice,nope"],
    ["search", "Putin", "--layer", "nope"],
    ["layer", "delete", "nope"],
    ["layer", "rename", "nope", "other"],
], ids=" ".join)
def test_an_unknown_layer_is_one_line_and_exit_2_in_every_command(runner, db, args):
    result = runner.invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output == f"Error: no layer named 'nope' (layers: {LAYERS})\n"


@pytest.mark.parametrize("args", [
    ["suggest", "--doc", "nope"],
    ["curate", "--doc", "nope"],
    ["annotate", "--doc", "nope"],
    ["--doc", "nope"],
], ids=" ".join)
def test_an_unknown_document_is_one_line_and_exit_2_in_every_command(runner, db, args):
    result = runner.invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output == "Error: no document with id 'nope'\n"


def test_every_user_error_is_one_family_with_a_stable_exit_status():
    assert UnknownLayer("x", ["b", "a"]).exit_code == EXIT_USAGE
    assert str(UnknownLayer("x", ["b", "a"])) == "no layer named 'x' (layers: a, b)"
    assert UnknownDocument("d").exit_code == EXIT_USAGE
    for kind in (InputError, Refused, StoreError):
        assert issubclass(kind, AnnotatorError) and kind("x").exit_code == EXIT_ERROR
    assert issubclass(InputError, ValueError)  # callers that catch ValueError keep working


def test_a_bug_is_not_dressed_up_as_a_user_error(runner, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("annotator.cli.status.print_status", broken)
    result = runner.invoke(main, ["status", "--db", str(db)])
    assert isinstance(result.exception, ZeroDivisionError)  # a traceback, not "Error: ..."
    assert "Error:" not in result.output


def test_ctrl_c_exits_130(runner, db, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("annotator.cli.status.print_status", interrupted)
    result = runner.invoke(main, ["status", "--db", str(db)])
    assert result.exit_code == EXIT_INTERRUPTED and result.output == "Interrupted\n"


def test_the_errors_that_name_something_cross_a_process_boundary_intact():
    # a worker pool sends errors back pickled: UnknownLayer could not be rebuilt from its
    # message (a TypeError in the pool's result thread) and UnknownDocument repeated its text
    for error in (UnknownLayer("alcie", ["alice", "gold"]), UnknownDocument("d1")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error) and copy.exit_code == error.exit_code
