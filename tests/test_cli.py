"""The command line as a whole: help texts, documentation, errors."""

from pathlib import Path

from annotator.cli import main
from annotator.cli.docs import command_reference

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_has_help_text_and_every_option_too():
    for name, command in main.commands.items():
        assert command.help and len(command.help.strip()) > 20, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"


def test_every_command_is_documented_and_the_reference_is_current():
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"## annotator {name}\n" in reference, name
    assert reference == command_reference(), "docs/cli.md is stale: python -m annotator.cli.docs > docs/cli.md"


def test_missing_database_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["status", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {tmp_path / 'none.sqlite'}: no such database (run 'annotator import' to create one)"]


def test_not_a_database_is_a_clear_error(runner, tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"this is not sqlite" * 100)
    result = runner.invoke(main, ["status", "--db", str(bogus)])
    assert result.exit_code == 1
    assert "not an annotator database" in result.output


def test_usage_errors_exit_2(runner):
    assert runner.invoke(main, ["export", "--format", "xml"]).exit_code == 2


def test_db_from_environment(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "env.sqlite"))
    result = runner.invoke(main, ["status"])
    assert result.exit_code == 1 and "env.sqlite" in result.output


def test_status_json(runner, tmp_path):
    import json

    db = tmp_path / "s.sqlite"
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Putin in Almaty.", "layer": "gold",
                             "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}) + "\n")
    assert runner.invoke(main, ["import", str(f), "--db", str(db), "--no-suggest"]).exit_code == 0
    data = json.loads(runner.invoke(main, ["status", "--db", str(db), "--format", "json"]).output)
    assert data["documents"] == 1
    assert data["layers"]["gold"]["done"] == 1 and data["layers"]["gold"]["spans"] == {"ACTOR": 1}
    text = runner.invoke(main, ["status", "--db", str(db)]).output
    assert "gold" in text and "1/1" in text


def test_backup(runner, tmp_path):
    import json

    db = tmp_path / "s.sqlite"
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Putin in Almaty."}) + "\n")
    assert runner.invoke(main, ["import", str(f), "--db", str(db), "--no-suggest"]).exit_code == 0
    result = runner.invoke(main, ["backup", str(tmp_path / "copy.sqlite"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    from annotator.store import Store

    with Store.open(tmp_path / "copy.sqlite", create=False) as copy:
        assert copy.document_ids() == ["a"]


def test_console_entry_point_runs_without_pandas(tmp_path):
    """`python -m annotator` is the console script: it works and does not load pandas."""
    import subprocess
    import sys

    code = ("import sys, runpy; sys.argv = ['annotator', '--version']\n"
            "try:\n    runpy.run_module('annotator', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print('pandas' in sys.modules and sys.modules['pandas'] is not None)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "annotator, version" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "False"


def test_status_reports_acceptance_rates_per_label(runner, tmp_path):
    import json

    from annotator.model import Span
    from annotator.store import Store

    db = tmp_path / "s.sqlite"
    f = tmp_path / "a.txt"
    f.write_text("Reuters said 300 people gathered in Almaty.", encoding="utf-8")
    assert runner.invoke(main, ["import", str(f), "--db", str(db)]).exit_code == 0
    with Store.open(db) as store:
        suggestions = {s.span.label: s.span for s in store.suggestions("a")}
        store.accept_suggestions("a", "alice", [suggestions["SOURCE"]], actor="alice")
        store.reject_suggestion("a", "alice", suggestions["LOCATION"], actor="alice")
        store.reject_suggestion("a", "bob", suggestions["LOCATION"], actor="bob")
        assert isinstance(suggestions["SOURCE"], Span)
    data = json.loads(runner.invoke(main, ["status", "--db", str(db), "--format", "json"]).output)
    assert data["acceptance"]["SOURCE"] == {"accepted": 1, "rejected": 0, "rate": 1.0}
    assert data["acceptance"]["LOCATION"] == {"accepted": 0, "rejected": 2, "rate": 0.0}
    assert data["acceptance"]["ACTOR"]["rate"] is None
    text = runner.invoke(main, ["status", "--db", str(db)]).output
    assert "Suggestions accepted by annotators" in text and "100%" in text


def test_status_piped_keeps_whole_headers(runner, tmp_path, monkeypatch):
    """Piped to a pager or a file, the table is laid out wider than Rich's 80 columns, so no header
    is cut ("in progr…", "LOCAT…"); $COLUMNS still decides when it is set."""
    db = tmp_path / "s.sqlite"
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "a", "text": "Putin in Almaty."}\n')
    assert runner.invoke(main, ["import", str(f), "--db", str(db), "--no-suggest"]).exit_code == 0
    monkeypatch.delenv("COLUMNS", raising=False)
    text = runner.invoke(main, ["status", "--db", str(db)]).output
    assert "in progress" in text and "LOCATION" in text and "…" not in text
    monkeypatch.setenv("COLUMNS", "60")
    assert "…" in runner.invoke(main, ["status", "--db", str(db)]).output
