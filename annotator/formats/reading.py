"""Reading input files into records, with errors that name the file and line.

A record is one document, optionally with one layer's annotation of it. Reading never touches
the database; ``annotator.formats.importing`` stores what was read in one transaction.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotator.formats.spans import InputError, RawSpan, canonical_spans, quoted
from annotator.model import Span, Status, exactjson, validate_annotator_name, validate_layer_name
from annotator.model.notes import validate_note
from annotator.text.canonical import CanonicalText, OffsetError, canonical_text

MAX_DOCUMENT_CHARS = 5_000_000
MAX_LINE_BYTES = MAX_DOCUMENT_CHARS * 6  # a JSONL line: the longest text, every character escaped
_ID_FORBIDDEN = set("/\\\x00")
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")
# Control, format (invisible, bidi overrides), surrogate and line/paragraph separator characters.
_ID_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


CONLL_TAG = re.compile(r"O|[BIESLU]-\S+")


def looks_like_conll(text: str) -> bool:
    """True when every non-blank line (at least two) is columns ending in an IOB tag, or a
    -DOCSTART- line: a CoNLL file, not prose."""
    lines = [line.strip() for line in text.splitlines()[:2000] if line.strip()]
    tagged = [line for line in lines if not line.startswith("-DOCSTART-")]
    return len(tagged) >= 2 and all(
        len(parts := line.split()) >= 2 and CONLL_TAG.fullmatch(parts[-1]) for line in tagged)


@dataclass(slots=True)
class Record:
    """One document read from input, with an optional layer annotation."""

    id: str
    text: str
    meta: dict = field(default_factory=dict)
    layer: str | None = None
    spans: list[Span] | None = None
    status: str | None = None
    where: str = ""  # "file" or "file:line", for messages
    notes: list[str] = field(default_factory=list)  # what import changed and says so (trimmed spans)
    flags: list[dict] | None = None  # the annotator's flags: [{"start", "end", "note"}], canonical offsets
    meta_given: bool = True  # False: the input gave no metadata (a stored document's is kept as is)


STDIN = "-"
"""The input path that means standard input."""

STDIN_NAME = "<stdin>"
"""How standard input is named in messages."""

STDIN_FORMATS = ("auto", "txt", "jsonl")


def iter_input_files(paths: list[Path]) -> Iterator[Path]:
    """The files to import: each file given, ``-`` (standard input, once), and every .txt/.jsonl
    under each folder (sorted). A folder or file that cannot be read is refused, never skipped."""
    seen_stdin = False
    for path in paths:
        if str(path) == STDIN:
            if seen_stdin:
                raise InputError(f"{STDIN_NAME}: '-' given twice (standard input can be read once)")
            seen_stdin = True
            yield path
        elif path.is_dir():
            found = _folder_files(path)
            if not found:
                raise InputError(f"{display_path(path)}: no .txt or .jsonl files in this folder")
            yield from found
        elif path.is_file():
            yield path
        elif not path.exists():
            raise InputError(f"{display_path(path)}: no such file or folder")
        else:
            raise InputError(f"{display_path(path)}: not a regular file")


def _folder_files(folder: Path) -> list[Path]:
    """Every regular .txt/.jsonl file under ``folder`` (symlinked folders are not followed), sorted;
    a subfolder that cannot be listed or a file that cannot be looked at is an error naming it."""

    def refuse(exc: OSError) -> None:
        shown = display_path(os.fsdecode(exc.filename)) if exc.filename else display_path(folder)
        raise InputError(f"{shown}: cannot read this folder ({exc.strerror or exc})")

    found = []
    for root, _dirs, names in os.walk(folder, onerror=refuse):
        for name in names:
            path = Path(root, name)
            if path.suffix.lower() not in {".txt", ".jsonl"}:
                continue
            try:
                mode = path.stat().st_mode
            except FileNotFoundError:
                continue  # a dangling symlink
            except OSError as exc:
                raise InputError(f"{display_path(path)}: cannot read ({exc.strerror or exc})") from None
            if stat.S_ISREG(mode):
                found.append(path)
    return sorted(found)


def display_path(path: Path | str) -> str:
    """The path as shown in messages: escape sequences and undecodable bytes in a file name are
    shown escaped, never sent to the terminal."""
    text = str(path)
    return text if text.isprintable() else repr(text)[1:-1]


def read_records(path: Path, stdin_format: str = "auto", stdin_id: str | None = None) -> Iterator[Record]:
    """Records from one ``.txt`` or ``.jsonl`` file, or from standard input (``-``, read as
    ``stdin_format``, a text getting the id ``stdin_id``: see :func:`read_stdin`)."""
    if str(path) == STDIN:
        yield from read_stdin(stdin_format, stdin_id)
        return
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(path)
        elif suffix == ".txt":
            yield _read_txt(path)
        else:
            raise InputError(f"{display_path(path)}: unsupported file type {quoted(suffix or '(none)')} (use .txt or .jsonl)")
    except OSError as exc:
        raise InputError(f"{display_path(path)}: cannot read ({exc.strerror or exc})") from None


def read_stdin(fmt: str = "auto", doc_id: str | None = None) -> Iterator[Record]:
    """Records from standard input, streamed: ``jsonl`` (one record a line), ``txt`` (one
    document) or ``auto`` (JSONL if the first non-blank line starts with ``{``, else text).

    A text read this way has no file name to take its id from: it gets ``doc_id`` if given,
    else ``stdin-`` and the first 12 hex digits of the sha256 of its canonical text (its stored
    checksum), so importing the same text again finds it unchanged and two texts never clash.
    """
    if fmt not in STDIN_FORMATS:
        raise InputError(f"{STDIN_NAME}: unknown format {quoted(fmt)} (choose from {', '.join(STDIN_FORMATS)})")
    handle = sys.stdin.buffer
    try:
        lines = iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b"")
        head: list[bytes] = []
        if fmt == "auto":
            for raw in lines:
                head.append(raw)
                if raw.strip():
                    fmt = "jsonl" if raw.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{") else "txt"
                    break
        if fmt == "jsonl":
            yield from _jsonl_records(itertools.chain(head, lines), STDIN_NAME)
            return
        limit = MAX_DOCUMENT_CHARS * 4
        data = b"".join(head)
        data += handle.read(limit + 1 - len(data)) if len(data) <= limit else b""
        if not data:
            raise InputError(f"{STDIN_NAME}: empty input")
        if len(data) > limit:
            raise InputError(f"{STDIN_NAME}: input too large (more than {limit} bytes) for one document")
        text, meta = prepare_text(_decode(data, STDIN_NAME), STDIN_NAME)
    except OSError as exc:
        raise InputError(f"{STDIN_NAME}: cannot read ({exc.strerror or exc})") from None
    if doc_id is None:
        doc_id = "stdin-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    yield Record(id=check_id(doc_id, STDIN_NAME), text=text, meta=meta, where=STDIN_NAME, meta_given=bool(meta))


def _decode(data: bytes, where: str, *, count_lines: bool = True) -> str:
    """UTF-8 text without a BOM; ``where`` gets the line number appended if ``count_lines``
    (a whole file), not when ``where`` already names the line (one JSONL line)."""
    if b"\x00" in data:
        raise InputError(f"{where}: binary content (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = f"{where}:{line}" if count_lines else where
        raise InputError(f"{where}: invalid UTF-8 at byte {exc.start}") from None
    return text.removeprefix("\ufeff")


def _check_text(text: str, where: str) -> None:
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InputError(f"{where}: document too long ({len(text)} characters, limit {MAX_DOCUMENT_CHARS})")
    found = _FORBIDDEN_CHARS.search(text)
    if found is not None:
        bad, offset = found.group(), found.start()
        line = text.count("\n", 0, offset) + 1
        what = "lone surrogate" if 0xD800 <= ord(bad) <= 0xDFFF else "control character"
        raise InputError(f"{where}: line {line}: {what} U+{ord(bad):04X} in the text")


def check_id(doc_id: object, where: str) -> str:
    """A document id: a non-empty single-line string without path separators."""
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise InputError(f"{where}: \"id\" must be a non-empty string")
    if len(doc_id) > 200 or any(
        ch in _ID_FORBIDDEN or unicodedata.category(ch) in _ID_FORBIDDEN_CATEGORIES for ch in doc_id
    ):
        raise InputError(
            f"{where}: invalid id {quoted(doc_id)} (at most 200 characters; no path separators, "
            "control or invisible characters)"
        )
    return doc_id


def prepare_text(raw: str, where: str, meta: dict | None = None) -> tuple[str, dict]:
    """Canonicalise and take off the date header; returns (text, meta)."""
    canon, meta = prepare(raw, where, meta)
    return canon.text, meta


def prepare(raw: str, where: str, meta: dict | None = None) -> tuple[CanonicalText, dict]:
    """The canonical text (with its offset map, for spans given with the raw text) and the
    metadata with the date header's date added. A date header that disagrees with a ``date``
    already in ``meta`` is refused: one of the two would be lost."""
    canon = canonical_text(raw)
    meta = dict(meta or {})
    if canon.date is not None:
        given = meta.setdefault("date", canon.date)
        if given != canon.date:
            raise InputError(
                f"{where}: the text starts with the date header {canon.date} but \"meta\" has date {quoted(str(given))}"
            )
    if not canon.text.strip():
        raise InputError(f"{where}: empty document")
    _check_text(canon.text, where)
    return canon, meta


def _read_txt(path: Path) -> Record:
    where = display_path(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{where}: empty file")
    if size > MAX_DOCUMENT_CHARS * 4:
        raise InputError(f"{where}: file too large ({size} bytes) for one document")
    raw = _decode(path.read_bytes(), where)
    if looks_like_conll(raw):
        raise InputError(f"{where}: looks like CoNLL columns (a token and a tag on each line), not a "
                         "document: import it with --format conll")
    text, meta = prepare_text(raw, where)
    return Record(id=check_id(path.stem, where), text=text, meta=meta, where=where, meta_given=bool(meta))


def _read_jsonl(path: Path) -> Iterator[Record]:
    for where, data in iter_json_lines(path):
        yield record_from_json(data, where)


def iter_json_lines(path: Path) -> Iterator[tuple[str, object]]:
    """``("file:line", parsed JSON)`` for each non-blank line of a JSONL file."""
    shown = display_path(path)
    if path.stat().st_size == 0:
        raise InputError(f"{shown}: empty file")
    with path.open("rb") as handle:
        # Bounded reads: a huge file without newlines is refused after MAX_LINE_BYTES, not
        # read whole into memory.
        yield from _jsonl_items(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""), shown)


def _jsonl_records(lines: Iterable[bytes], shown: str) -> Iterator[Record]:
    """Records from JSONL lines (each read with at most MAX_LINE_BYTES + 1 bytes)."""
    for where, data in _jsonl_items(lines, shown):
        yield record_from_json(data, where)


def _jsonl_items(lines: Iterable[bytes], shown: str) -> Iterator[tuple[str, object]]:
    """``("file:line", parsed JSON)`` of each non-blank JSONL line."""
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        where = f"{shown}:{number}"
        if len(raw) > MAX_LINE_BYTES:
            raise InputError(f"{where}: line too long (more than {MAX_LINE_BYTES} bytes)")
        if not raw.strip():
            continue
        line = _decode(raw, where, count_lines=False).rstrip("\r\n")
        try:
            data = exactjson.loads(line)  # integers of any size kept exact (meta values)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{where}: malformed JSON at column {exc.colno}: {exc.msg}") from None
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        yield where, data
        seen_any = True
    if not seen_any:
        raise InputError(f"{shown}: no records")


# Fields that carry annotations in other tools' JSONL: never ignored silently in annotator's own.
_OTHER_FORMATS_FIELDS = {"label": "doccano", "entities": "doccano", "answer": "prodigy", "_annotator_id": "prodigy",
                         "annotations": "labelstudio", "predictions": "labelstudio"}


def record_from_json(data: object, where: str) -> Record:
    """Validate one JSONL record (the import format, also the export format).

    Span offsets refer to ``text`` as given; they are carried through canonicalisation (see
    ``annotator.formats.spans``)."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    for key, fmt in _OTHER_FORMATS_FIELDS.items():
        if data.get(key):
            raise InputError(f"{where}: field {quoted(key)} is not part of annotator's JSONL (it looks like {fmt}): "
                             f"import it with --format {fmt.split()[0]}")
    doc_id = check_id(data.get("id"), where)
    raw = data.get("text")
    if not isinstance(raw, str):
        raise InputError(f"{where}: \"text\" must be a string")
    meta = data.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{where}: \"meta\" must be an object")
    canon, meta = prepare(raw, where, meta)
    text = canon.text
    meta_given = data.get("meta") is not None or canon.date is not None
    layer = data.get("layer", data.get("annotator"))
    spans_data = data.get("spans")
    status = data.get("status")
    if layer is None:
        if spans_data:
            raise InputError(f"{where}: spans given without a \"layer\"")
        return Record(id=doc_id, text=text, meta=meta, where=where, meta_given=meta_given)
    if not isinstance(layer, str):
        raise InputError(f"{where}: \"layer\" must be a string")
    try:
        validate_layer_name(layer)
    except ValueError as exc:
        raise InputError(f"{where}: {exc}") from None
    if status is not None and (not isinstance(status, str) or status not in {s.value for s in Status}):
        raise InputError(f"{where}: unknown status {quoted(status)}")
    spans: list[Span] | None = None
    notes: list[str] = []
    if spans_data is not None:
        if not isinstance(spans_data, list):
            raise InputError(f"{where}: \"spans\" must be a list")
        raw_spans = [_raw_span(item, i, where) for i, item in enumerate(spans_data)]
        spans, notes = canonical_spans(raw_spans, canon, len(raw), where)
        if status is None:
            status = Status.DONE.value
    flags = _flags(data.get("flags"), layer, canon, len(raw), where)
    return Record(id=doc_id, text=text, meta=meta, layer=layer, spans=spans, status=status, where=where,
                  notes=notes, flags=flags, meta_given=meta_given)


