"""Which format each input is, and reading it into records, whatever the format.

The format comes from ``--format``, else from the file: its extension, and for ``.jsonl`` the
first record's fields (doccano's ``label``/``entities``, Prodigy's ``answer``/``_annotator_id``/
hashes, else annotator's own). A folder holding ``.ann`` files is a brat folder; any other folder
is read file by file as before (``.txt`` and ``.jsonl``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from annotator.formats.foreign import (
    IMPORT_FORMATS,
    ForeignDoc,
    ImportOptions,
    check_labels,
    check_layer_option,
    records_from,
)
from annotator.formats.reading import (
    STDIN,
    STDIN_NAME,
    InputError,
    Record,
    display_path,
    iter_input_files,
    iter_json_lines,
    read_records,
)
from annotator.model import quoted

PEEK_BYTES = 1 << 20  # of a JSONL file's first record, to tell doccano and Prodigy from annotator's own
_PRODIGY_HINTS = ("answer", "_annotator_id", "_input_hash", "_task_hash", "_session_id", "_view_id")
MAX_FILE_BYTES = 2_000_000_000  # a whole-file format (Label Studio JSON, CoNLL, DocBin) read at once

SUFFIXES = {
    ".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "labelstudio", ".ann": "brat",
    ".conll": "conll", ".conll03": "conll", ".conll2003": "conll", ".iob": "conll", ".iob1": "conll",
    ".iob2": "conll", ".bio": "conll", ".bioes": "conll", ".spacy": "spacy",
}
FORMAT_SUFFIXES = {fmt: {s for s, f in SUFFIXES.items() if f == fmt} for fmt in IMPORT_FORMATS}
FORMAT_SUFFIXES["doccano"] = FORMAT_SUFFIXES["prodigy"] = {".jsonl", ".ndjson", ".json"}
FORMAT_SUFFIXES["conll"] |= {".txt", ".tsv"}


def input_sources(paths: list[Path], options: ImportOptions) -> Iterator[tuple[Path, str]]:
    """``(file, format)`` for every input: brat folders as their .ann files, other folders as
    before, each file's format given or detected."""
    if sum(str(path) == STDIN for path in paths) > 1:
        raise InputError(f"{STDIN_NAME}: '-' given twice (standard input can be read once)")
    for path in paths:
        if str(path) != STDIN and path.is_dir():
            yield from _folder(path, options)
            continue
        for file in iter_input_files([path]):
            yield file, "stdin" if str(file) == STDIN else options.fmt or detect_format(file)


def _folder(path: Path, options: ImportOptions) -> Iterator[tuple[Path, str]]:
    from annotator.formats.brat import brat_pairs

    fmt = options.fmt
    if fmt == "brat" or (fmt is None and any(p.suffix == ".ann" for p in path.rglob("*.ann"))):
        pairs = brat_pairs(path)
        if not pairs:
            raise InputError(f"{display_path(path)}: no .txt/.ann pairs in this brat folder")
        for _txt, ann in pairs:
            yield ann, "brat"
        return
    if fmt is None or fmt in ("txt", "jsonl"):
        for file in iter_input_files([path]):
            yield file, fmt or detect_format(file)
        return
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMAT_SUFFIXES[fmt])
    if not found:
        raise InputError(f"{display_path(path)}: no {fmt} files ({', '.join(sorted(FORMAT_SUFFIXES[fmt]))}) "
                         "in this folder")
    for file in found:
        yield file, fmt


