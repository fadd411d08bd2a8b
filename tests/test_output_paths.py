"""Output paths: what every command that writes a file (export, agreement and report with -o,
backup) does with a symlink, a FIFO, a character device, ``-``, a full device, a missing or
read-only folder and a reader that goes away; and ``import -`` reading standard input.

Device nodes are made in the test's own folder when the tests run as root (a regression would
then replace that node, never the machine's /dev/null or /dev/full); otherwise the real ones are
used, which an unprivileged process cannot replace anyway.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main

TEXT = "Putin met Tokayev in Almaty on Monday, TASS reported."
ROOT = os.geteuid() == 0


def spans(text: str, *items: tuple[str, str]) -> list[dict]:
    return [{"start": text.index(s), "end": text.index(s) + len(s), "label": label} for s, label in items]


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner) -> Path:
    """Two documents annotated in the gold layer and in alice's and bob's."""
    records = []
    for layer in ("gold", "alice", "bob"):
        records += [
            {"id": "d1", "text": TEXT, "layer": layer,
             "spans": spans(TEXT, ("Putin", "ACTOR"), ("Almaty", "LOCATION"), ("TASS", "SOURCE"))},
            {"id": "d2", "text": "Reuters counted 3 dead.", "layer": layer,
             "spans": spans("Reuters counted 3 dead.", ("Reuters", "SOURCE"), ("3", "FIGURE"))},
        ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    path = tmp_path / "db.sqlite"
    result = runner.invoke(main, ["import", str(source), "--db", str(path), "--no-suggest"])
    assert result.exit_code == 0, result.output
    return path


def export_args(db: Path, *more: str) -> list[str]:
    return ["export", "--db", str(db), "--format", "jsonl", *more]


def expected_export(runner: CliRunner, db: Path) -> bytes:
    result = runner.invoke(main, export_args(db))
    assert result.exit_code == 0 and result.stdout_bytes.count(b"\n") == 2
    return result.stdout_bytes


def no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def char_device(tmp_path: Path, name: str) -> Path:
    """A null (``null``) or full (``full``) character device that a broken build may replace."""
    if not ROOT:
        return Path("/dev") / name
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, {"null": 3, "full": 7}[name]))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


def is_sqlite(data: bytes, tmp_path: Path) -> list[str]:
    """The document ids of a database given as bytes."""
    copy = tmp_path / "check.sqlite"
    copy.write_bytes(data)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        return [r[0] for r in conn.execute("select id from documents order by position")]
    finally:
        conn.close()
        copy.unlink()


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, **kwargs)


# -- item 2: what is at the path decides how it is written ----------------------------------------
def test_a_symlink_is_followed_and_its_target_replaced(db, runner, tmp_path):
    """`-o link` and `backup link` update the file the link points to; the link stays a link."""
    real = tmp_path / "real.jsonl"
    real.write_text("old")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real.name)  # relative, as people make them
    assert runner.invoke(main, [*export_args(db), "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and real.read_bytes() == expected_export(runner, db)
    dangling = tmp_path / "dangling.jsonl"  # a link to a file not made yet: made there
    dangling.symlink_to("made.jsonl")
    assert runner.invoke(main, [*export_args(db), "-o", str(dangling)]).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "made.jsonl").read_bytes() == expected_export(runner, db)
    report = tmp_path / "report.md"
    report.write_text("old")
    report_link = tmp_path / "report-link.md"
    report_link.symlink_to(report)
    result = runner.invoke(main, ["agreement", "--db", str(db), "--format", "markdown", "-o", str(report_link)])
    assert result.exit_code == 0, result.output
    assert report_link.is_symlink() and report.read_text().startswith("#")
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(b"an old copy")
    copy_link = tmp_path / "copy-link.sqlite"
    copy_link.symlink_to(copy)
    result = runner.invoke(main, ["backup", str(copy_link), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert copy_link.is_symlink() and is_sqlite(copy.read_bytes(), tmp_path) == ["d1", "d2"]
    assert no_temporary_files(tmp_path)


def test_a_fifo_is_written_as_a_stream(db, runner, tmp_path):
    """A FIFO stays a FIFO and its reader gets the whole export (and a whole backup)."""
    expected = expected_export(runner, db)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    for args, check in (
        ([*export_args(db), "-o", str(fifo)], lambda data: data == expected),
        (["backup", str(fifo), "--db", str(db)], lambda data: is_sqlite(data, tmp_path) == ["d1", "d2"]),
    ):
        received: list[bytes] = []
        reader = threading.Thread(target=lambda into=received: into.append(fifo.read_bytes()), daemon=True)
        reader.start()
        result = runner.invoke(main, args)
        reader.join(timeout=60)
        assert result.exit_code == 0, result.output
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert check(received[0])
    assert no_temporary_files(tmp_path)


def test_a_character_device_is_written_not_replaced(db, runner, tmp_path):
    """`-o /dev/null` (directly, or through a symlink like /dev/stdout) keeps the device."""
    null = char_device(tmp_path, "null")
    link = tmp_path / "to-null"
    link.symlink_to(null)
    for target in (null, link):
        for args in ([*export_args(db), "-o", str(target)], ["backup", str(target), "--db", str(db)],
                     ["agreement", "--db", str(db), "-o", str(target)]):
            result = runner.invoke(main, args)
            assert result.exit_code == 0, result.output
            assert stat.S_ISCHR(null.stat().st_mode) and not null.is_symlink()
    assert link.is_symlink()


def test_dash_is_standard_output(db, runner, tmp_path):
    """`-o -` is standard output; `backup -` streams the copy there (and says so on stderr)."""
    result = runner.invoke(main, [*export_args(db), "-o", "-"])
    assert result.exit_code == 0 and result.stdout_bytes == expected_export(runner, db)
    assert not (Path.cwd() / "-").exists()
    result = runner.invoke(main, ["backup", "-", "--db", str(db)])
    assert result.exit_code == 0
    assert is_sqlite(result.stdout_bytes, tmp_path) == ["d1", "d2"]
    assert result.stderr == f"Backed up {db} to standard output\n"


def test_a_folder_is_refused_as_an_output(db, runner, tmp_path):
    result = runner.invoke(main, ["backup", str(tmp_path), "--db", str(db)])
    assert result.exit_code != 0 and "is a director" in result.output  # click's check


# -- item 8: output errors are one line naming the path, and leave nothing behind -----------------
def test_a_full_device_is_one_line_naming_it(db, runner, tmp_path):
    full = char_device(tmp_path, "full")
    for args in ([*export_args(db), "-o", str(full)], ["backup", str(full), "--db", str(db)],
                 ["agreement", "--db", str(db), "-o", str(full)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        assert result.output.splitlines() == [f"Error: {full}: No space left on device"]
        assert stat.S_ISCHR(full.stat().st_mode)


def test_standard_output_on_a_full_device_is_one_line(db, tmp_path):
    """`> /dev/full`, for a command that streams (export), one that prints a table (status) and
    `-o -`: one line, exit 1, no traceback, nothing more at exit."""
    full = char_device(tmp_path, "full")
    for args in (export_args(db), ["status", "--db", str(db)], [*export_args(db), "-o", "-"],
                 ["backup", "-", "--db", str(db)]):
        with full.open("wb") as out:
            proc = subprocess.run([sys.executable, "-m", "annotator", *args], stdout=out, stderr=subprocess.PIPE)
        assert proc.returncode == 1, args
        assert proc.stderr.decode().splitlines() == ["Error: standard output: No space left on device"], args


def test_a_missing_folder_is_one_line_and_creates_nothing(db, runner, tmp_path):
    missing = tmp_path / "no" / "such" / "out.txt"
    for args in ([*export_args(db), "-o", str(missing)], ["backup", str(missing), "--db", str(db)],
                 ["agreement", "--db", str(db), "-o", str(missing)],
                 ["report", "--db", str(db), "--layer", "alice", "-o", str(missing)],
                 ["consistency", "--db", str(db), "--layer", "gold", "-o", str(missing)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, args
        assert result.output.splitlines() == [f"Error: {missing}: no such directory"], args
    assert not (tmp_path / "no").exists()


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder in which no file can be made or renamed: its write bits off, or, as root (whom
    permission bits do not stop), marked immutable with chattr."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "out.txt").write_text("old")
    if ROOT:
        made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True) if shutil.which("chattr") else None
        if made is None or made.returncode != 0:
            pytest.skip("running as root and cannot make a folder immutable here")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_a_read_only_folder_is_one_line_and_the_old_file_stays(db, runner, read_only_folder):
    old = read_only_folder / "out.txt"
    for args in (export_args(db, "-o", str(old)), ["backup", str(old), "--db", str(db)],
                 ["agreement", "--db", str(db), "-o", str(old)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, args
        assert result.output.splitlines() in (
            [f"Error: {old}: Permission denied"], [f"Error: {old}: Operation not permitted"]), args
        assert old.read_text() == "old" and [p.name for p in read_only_folder.iterdir()] == ["out.txt"]


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_one(db, tmp_path, runner):
    """A file size limit (RLIMIT_FSIZE, as a full disk would) stops the export half way."""
    big = "".join(json.dumps({"id": f"big{i}", "text": f"Putin in Almaty {i}. " * 4000}) + "\n" for i in range(4))
    (tmp_path / "big.jsonl").write_text(big)
    assert runner.invoke(main, ["import", str(tmp_path / "big.jsonl"), "--db", str(db), "--no-suggest"]).exit_code == 0
    target = tmp_path / "out.jsonl"
    target.write_text("old")
    limit = 150_000

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then the write fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    for args in (["export", "--db", str(db), "--layer", "gold", "--layer", "machine", "-o", str(target)],
                 ["backup", str(target), "--db", str(db)]):
        if args[0] == "export":
            assert runner.invoke(main, ["suggest", "--db", str(db)]).exit_code == 0
            assert len(runner.invoke(main, args[:-2]).stdout_bytes) > limit
        proc = run(args, preexec_fn=small_files)
        assert proc.returncode == 1, args
        reason = "File too large" if args[0] == "export" else "backup failed: disk I/O error"  # SQLite's words
        assert proc.stderr.decode().splitlines() == [f"Error: {target}: {reason}"], args
        assert target.read_text() == "old"
        assert no_temporary_files(tmp_path)


def test_a_reader_that_goes_away_ends_the_command_quietly(db):
    """`annotator export | head -1`: the reader closes the pipe; exit 1 with nothing on stderr."""
    for args in (export_args(db), ["status", "--db", str(db)], ["backup", "-", "--db", str(db)]):
        proc = subprocess.Popen([sys.executable, "-m", "annotator", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # before the command writes anything
        stderr = proc.stderr.read()
        assert proc.wait(timeout=60) == 1, args
        assert stderr == b"", args


# -- import - -------------------------------------------------------------------------------------
def test_import_dash_reads_jsonl_or_a_text_from_standard_input(runner, tmp_path):
    db = tmp_path / "in.sqlite"

    def imported(data: bytes, *more: str):
        result = runner.invoke(main, ["import", "-", "--db", str(db), "--no-suggest", *more], input=data)
        return result.exit_code, result.output.strip()

    record = {"id": "j1", "text": TEXT, "layer": "gold", "spans": spans(TEXT, ("Putin", "ACTOR"))}
    assert imported(b"\n" + json.dumps(record).encode() + b"\n") == (
        0, "Imported 1 file(s): 1 added, 0 unchanged; annotations: gold 1")
    assert imported(TEXT.encode() + b"\r\nSecond line.") == (0, "Imported 1 file(s): 1 added, 0 unchanged")
    assert imported(TEXT.encode() + b"\nSecond line.") == (0, "Imported 1 file(s): 0 added, 1 unchanged")
    assert imported(b"{not json, a text}", "--format", "txt", "--id", "braces")[0] == 0
    assert imported(b"{not json, a text}") == (
        1, "Error: <stdin>:1: malformed JSON at column 2: unexpected character, expected a string key")
    assert imported(b"") == (1, "Error: <stdin>: empty input")
    assert imported(b"x", "--id", "a/b")[1].startswith("Error: <stdin>: invalid id 'a/b'")
    assert runner.invoke(main, ["import", "-", "-", "--db", str(db)], input=b"x").output.strip() == (
        "Error: <stdin>: '-' given twice (standard input can be read once)")
    import hashlib

    canonical = TEXT + "\nSecond line."
    stdin_id = "stdin-" + hashlib.sha256(canonical.encode()).hexdigest()[:12]
    out = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl", "--layer", "gold"]).stdout
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["j1"]
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("select id from documents order by position")] == ["j1", stdin_id, "braces"]
    conn.close()
