"""Opening the database: pragmas, migrations and write transactions that survive contention."""

import contextlib
import os
import random
import sqlite3
import tempfile
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlite_utils

from annotator.model.errors import NewerSchema, StoreError, UnknownLayer
from annotator.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = Path("data") / "gold.sqlite"
BUSY_TIMEOUT_MS = 10_000
WRITE_LOCK_PATIENCE_S = 500.0  # how long a write waits for another writer before giving up
#: The page size of a new database (SQLite's default is 4096). A stored news article (its text
#: and packed tokens, ~10 KB) then takes one overflow page instead of a chain of two or three, and
#: an import handles fewer pages: the importing process's CPU -8% for a file 8% larger
#: (benchmarks/bench_import_process.py; 16384 was no faster, with commits of larger pages). A
#: database made before keeps its page size (a WAL database cannot change it).
PAGE_SIZE = 8192


def unknown_layer(name: str, known: Iterable[str]) -> UnknownLayer:
    """How every command says that ``name`` is not a layer of the database (``known`` are):
    ``raise unknown_layer(name, known)``."""
    return UnknownLayer(name, known)


def open_database(path: str | os.PathLike[str], *, create: bool = True,
                  read_only: bool = False, fast_sync: bool = False, private: bool = False) -> sqlite_utils.Database:
    """Open the database; a writer may create it and bring its schema up to date.

    ``read_only`` (the commands that only read): the file is opened read-only (a ``mode=ro``
    connection) and never created, migrated or switched to WAL. An annotator database with an
    older schema is read as it is (see CONTRIBUTING.md: code that reads a table or column added
    by a later migration treats it as absent there).

    A writer creates a new file (only if ``create``), fills an empty one, and migrates an
    annotator database whose schema is older (after writing a backup beside it). Any other
    file (another program's SQLite database, or not SQLite at all) is refused and left
    byte-identical, and so is a database written by a newer annotator. WAL mode lets readers
    work while one annotator writes; the busy timeout and the retries in ``write_transaction``
    keep "database is locked" away from users; foreign keys are enforced. Every commit is
    on disk when it returns (``PRAGMA synchronous = FULL``) unless ``fast_sync`` (the user's
    setting, ``annotator.settings``): then ``NORMAL``, which a power cut may undo the last
    commits of (see docs/reliability.md).

    ``private``: a file no other process knows of (``NewDatabase``'s, until it is published)
    keeps a rollback journal instead of WAL: a page the import adds is then written once, into
    the file, where WAL writes it to the -wal file and again into the file at the checkpoint
    (about 0.6 s of the end of a 4,000-document import, with nothing else to do meanwhile).
    WAL is for readers beside a writer, and there are none; ``NewDatabase.publish`` switches
    the file to WAL before anyone can open it.
    """
    path = Path(path)
    if read_only or not create:
        _check_exists(path)
    elif not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the folder ({_reason(exc)})") from None
    existed = path.exists()
    if existed:
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database")
        if not path.is_file():  # a FIFO would block the open forever, a device read without end
            raise StoreError(f"{path}: not a regular file (a pipe, device or socket), not a database")
        kind = _inspect(path, writer=not read_only)
        if read_only and kind == _EMPTY:
            raise StoreError(f"{path}: an empty database, not yet an annotator database "
                             "(run 'annotator import' to fill it)")
    if read_only:
        return _open_read_only(path)
    if existed and not os.access(path, os.W_OK):
        raise StoreError(f"{path}: permission denied (this command writes to the database; the file is read-only)")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path.parent}: permission denied (this command writes to the database, "
                         "and SQLite needs to create files beside it)")
    try:
        conn = sqlite3.connect(_uri(path, "rw" if existed else "rwc"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open ({exc})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # taken only by a database still empty
        _retry(lambda: conn.execute("PRAGMA journal_mode = DELETE" if private else "PRAGMA journal_mode = WAL"))
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL" if fast_sync else "PRAGMA synchronous = FULL")
        db = sqlite_utils.Database(conn, execute_plugins=False)  # no entry-point scan at start-up
        _migrate(db, path if existed and path.stat().st_size > 0 else None)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: cannot open or update the database ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return db


#: What a file is, as far as opening it goes.
_EMPTY, _ANNOTATOR = "empty", "annotator"


def _uri(path: Path, mode: str, *extra: str) -> str:
    return "file:" + urllib.parse.quote(str(path.absolute())) + f"?mode={mode}" + "".join(f"&{e}" for e in extra)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _check_exists(path: Path) -> None:
    if path.exists() or path.is_symlink():
        return
    if not path.parent.exists():
        raise StoreError(f"{path}: no such directory")
    if not os.access(path.parent, os.X_OK):
        raise StoreError(f"{path}: permission denied (cannot look into {path.parent})")
    raise StoreError(f"{path}: no such database (run 'annotator import' to create one)")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A ``mode=ro`` connection. In a folder nobody can write to, a WAL database without its
    -wal and -shm files cannot be opened that way (SQLite would create them); nobody can be
    writing it then, so it is opened as immutable."""
    if not os.access(path, os.R_OK):
        raise StoreError(f"{path}: permission denied (the file is not readable)")
    conn = sqlite3.connect(_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        companions = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
        if os.access(path.parent, os.W_OK) or any(p.exists() for p in companions):
            raise StoreError(f"{path}: cannot open ({exc})") from None
    except BaseException:
        conn.close()
        raise
    conn = sqlite3.connect(_uri(path, "ro", "immutable=1"), uri=True, check_same_thread=False)
    return conn


def _inspect(path: Path, *, writer: bool = False) -> str:
    """``_EMPTY`` (no tables yet) or ``_ANNOTATOR`` (this or an older schema); anything else
    raises StoreError naming what the file is. Reads through a read-only connection; for a
    ``writer``, through a read-write one when the file has a hot journal that only a writer may
    roll back (a process killed while it created the database, before WAL mode was set)."""
    try:
        try:
            conn = _connect_read_only(path)
        except StoreError as exc:
            if not (writer and "readonly database" in str(exc)):
                raise
            conn = sqlite3.connect(_uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not an annotator database (not an SQLite file: {exc})") from None
    try:
        try:
            names = {row[0] for row in conn.execute("select name from sqlite_master")}
            applied = (
                [row[0] for row in conn.execute(
                    f"select name from {MIGRATIONS.migrations_table} where migration_set = ? order by rowid",
                    [MIGRATIONS.name])]
                if MIGRATIONS.migrations_table in names else []
            )
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StoreError(f"{path}: not an annotator database (not an SQLite file: {exc})") from None
            raise StoreError(f"{path}: cannot read ({exc})") from None
    finally:
        conn.close()
    if not names:
        return _EMPTY
    if not applied:
        raise StoreError(f"{path}: not an annotator database (an SQLite database of another program; "
                         "left as it is)")
    known = {m.name for m in MIGRATIONS._migrations}
    if len(applied) > SCHEMA_VERSION or any(name not in known for name in applied):
        raise NewerSchema(f"{path}: written by a newer annotator (schema {len(applied)} > {SCHEMA_VERSION}); "
                         "upgrade annotator to open it")
    return _ANNOTATOR


def _open_read_only(path: Path) -> sqlite_utils.Database:
    conn = _connect_read_only(path)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = ON")  # belt and braces: the connection is read-only anyway
    return sqlite_utils.Database(conn, execute_plugins=False)


def schema_version(db: sqlite_utils.Database) -> int:
    """How many of annotator's migrations the database has (``SCHEMA_VERSION`` once migrated;
    fewer in an older database opened read-only)."""
    return len(MIGRATIONS.applied(db))


def _migrate(db: sqlite_utils.Database, existing: Path | None) -> None:
    if not MIGRATIONS.pending(db):
        return
    # The write lock first, then what is pending read again: of several processes opening the
    # database at once, one backs up and migrates, the others wait and find nothing to do (they
    # used to run the same migration twice and write the same backup file at once). The
    # migrations run as savepoints of this one transaction (none may be non-transactional).
    with write_transaction(db):
        if not MIGRATIONS.pending(db):
            return
        if existing is not None and MIGRATIONS.applied(db):
            backup_path = existing.with_name(f"{existing.name}.before-v{SCHEMA_VERSION}.bak")
            # from a second connection: SQLite's backup cannot read through one that holds the
            # write lock; a reader sees the last committed state, which nobody can change now
            reader = sqlite3.connect(str(existing), timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                _copy(reader, backup_path)
            finally:
                reader.close()
        MIGRATIONS.apply(db)


class NewDatabase:
    """A database that does not exist yet, built under a temporary name beside ``target`` and
    published there only when it is complete (``publish``), else removed (``discard``). Open
    it with ``private=True`` (see ``open_database``): no other process knows of it.

    Of two imports into the same new path at once, neither ever deletes what the other wrote:
    each builds its own file; the first to finish links it into place, and the other finds the
    path taken (``publish`` returns False) and imports into that database instead. A refused or
    interrupted import leaves nothing behind (a process killed outright may leave a hidden
    ``.<name>.new-*`` file, never a half-made database at ``target``).
    """

    def __init__(self, target: str | os.PathLike[str]):
        self.target = Path(target)
        if not self.target.parent.exists():
            try:
                self.target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.target.parent}: cannot create the folder ({_reason(exc)})") from None
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.new-", suffix=".sqlite", dir=self.target.parent)
        except OSError as exc:
            raise StoreError(f"{self.target.parent}: cannot create the database here ({_reason(exc)})") from None
        os.close(fd)
        self.path = Path(name)

    def publish(self) -> bool:
        """Put the finished database at ``target`` (every connection to it closed first). False,
        and nothing changed, if another process created ``target`` meanwhile."""
        conn = sqlite3.connect(str(self.path))
        try:  # built with a rollback journal (``open_database(private=True)``): WAL, as every
            # annotator database is, before anyone can open it; and everything into the main
            # file, if it was built in WAL: the -wal file does not follow the link
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.target}: the new database could not be finished ({exc}); it was not created") from None
        finally:
            conn.close()
        wal = Path(f"{self.path}-wal")
        if mode != "wal" or (wal.exists() and wal.stat().st_size):
            raise StoreError(f"{self.target}: the new database could not be put in WAL mode and checkpointed; "
                             "it was not created")
        try:
            os.link(self.path, self.target)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: rename, if the name is still free
            if self.target.exists():
                return False
            os.rename(self.path, self.target)
        self.discard()
        return True

    def discard(self) -> None:
        """Remove the temporary file (and its -wal and -shm); ``target`` is never touched."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def backup_database(db: sqlite_utils.Database, target: str | os.PathLike[str]) -> Path:
    """Copy the live database to ``target`` with SQLite's online backup (consistent while in use).

    The copy is written beside ``target`` and renamed over it. ``target`` may not be the database
    itself (or its -wal/-shm file): renaming over a database in use can lose or corrupt changes.
    """
    target = Path(target)
    source = next((row[2] for row in db.conn.execute("pragma database_list") if row[1] == "main"), "")
    if source:
        source_path = Path(source).resolve()
        live = {source_path, *(source_path.with_name(source_path.name + s) for s in ("-wal", "-shm", "-journal"))}
        if target.resolve() in live or (target.exists() and os.path.samefile(target, source_path)):
            raise StoreError(f"{target}: that is the database itself; back up to another file")
    if not target.parent.is_dir():
        raise StoreError(f"{target}: no such directory")
    return _copy(db.conn, target)


def backup_committed(path: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Copy the last committed state of the database at ``path`` to ``target``, through a second
    connection: usable while this process holds the write lock in an open transaction (SQLite's
    backup cannot read through that connection, and a reader sees exactly the state before it)."""
    reader = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return _copy(reader, Path(target))
    finally:
        reader.close()


def _copy(source: sqlite3.Connection, target: Path) -> Path:
    """SQLite's online backup of ``source`` into a new file renamed over ``target`` (over the file
    a symlink at ``target`` points to: the link itself is kept)."""
    real = Path(os.path.realpath(target))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            source.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _retry(fn, attempts: int = 50):
    for attempt in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == attempts - 1:
                raise
            time.sleep(0.01 + random.random() * 0.05)


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """Take the write lock, polling every 0.1-2 ms while another process holds it.

    Not SQLite's busy handler: it backs off to 100 ms between attempts while the writer that
    holds the lock takes it again at once, so under contention one session could wait seconds
    (3 s in benchmarks/bench_concurrency.py) while others wrote hundreds of times. Polling
    often shares the lock fairly; after a second of waiting (a long import), every 20 ms."""
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        started = time.monotonic()
        delay = 0.0001
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                waited = time.monotonic() - started
                if ("locked" not in str(exc) and "busy" not in str(exc)) or waited > WRITE_LOCK_PATIENCE_S:
                    raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 1.5, 0.002 if waited < 1.0 else 0.02)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


_UNUSABLE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY",
             "SQLITE_CANTOPEN", "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_PERM")
"""SQLite's result codes for a database that cannot be written now (a full disk, an I/O error,
another writer holding the lock too long, a read-only or damaged file): the user's problem, not
a bug. Other codes (no such table, a constraint) are bugs and stay as they are."""


def database_unusable(exc: sqlite3.DatabaseError) -> bool:
    """True if SQLite says the database cannot be used now (see ``_UNUSABLE``), not a bug."""
    return (getattr(exc, "sqlite_errorname", None) or "").startswith(_UNUSABLE)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One ``BEGIN IMMEDIATE`` transaction: the write lock is taken up front, so two writers never
    deadlock on a lock upgrade; committed (and on disk) when the block ends, rolled back on error.
    Nested use becomes a savepoint. A database that cannot be written (see ``_UNUSABLE``) is a
    ``StoreError`` ("database error: database or disk is full")."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        _begin_immediate(conn)
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                _retry(lambda: conn.execute("COMMIT"))
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    except sqlite3.DatabaseError as exc:
        if database_unusable(exc):
            raise StoreError(f"database error: {exc}") from exc
        raise