def _flags(data: object, layer: str, canon: CanonicalText, raw_length: int, where: str) -> list[dict] | None:
    """The ``flags`` of a record: on an annotator's layer only, each on the document (start and
    end null) or on a stretch of it (offsets in the text as given, carried through
    canonicalisation like span offsets), with a one-line note."""
    if data is None:
        return None
    if not isinstance(data, list):
        raise InputError(f"{where}: \"flags\" must be a list")
    try:
        validate_annotator_name(layer)
    except ValueError:
        raise InputError(f"{where}: flags belong to an annotator's layer, not to {quoted(layer)}") from None
    result = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise InputError(f"{where}: flag {index} must be an object")
        start, end, note = item.get("start"), item.get("end"), item.get("note")
        if not ((start is None and end is None) or (type(start) is int and type(end) is int
                                                    and 0 <= start < end <= raw_length)):
            raise InputError(f"{where}: flag {index}: \"start\" and \"end\" must be null or offsets in the text")
        if start is not None:
            try:
                start, end = canon.offsets.span(start, end)
            except OffsetError as exc:
                raise InputError(f"{where}: flag {index} [{start}, {end}) {exc}") from None
        if not isinstance(note, str):
            raise InputError(f"{where}: flag {index}: \"note\" must be a string")
        try:
            note = validate_note(note)
        except ValueError as exc:
            raise InputError(f"{where}: flag {index}: {exc}") from None
        result.append({"start": start, "end": end, "note": note})
    return result


def _raw_span(item: object, index: int, where: str) -> RawSpan:
    """A JSONL span object: integer ``start`` and ``end``, a ``label``, optionally its ``text``."""
    if not isinstance(item, dict):
        raise InputError(f"{where}: span {index} must be an object")
    start, end, label, text = item.get("start"), item.get("end"), item.get("label"), item.get("text")
    if type(start) is not int or type(end) is not int:
        raise InputError(f"{where}: span {index}: \"start\" and \"end\" must be integers")
    if not isinstance(label, str):
        raise InputError(f"{where}: span {index} [{start}, {end}): unknown label {quoted(label)}")
    if text is not None and not isinstance(text, str):
        raise InputError(f"{where}: span {index} [{start}, {end}) {label}: \"text\" must be a string")
    return RawSpan(start, end, label, text, name=f"span {index}")
