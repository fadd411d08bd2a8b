"""Writing an output path safely: every command that writes a file (``export -o``, ``agreement
-o``, ``report -o``, ``backup``) goes through :func:`open_output`.

What happens depends on what is at the path (:func:`output_kind`):

- ``-``: standard output, written directly (streaming).
- a FIFO or a character device (``/dev/null``, ``/dev/stdout`` through its symlink, a terminal):
  opened and written directly, streaming; never replaced by a regular file.
- a regular file or a new path: written to a temporary file beside it and renamed over it only
  when everything was written and synced, so a reader never sees half a file and a failed write
  leaves the old file (or nothing) in place; the temporary file is always removed.
- a symlink: followed; the rules above apply to what it points at (an atomic replace of the
  target file, never of the link itself).
- a folder, a block device, a socket: refused.
- a regular file that holds an SQLite database (the annotator database itself, a backup, any
  other program's database): refused, so that ``export -o corpus.sqlite`` can never replace the
  database with its own export. (``backup`` replaces an old copy through SQLite, not here.)

Every ``OSError`` while opening, writing or renaming becomes an :class:`OutputError` whose
message is one line, ``<path as given>: <reason>`` (a broken pipe stays a ``BrokenPipeError``, so
that the command line can exit quietly when the reader went away, as ``| head`` does).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

from annotator.formats.reading import display_path
from annotator.model.errors import AnnotatorError

STDIO = "-"
"""The path that means standard output here (and standard input for ``import``)."""

STDOUT_NAME = "standard output"
"""How standard output is named in messages."""

OutputKind = Literal["stdout", "stream", "file"]


class OutputError(AnnotatorError, OSError):
    """Writing an output failed; ``str()`` is one line naming the path as the user gave it."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(reason)
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        shown = STDOUT_NAME if self.path == STDIO else display_path(self.path)
        return f"{shown}: {self.reason}"


def reason(exc: OSError) -> str:
    """The short reason of an OS error (``No space left on device``), without errno or file."""
    return exc.strerror or str(exc) or type(exc).__name__


def output_kind(path: str | os.PathLike[str]) -> OutputKind:
    """``stdout`` for ``-``; ``stream`` for a FIFO or character device (through symlinks);
    ``file`` for a regular file or a path that does not exist yet. Anything else (a folder, a
    block device, a socket) raises :class:`OutputError`."""
    if str(path) == STDIO:
        return "stdout"
    try:
        mode = os.stat(path).st_mode  # follows symlinks
    except FileNotFoundError:
        return "file"  # a new path (or a symlink to one)
    except OSError as exc:
        raise OutputError(path, reason(exc)) from None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return "stream"
    if stat.S_ISDIR(mode):
        raise OutputError(path, "is a folder; give a file name")
    raise OutputError(path, "not a regular file, FIFO or character device")


def replace_target(path: str | os.PathLike[str]) -> Path:
    """The regular file that an atomic write to ``path`` replaces: ``path`` itself, or what its
    symlinks point at (so that the link is kept and its target updated). Its folder must exist."""
    real = Path(os.path.realpath(path))
    if not real.parent.is_dir():
        raise OutputError(path, "no such directory")
    return real


@contextlib.contextmanager
def open_output(path: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO]:
    """A handle to write the output at ``path`` to (see the module docstring for what each kind
    of path gets). Text handles write UTF-8 with ``\\n`` newlines, standard output included.

    Use it for every file a command writes::

        with open_output(output) as handle:
            for line in lines:
                handle.write(line)

    Decide everything that can fail on the input *before* entering the block where you can (an
    error inside it leaves the old file in place, but a stream has already received what was
    written). An ``OSError`` that names another file (``filename`` set) is passed through
    unchanged; any other becomes :class:`OutputError` naming ``path``.
    """
    kind = output_kind(path)
    if kind == "file":
        with _atomic(path, binary=binary) as handle:
            yield handle
        return
    try:
        with _direct(path, kind, binary=binary) as handle:
            yield handle
    except BrokenPipeError:
        raise
    except OSError as exc:
        if isinstance(exc, OutputError) or exc.filename not in (None, os.fspath(path)):
            raise
        raise OutputError(path, reason(exc)) from None


@contextlib.contextmanager
def _direct(path: str | os.PathLike[str], kind: OutputKind, *, binary: bool) -> Iterator[IO]:
    """Standard output, a FIFO or a device: written as it comes, flushed at the end."""
    if kind == "stdout":
        sys.stdout.flush()  # whatever was printed before comes first
        raw = sys.stdout.buffer
        yield raw if binary else _Utf8Text(raw)
        raw.flush()
        return
    with open(path, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as handle:
        yield handle


@contextlib.contextmanager
def _atomic(path: str | os.PathLike[str], *, binary: bool) -> Iterator[IO]:
    """A temporary file beside the (symlink-resolved) target, synced and renamed over it."""
    target = replace_target(path)
    if _holds_sqlite(target):
        raise OutputError(path, "holds an SQLite database (the database itself, or a backup?); "
                                "will not replace it: give another file name, or delete it first")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(path, reason(exc)) from None
    try:
        os.chmod(tmp, _mode_for(target))
        kwargs = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, "wb" if binary else "w", **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError) and exc.filename in (None, tmp):
            raise OutputError(path, reason(exc)) from None
        raise


class _Utf8Text:
    """Text written as UTF-8 to a binary stream (standard output's buffer), whatever the locale
    says, without a wrapper of its own that could close standard output when it is collected."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def write(self, text: str) -> int:
        self._raw.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self._raw.flush()

    def isatty(self) -> bool:
        return self._raw.isatty()

    def writable(self) -> bool:
        return True


SQLITE_HEADER = b"SQLite format 3\x00"


def _holds_sqlite(target: Path) -> bool:
    """Whether the existing file at ``target`` begins with SQLite's header."""
    try:
        with target.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False  # a new path, or one whose error the write reports


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every file system lets a folder be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(target: Path) -> int:
    """The existing file's permissions, or what a plain ``open()`` would give (0666 minus umask);
    mkstemp's private 0600 would surprise whoever reads the export next."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write all of ``data`` to ``path`` with :func:`open_output`."""
    with open_output(path, binary=isinstance(data, bytes)) as handle:
        handle.write(data)
