"""Habits people bring to a command line (issue 17): a bare command, typos, completion, options
before the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.shell_completion import ShellComplete

from annotator.cli import main


def test_a_bare_annotator_opens_the_screen_with_the_options_given(runner, monkeypatch, tmp_path):
    opened = {}

    def fake_run(store, *, annotator, settings, doc_id=None):
        opened.update(path=store.path, annotator=annotator, doc=doc_id)
        store.close()

    monkeypatch.setattr("annotator.tui.app.run_annotate", fake_run)
    db = tmp_path / "c.sqlite"
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Putin in Almaty."}) + "\n")
    assert runner.invoke(main, ["import", str(f), "--db", str(db), "--no-suggest"]).exit_code == 0
    result = runner.invoke(main, ["--db", str(db), "--annotator", "alice"])
    assert result.exit_code == 0, result.output
    assert opened == {"path": db, "annotator": "alice", "doc": None}
    assert runner.invoke(main, ["annotate", "--db", str(db), "--doc", "a"]).exit_code == 0
    assert opened["doc"] == "a"


def test_a_typo_is_no_such_command_with_a_suggestion(runner):
    result = runner.invoke(main, ["stauts"])
    assert result.exit_code == 2
    assert "No such command 'stauts'" in result.output and "status" in result.output
    assert "unexpected extra argument" not in result.output


def test_shell_completion_offers_the_subcommands():
    complete = ShellComplete(main, {}, "annotator", "_ANNOTATOR_COMPLETE")
    names = {c.value for c in complete.get_completions([], "st")}
    assert names == {"status"}
    assert {"import", "export", "annotate", "curate", "agreement"} <= {c.value for c in complete.get_completions([], "")}


def test_shell_completion_through_the_console_script():
    env = dict(os.environ, _ANNOTATOR_COMPLETE="bash_complete", COMP_WORDS="annotator sta", COMP_CWORD="1")
    proc = subprocess.run([sys.executable, "-m", "annotator"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "plain,status" in proc.stdout.splitlines()


def test_top_level_help_lists_db_and_annotator(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "--db" in result.output and "--annotator" in result.output
    assert "Commands:" in result.output and "import" in result.output


def test_db_before_the_command_applies_to_it(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    db = tmp_path / "before.sqlite"
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Putin in Almaty."}) + "\n")
    result = runner.invoke(main, ["--db", str(db), "import", str(f), "--no-suggest"])
    assert result.exit_code == 0, result.output
    assert db.exists()
    status = runner.invoke(main, ["--db", str(db), "status", "--format", "json"])
    assert json.loads(status.output)["documents"] == 1
    # the command's own --db wins; the environment comes after both
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.sqlite"))
    other = runner.invoke(main, ["--db", str(db), "status", "--db", str(tmp_path / "none.sqlite")])
    assert other.exit_code == 1 and "none.sqlite" in other.output
    assert runner.invoke(main, ["--db", str(db), "status"]).exit_code == 0


def test_the_default_database_missing_says_how_to_start(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["status"])
    assert result.exit_code == 1
    assert "annotator import" in result.output and "--db" in result.output
    assert len(result.output.strip().splitlines()) == 1
