"""Shared fixtures: temporary databases, the seed corpus, a CLI runner."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD_DB = ROOT / "data" / "gold.sqlite"

# The tests see none of the user's settings (annotator/settings.py): no ANNOTATOR_* variable and
# an empty configuration directory (a test that needs settings sets them with monkeypatch).
for _name in [n for n in os.environ if n.startswith("ANNOTATOR_")]:
    del os.environ[_name]
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="annotator-tests-config-")
atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], True)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def store(db_path: Path):
    with Store.open(db_path) as s:
        yield s


def dump(path: Path) -> list[str]:
    """The database's full content as SQL, to check that a failed command changed nothing."""
    import sqlite3

    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