def detect_format(path: Path) -> str:
    """The format of a file, from its extension and, for JSONL, its first record."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{display_path(path)}: unsupported file type {quoted(path.suffix or '(none)')} (known: "
                         f"{' '.join(SUFFIXES)}; or name the format with --format)")
    if fmt == "jsonl":
        return _jsonl_flavour(path)
    if fmt == "txt" and path.with_suffix(".ann").is_file():
        return "brat"  # never import a brat .txt and leave its annotations behind
    return fmt


def _jsonl_flavour(path: Path) -> str:
    from annotator.formats.doccano import looks_like_doccano
    from annotator.formats.prodigy import looks_like_prodigy

    line = b""
    try:
        with path.open("rb") as handle:
            while line := handle.readline(PEEK_BYTES + 1):
                if line.strip():
                    break
    except OSError:
        return "jsonl"  # the reader reports it
    if len(line) > PEEK_BYTES:  # a long first record: tell by the field names in its start
        head = line[:PEEK_BYTES]
        if b'"label"' in head or b'"entities"' in head:
            return "doccano"
        if b'"layer"' not in head and any(f'"{key}"'.encode() in head for key in _PRODIGY_HINTS):
            return "prodigy"
        return "jsonl"
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return "jsonl"  # the reader reports it, with the line
    if looks_like_doccano(data):
        return "doccano"
    if looks_like_prodigy(data):
        return "prodigy"
    return "jsonl"


def read_source(path: Path, fmt: str, options: ImportOptions, stdin_format: str = "auto",
                stdin_id: str | None = None) -> Iterator[Record]:
    """The records of one input file in format ``fmt`` (``stdin``: standard input, see
    ``read_stdin``)."""
    if fmt == "stdin":
        yield from _own_records(read_records(path, stdin_format, stdin_id), options)
        return
    if fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown format {quoted(fmt)} (choose from {', '.join(IMPORT_FORMATS)})")
    options.notes.formats[fmt] += 1
    if fmt in ("txt", "jsonl"):
        if path.suffix.lower() != f".{fmt}":
            raise InputError(f"{display_path(path)}: --format {fmt} reads .{fmt} files")
        yield from _own_records(read_records(path), options)
        return
    name = display_path(path)
    try:
        docs = _foreign_docs(path, fmt, options, name)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    check_labels(docs, options, name)
    yield from records_from(docs, options)


def _own_records(records: Iterator[Record], options: ImportOptions) -> Iterator[Record]:
    """annotator's records as read, each naming its own layer (``--layer`` is refused for them)."""
    for record in records:
        check_layer_option(record.where, record.layer, options)
        yield record


def _foreign_docs(path: Path, fmt: str, options: ImportOptions, name: str) -> list[ForeignDoc]:
    notes = options.notes
    if fmt == "doccano":
        from annotator.formats.doccano import read_doccano

        return list(read_doccano(_json_items(path, name)))
    if fmt == "prodigy":
        from annotator.formats.prodigy import read_prodigy

        return list(read_prodigy(_json_items(path, name), notes))
    if fmt == "labelstudio":
        from annotator.formats.labelstudio import iter_json_array, read_labelstudio

        return list(read_labelstudio(iter_json_array(_text(path, name), name), notes))
    if fmt == "conll":
        from annotator.formats.conll_import import read_conll

        return read_conll(_text(path, name), name, path.stem, notes)
    if fmt == "spacy":
        from annotator.formats.spacy_docbin import read_docbin

        return read_docbin(_bytes(path, name), name, path.stem)
    from annotator.formats.brat import read_brat

    ann = path if path.suffix == ".ann" else path.with_suffix(".ann")
    txt = ann.with_suffix(".txt")
    for needed in (ann, txt):
        if not needed.is_file():
            raise InputError(f"{name}: brat needs {display_path(needed)} beside it")
    return [read_brat(txt.stem, _text(txt, display_path(txt)), _text(ann, display_path(ann)),
                      display_path(ann), display_path(txt))]


def _json_items(path: Path, name: str) -> Iterator[tuple[str, object]]:
    """Records of a JSONL file, or of a JSON list when the file is one."""
    if path.suffix.lower() == ".json":
        from annotator.formats.labelstudio import iter_json_array

        return iter_json_array(_text(path, name), name)
    return iter_json_lines(path)


def _bytes(path: Path, name: str) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{name}: file too large ({size} bytes)")
    if size == 0:
        raise InputError(f"{name}: empty file")
    return path.read_bytes()


def _text(path: Path, name: str) -> str:
    data = _bytes(path, name)
    if b"\x00" in data:
        raise InputError(f"{name}: binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: invalid UTF-8 at byte {exc.start}") from None
