"""A database left with a hot rollback journal (a process killed while creating it, before WAL
mode was set) is finished by the next writer, not refused."""

import shutil
import sqlite3

from annotator.store import Store


def test_a_writer_opens_a_database_with_a_hot_journal(tmp_path):
    db = tmp_path / "a.sqlite"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("pragma journal_mode = delete")
    conn.close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("begin exclusive")
    conn.execute("pragma cache_size = 0")  # spill the change to the file: the journal is hot
    conn.execute("create table junk (x)")
    conn.execute("insert into junk values (zeroblob(100000))")
    shutil.copy(db, tmp_path / "b.sqlite")
    shutil.copy(f"{db}-journal", tmp_path / "b.sqlite-journal")
    conn.execute("rollback")
    conn.close()
    with Store.open(tmp_path / "b.sqlite") as store:  # the journal is rolled back: as before the crash
        assert "junk" not in store.db.table_names()
        assert store.db.execute("pragma integrity_check").fetchall() == [("ok",)]
