"""The user's settings, read once from the environment and one TOML file.

Every setting has, in order of precedence: a command-line option (where the command has one,
such as ``--db``), an environment variable, a key of the configuration file, and a default:

- the database: ``ANNOTATOR_DB``, ``db``; default ``data/gold.sqlite`` in the current folder;
- the keymap file of both apps: ``ANNOTATOR_KEYMAP``, ``keymap`` (a path, or a ``[keymap]`` table
  in the configuration file itself); default ``keymap.toml`` in the configuration directory;
- fast sync: ``ANNOTATOR_FAST_SYNC`` (1 or 0), ``fast_sync``; default off (``synchronous = FULL``);
- worker processes: ``ANNOTATOR_WORKERS``, ``workers``; default one per core (at most 4 for an
  import's analysis).

A relative path in the configuration file is relative to the file's folder; ``~`` is the home
folder. The configuration file is ``$XDG_CONFIG_HOME/annotator/config.toml`` (``~/.config/annotator/``
when ``XDG_CONFIG_HOME`` is unset or not absolute, as the XDG specification says), or the file
``$ANNOTATOR_CONFIG`` names. A missing file is no error; a file that is not valid TOML, has an
unknown key or a value of the wrong kind is refused with one line naming the file and the line.

The CLI loads the settings once (``annotator.cli.common.current_settings``) and passes them on:
the database path and fast sync to ``Store.open``, the keymap file to both apps, the workers to
the import and the suggester. Nothing else reads these environment variables. This module
imports only the model's errors, so every layer above the model may use it.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from annotator.model.errors import InputError

CONFIG_NAME = "config.toml"
KEYMAP_NAME = "keymap.toml"

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
_KEYS = ("db", "keymap", "fast_sync", "workers")


class SettingsError(InputError):
    """A setting that cannot be used; the message names the file and line, or the variable."""


@dataclass(frozen=True)
class Settings:
    """What the user configured (see the module's docstring for where each value comes from)."""

    #: The database when no ``--db`` is given; None: ``data/gold.sqlite`` in the current folder.
    db: Path | None = None
    #: The keymap file of both apps (it need not exist: then no key is remapped).
    keymap: Path = Path(KEYMAP_NAME)
    #: ``PRAGMA synchronous = NORMAL`` instead of ``FULL``: faster commits, and a power cut (not
    #: a crash of the program) may lose the last changes. See docs/reliability.md.
    fast_sync: bool = False
    #: Worker processes for an import's analysis and for suggestions; None: as many as cores.
    workers: int | None = None


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """annotator's folder in the user's configuration directory: ``$XDG_CONFIG_HOME/annotator``,
    or ``~/.config/annotator`` when that is unset or not absolute (as the XDG spec says)."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else _home(env) / ".config"
    return base / "annotator"


def _home(env: Mapping[str, str]) -> Path:
    return Path(env["HOME"]) if env.get("HOME") else Path.home()


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``environ`` (default ``os.environ``) and the configuration file.

    Raises ``SettingsError`` (one line, naming the file and line or the variable) for a bad
    configuration file or a bad value of a variable."""
    env = os.environ if environ is None else environ
    named = env.get("ANNOTATOR_CONFIG")
    path = _expanded(named, env) if named else config_dir(env) / CONFIG_NAME
    config = _read_config(path, required=bool(named))
    values = config.values if config else {}

    def where(key: str) -> str:
        return config.where(key) if config else ""

    db: Path | None = None
    if env.get("ANNOTATOR_DB"):
        db = Path(env["ANNOTATOR_DB"])
    elif "db" in values:
        db = _path(values["db"], where("db"), path.parent, env)

    if env.get("ANNOTATOR_KEYMAP"):
        keymap = Path(env["ANNOTATOR_KEYMAP"])
    elif isinstance(values.get("keymap"), dict):
        keymap = path  # a [keymap] table in the configuration file itself
    elif "keymap" in values:
        keymap = _path(values["keymap"], where("keymap"), path.parent, env)
    else:
        keymap = config_dir(env) / KEYMAP_NAME

    if "ANNOTATOR_FAST_SYNC" in env:
        fast_sync = _flag(env["ANNOTATOR_FAST_SYNC"], "$ANNOTATOR_FAST_SYNC")
    elif "fast_sync" in values:
        if not isinstance(values["fast_sync"], bool):
            raise SettingsError(f"{where('fast_sync')}fast_sync must be true or false")
        fast_sync = values["fast_sync"]
    else:
        fast_sync = False

    workers: int | None = None
    if env.get("ANNOTATOR_WORKERS"):
        raw = env["ANNOTATOR_WORKERS"].strip()
        workers = int(raw) if raw.isdecimal() else 0
        if workers < 1:
            raise SettingsError(f"$ANNOTATOR_WORKERS: {raw!r} is not a whole number from 1")
    elif "workers" in values:
        workers = values["workers"]
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise SettingsError(f"{where('workers')}workers must be a whole number from 1")

    return Settings(db=db, keymap=keymap, fast_sync=fast_sync, workers=workers)


@dataclass(frozen=True)
class _Config:
    path: Path
    values: dict[str, object]
    lines: list[str]

    def where(self, key: str) -> str:
        """``<file>: line N: `` for the line that sets ``key`` (``<file>: `` if not found)."""
        name = rf"""(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
        pattern = re.compile(rf"^\s*(?:{name}\s*=|\[\s*{name}\s*\])")
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return f"{self.path}: line {number}: "
        return f"{self.path}: "


#: A configuration file is a few lines: anything much larger is the wrong file.
MAX_CONFIG_BYTES = 1 << 20


def _read_config(path: Path, *, required: bool) -> _Config | None:
    """The configuration file, checked; None when it does not exist (and is not ``required``)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):  # a FIFO would block forever
            raise SettingsError(f"{path}: not a regular file (a pipe, device or socket), not a configuration file")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_CONFIG_BYTES:
            raise SettingsError(f"{path}: larger than {MAX_CONFIG_BYTES} bytes, not a configuration file")
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise SettingsError(f"{path}: no such configuration file ($ANNOTATOR_CONFIG)") from None
        return None
    except IsADirectoryError:
        raise SettingsError(f"{path}: is a folder, not a configuration file") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the configuration file ({(exc.strerror or str(exc)).lower()})") from None
    try:
        text = raw.decode("utf-8")
        values = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SettingsError(f"{path}: line {line}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {_toml_error(str(exc))}") from None
    config = _Config(path, values, text.splitlines())
    for key, value in values.items():
        if key not in _KEYS:
            kind = "table" if isinstance(value, dict) else "setting"
            raise SettingsError(f"{config.where(key)}unknown {kind} {key!r} (settings: {', '.join(_KEYS)})")
    return config


def _toml_error(message: str) -> str:
    """tomllib's ``Invalid value (at line 3, column 7)`` as ``line 3, column 7: invalid value``."""
    found = re.fullmatch(r"(?s)(.*?)\s*\((at line \d+, column \d+|at end of document)\)", message)
    if not found:
        return f"not valid TOML ({message})"
    what, at = found.groups()
    return f"{at.removeprefix('at ')}: not valid TOML ({what[:1].lower() + what[1:]})"


def _path(value: object, where: str, folder: Path, env: Mapping[str, str]) -> Path:
    """A path from the configuration file: ``~`` expanded, relative to the file's folder."""
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}expected a path in quotes")
    return folder / _expanded(value, env)


def _expanded(value: str, env: Mapping[str, str]) -> Path:
    """``~/x`` as the home folder's ``x`` (the home of ``env``)."""
    if value == "~" or value.startswith("~/"):
        return _home(env) / value[2:]
    return Path(value)


def _flag(value: str, name: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise SettingsError(f"{name}: {value!r} is neither 1 nor 0 (also: true/false, yes/no, on/off)")
