"""Small ways input misled or flooded the user (issue 12, item 13): an unreadable subfolder
skipped, a layer named twice exported twice, a 1 MB value quoted whole in a message, a bad keymap
file not named, control characters of a document sent raw to the terminal by evaluate."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.model import quoted
from annotator.settings import load_settings
from annotator.tui.keys import load_keymap

TEXT = "Putin met Tokayev in Almaty."


def imported(runner: CliRunner, tmp_path: Path, records: list[dict], db: Path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return runner.invoke(main, ["import", str(source), "--db", str(db), "--no-suggest"])


def test_an_unreadable_subfolder_is_refused_naming_it(runner, tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT)
    (folder / "locked" / "b.txt").write_text(TEXT)
    locked = folder / "locked"
    if os.geteuid() == 0:  # permission bits do not stop root: make listing it fail as it would
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    db = tmp_path / "db.sqlite"
    try:
        result = runner.invoke(main, ["import", str(folder), "--db", str(db), "--no-suggest"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: {locked}: cannot read this folder (Permission denied)"]
    assert not db.exists()


def test_a_layer_named_twice_is_exported_once_in_the_order_given(runner, tmp_path):
    db = tmp_path / "db.sqlite"
    records = [{"id": f"d{i}", "text": TEXT, "layer": layer, "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}
               for layer in ("gold", "alice") for i in (1, 2)]
    assert imported(runner, tmp_path, records, db).exit_code == 0

    def exported(*layers: str) -> list[tuple[str, str]]:
        args = ["export", "--db", str(db), "--format", "jsonl"] + [a for layer in layers for a in ("--layer", layer)]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        return [(r["layer"], r["id"]) for r in map(json.loads, result.stdout.splitlines())]

    assert exported("gold", "gold") == [("gold", "d1"), ("gold", "d2")]
    assert exported("alice", "gold", "alice") == [("alice", "d1"), ("alice", "d2"), ("gold", "d1"), ("gold", "d2")]
    conll = runner.invoke(main, ["export", "--db", str(db), "--layer", "gold", "--layer", "gold"]).stdout
    assert conll.count("-DOCSTART-") == 2


def test_messages_cut_quoted_values_at_80_characters(runner, tmp_path):
    """A 1 MB label, id, layer name or status gives one short line that says how long it was."""
    huge = "X" * 1_000_000
    db = tmp_path / "db.sqlite"
    span = {"start": 0, "end": 5, "label": "ACTOR"}
    for record, what in (
        ({"id": "d", "text": TEXT, "layer": "gold", "spans": [{**span, "label": huge}]}, "unknown label"),
        ({"id": huge, "text": TEXT}, "invalid id"),
        ({"id": "d", "text": TEXT, "layer": "gold", "status": huge, "spans": [span]}, "unknown status"),
        ({"id": "d", "text": TEXT, "layer": huge, "spans": [span]}, "invalid layer name"),
    ):
        result = imported(runner, tmp_path, [record], db)
        assert result.exit_code == 1
        [line] = result.output.splitlines()
        assert what in line and "'" + "X" * 80 + "'... (1000000 characters)" in line and len(line) < 400, line[:400]
    assert imported(runner, tmp_path, [{"id": "d", "text": TEXT, "layer": "gold", "spans": [span]}], db).exit_code == 0
    result = runner.invoke(main, ["export", "--db", str(db), "--layer", "nobody" * 100_000])
    assert result.exit_code != 0 and len(result.output) < 600 and "(600000 characters)" in result.output
    assert quoted("short") == "'short'" and quoted(list(range(100))).endswith("... (390 characters)")


def test_a_bad_keymap_file_is_named(runner, tmp_path, monkeypatch):
    keymap = tmp_path / "keymap.toml"
    for content in ("[keymap\nquit = ", "keymap = 5\n"):
        keymap.write_text(content)
        with pytest.raises(ValueError, match=f"^{keymap}: not a valid keymap file"):
            load_keymap(keymap)
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(keymap))
    db = tmp_path / "db.sqlite"
    assert imported(runner, tmp_path, [{"id": "d", "text": TEXT}], db).exit_code == 0
    result = runner.invoke(main, ["annotate", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(f"Error: {keymap}: not a valid keymap file")


def test_evaluate_show_errors_shows_c1_controls_and_del_escaped(runner, tmp_path):
    """As `report` does (the same function): nothing between U+007F and U+009F reaches the terminal."""
    text = "Putin\x7f met\x90Tokayev\x9b31m in\x9dAlmaty."
    db = tmp_path / "db.sqlite"
    records = [
        {"id": "d", "text": text, "layer": "gold", "spans": [{"start": 0, "end": 6, "label": "ACTOR"}]},
        {"id": "d", "text": text, "layer": "machine", "spans": [{"start": 10, "end": 22, "label": "ACTOR"}]},
    ]
    assert imported(runner, tmp_path, records, db).exit_code == 0
    result = runner.invoke(main, ["evaluate", "--db", str(db), "--show-errors"])
    assert result.exit_code == 0, result.output
    assert "Putin" in result.output and "Tokayev" in result.output
    assert not [c for c in result.output if 0x7F <= ord(c) <= 0x9F], repr(result.output)


def test_the_keymap_is_found_under_xdg_config_home(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_KEYMAP", raising=False)
    (tmp_path / "annotator").mkdir()
    (tmp_path / "annotator" / "keymap.toml").write_text('[keymap]\n"curate.next" = "n"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_keymap(load_settings().keymap) == {"curate.next": "n"}
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/path")  # not absolute: ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_settings().keymap == tmp_path / "home" / ".config" / "annotator" / "keymap.toml"
    assert load_keymap(load_settings().keymap) == {}
