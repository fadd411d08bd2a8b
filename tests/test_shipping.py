"""What a fresh clone and an installed wheel give a user (issue 17): the shipped database stays
untouched by looking at it, the guidelines travel inside the package, a licence file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import Store
from annotator.tui.app import AnnotatorApp
from tests.conftest import GOLD_DB, ROOT

#: Migrations on main that data/gold.sqlite does not have yet: the maintainers apply them to the
#: shipped file (a binary file, migrated once, not in each change) and then empty this set.
NOT_YET_SHIPPED: set[str] = set()


def test_the_shipped_database_is_at_the_current_schema():
    """Every migration is applied to data/gold.sqlite, so opening it changes nothing."""
    import sqlite_utils

    from annotator.store.schema import MIGRATIONS

    conn = sqlite3.connect(f"file:{GOLD_DB}?mode=ro", uri=True)
    try:
        assert [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(conn)) if m.name not in NOT_YET_SHIPPED] == []
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.anyio
async def test_opening_the_gold_database_and_quitting_changes_nothing(tmp_path):
    copy = tmp_path / "gold.sqlite"
    shutil.copyfile(GOLD_DB, copy)
    if NOT_YET_SHIPPED:  # the copy as the shipped file will be
        Store.open(copy).close()
    before = digest(copy)
    for _ in range(2):  # a first opening (no saved position) and a second one
        app = AnnotatorApp(Store.open(copy), annotator="newcomer")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("l", "escape", "question_mark", "escape")  # looking around
            await pilot.pause()
            await pilot.press("q")
        app.session.store.close()
        assert digest(copy) == before
        assert not copy.with_name("gold.sqlite-wal").exists() or copy.with_name("gold.sqlite-wal").stat().st_size == 0
    # moving is a change worth keeping: the position is written
    app = AnnotatorApp(Store.open(copy), annotator="newcomer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("right", "q")
    app.session.store.close()
    with Store.open(copy) as store:
        assert store.position("newcomer") is not None


def test_the_build_ships_the_guidelines_inside_the_package(tmp_path):
    """docs/guidelines.md is the source; the build step copies it into the package, where an
    installed app finds it when there is no checkout around."""
    build = tmp_path / "build"
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "-d", str(build)], cwd=ROOT, check=True,
                   capture_output=True)
    shipped = build / "annotator" / "docs" / "guidelines.md"
    assert shipped.read_bytes() == (ROOT / "docs" / "guidelines.md").read_bytes()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "from annotator.tui.screens import find_guidelines; print(find_guidelines())"
    proc = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(build), "PATH": "/usr/bin:/bin"})
    assert Path(proc.stdout.strip()) == shipped


def test_the_licence_file_matches_the_package_metadata():
    import tomllib

    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"] == "MIT"
