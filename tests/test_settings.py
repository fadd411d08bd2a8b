"""The user's settings (annotator/settings.py): command line > environment > config file > default,
a bad configuration file named with its line, and both apps given the same keymap."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from textual.widgets import Static

from annotator.cli import main
from annotator.settings import MAX_CONFIG_BYTES, Settings, SettingsError, load_settings
from annotator.store import Store
from annotator.tui.curate import CurateApp, CurateScreen
from tests.test_curation_fixtures import span, three_annotators


def config(home: Path, text: str) -> Path:
    """``text`` as the configuration file under the configuration directory ``home``."""
    path = home / "annotator" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file_or_a_variable(tmp_path):
    settings = load_settings({"XDG_CONFIG_HOME": str(tmp_path)})
    assert settings == Settings(keymap=tmp_path / "annotator" / "keymap.toml")
    assert settings.db is None and not settings.fast_sync and settings.workers is None


def test_the_environment_comes_before_the_file_and_the_file_before_the_defaults(tmp_path):
    path = config(tmp_path, 'db = "corpus.sqlite"\nkeymap = "~/keys.toml"\nfast_sync = true\nworkers = 2\n')
    env = {"XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path / "home")}
    from_file = load_settings(env)
    assert from_file == Settings(db=tmp_path / "annotator" / "corpus.sqlite",  # relative to the file
                                 keymap=tmp_path / "home" / "keys.toml", fast_sync=True, workers=2)
    env |= {"ANNOTATOR_DB": "env.sqlite", "ANNOTATOR_KEYMAP": "env-keys.toml", "ANNOTATOR_FAST_SYNC": "0",
            "ANNOTATOR_WORKERS": "3"}
    assert load_settings(env) == Settings(db=Path("env.sqlite"), keymap=Path("env-keys.toml"), fast_sync=False,
                                          workers=3)
    # a [keymap] table in the configuration file makes it the keymap file
    config(tmp_path, '[keymap]\n"curate.next" = "j"\n')
    assert load_settings({"XDG_CONFIG_HOME": str(tmp_path)}).keymap == path


def test_the_command_line_comes_first(runner, tmp_path, monkeypatch):
    records = tmp_path / "a.jsonl"
    records.write_text(json.dumps({"id": "a", "text": "Putin in Almaty."}) + "\n")
    configured, from_env, given = tmp_path / "configured.sqlite", tmp_path / "env.sqlite", tmp_path / "given.sqlite"
    config(tmp_path, f'db = "{configured}"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert runner.invoke(main, ["import", str(records), "--no-suggest"]).exit_code == 0
    assert configured.exists()
    monkeypatch.setenv("ANNOTATOR_DB", str(from_env))
    assert runner.invoke(main, ["import", str(records), "--no-suggest"]).exit_code == 0
    assert from_env.exists()
    assert runner.invoke(main, ["--db", str(given), "import", str(records), "--no-suggest"]).exit_code == 0
    assert given.exists()
    result = runner.invoke(main, ["status", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1 and "none.sqlite" in result.output


def test_fast_sync_and_workers_reach_the_store_and_the_suggester(runner, tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite"
    records = tmp_path / "a.jsonl"
    records.write_text(json.dumps({"id": "a", "text": "Putin in Almaty."}) + "\n")
    assert runner.invoke(main, ["import", str(records), "--db", str(db), "--no-suggest"]).exit_code == 0
    seen = {}

    def fake_run(store, *, annotator, settings, doc_id=None):
        seen["synchronous"] = store.db.execute("PRAGMA synchronous").fetchone()[0]
        store.close()

    monkeypatch.setattr("annotator.tui.app.run_annotate", fake_run)
    assert runner.invoke(main, ["--db", str(db)]).exit_code == 0
    assert seen["synchronous"] == 2  # FULL
    config(tmp_path, "fast_sync = true\nworkers = 1\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert runner.invoke(main, ["--db", str(db)]).exit_code == 0
    assert seen["synchronous"] == 1  # NORMAL

    def fake_suggest(store, ids, **options):
        seen["workers"] = options["workers"]
        return {"failed": [], "documents": 0, "skipped": 0, "spans": 0, "labels": {}}

    monkeypatch.setattr("annotator.suggest.runner.suggest_documents", fake_suggest)
    assert runner.invoke(main, ["suggest", "--db", str(db)]).exit_code == 0
    assert seen["workers"] == 1
    monkeypatch.setenv("ANNOTATOR_WORKERS", "3")
    assert runner.invoke(main, ["suggest", "--db", str(db)]).exit_code == 0
    assert seen["workers"] == 3


@pytest.mark.parametrize(("text", "where", "what"), [
    ('db = "a.sqlite"\nfast_sync = \n', "line 2, column 13", "not valid TOML (invalid value)"),
    ('db = "a.sqlite"\n\n  databse = "b.sqlite"\n', "line 3", "unknown setting 'databse'"),
    ('[server]\nport = 1\n', "line 1", "unknown table 'server'"),
    ('workers = 0\n', "line 1", "workers must be a whole number from 1"),
    ('db = "a"\nfast_sync = "yes"\n', "line 2", "fast_sync must be true or false"),
    ('keymap = 3\n', "line 1", "expected a path in quotes"),
])
def test_a_bad_configuration_file_is_one_line_naming_the_file_and_line(runner, tmp_path, monkeypatch, text, where,
                                                                        what):
    path = config(tmp_path, text)
    with pytest.raises(SettingsError, match="^" + re.escape(f"{path}: {where}: ")):
        load_settings({"XDG_CONFIG_HOME": str(tmp_path)})
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for args in (["status", "--db", str(tmp_path / "x.sqlite")], ["--db", str(tmp_path / "x.sqlite")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        [line] = result.output.splitlines()
        assert line.startswith(f"Error: {path}: {where}: {what}"), line
    assert not (tmp_path / "x.sqlite").exists()
    assert runner.invoke(main, ["--help"]).exit_code == 0  # help still works


def test_bad_variables_and_a_named_configuration_file(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    with pytest.raises(SettingsError, match=r"^\$ANNOTATOR_FAST_SYNC: 'maybe' is neither 1 nor 0"):
        load_settings(env | {"ANNOTATOR_FAST_SYNC": "maybe"})
    with pytest.raises(SettingsError, match=r"^\$ANNOTATOR_WORKERS: 'many' is not a whole number from 1"):
        load_settings(env | {"ANNOTATOR_WORKERS": "many"})
    with pytest.raises(SettingsError, match="no such configuration file"):
        load_settings(env | {"ANNOTATOR_CONFIG": str(tmp_path / "missing.toml")})
    named = tmp_path / "team.toml"
    named.write_text("workers = 4\n")
    assert load_settings(env | {"ANNOTATOR_CONFIG": str(named)}).workers == 4


@pytest.mark.anyio
async def test_the_curator_uses_the_keymap_of_the_settings(runner, tmp_path, monkeypatch):
    db = tmp_path / "c.sqlite"
    three_annotators(db).close()
    config(tmp_path, '[keymap]\n"curate.majority" = "z"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    opened = []
    monkeypatch.setattr(CurateApp, "run", lambda app: opened.append(app))
    result = runner.invoke(main, ["curate", "--db", str(db), "--curator", "carla"])
    assert result.exit_code == 0, result.output
    [app] = opened
    store = app.session.store
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CurateScreen)
        await pilot.press("m")  # no longer bound
        assert span("Tokayev", "ACTOR") not in store.spans("d1", "gold")
        await pilot.press("z")  # Tokayev: the majority's ACTOR
        assert span("Tokayev", "ACTOR") in store.spans("d1", "gold")
        await pilot.press("question_mark")  # the help screen shows the key as remapped
        await pilot.pause()
        help_text = app.screen.query_one(Static).render().plain
        assert re.search(r"^ +z +Take the version more than half", help_text, re.M), help_text
    store.close()
    with Store.open(db, read_only=True) as check:
        assert span("Tokayev", "ACTOR") in check.spans("d1", "gold")


def test_a_pipe_or_an_endless_or_huge_file_as_the_config_is_refused_not_waited_on(tmp_path):
    # a FIFO used to block every command forever; /dev/zero read until memory ran out
    path = tmp_path / "annotator" / "config.toml"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(SettingsError, match="not a regular file"):
        load_settings({"XDG_CONFIG_HOME": str(tmp_path)})
    path.unlink()
    path.write_text("#" * (MAX_CONFIG_BYTES + 1), encoding="utf-8")
    with pytest.raises(SettingsError, match="larger than"):
        load_settings({"XDG_CONFIG_HOME": str(tmp_path)})
