"""brat standoff: a folder of ``<doc>.txt`` + ``<doc>.ann``, in and out.

Read: text-bound annotations ``T1<TAB>LABEL START END<TAB>covered text``, offsets in code points of
the .txt file, each checked against the text it quotes. Everything else a .ann file can hold
(discontinuous spans ``START END;START END``, relations ``R``, events ``E``, attributes ``A``/``M``,
normalisations ``N``, notes ``#``, equivalences ``*``) is not stored by annotator: a file holding
any of it is refused, listing every such line, never silently dropped. brat does not name the
annotator inside a file, hence ``--layer``.

Write: one .txt (the document's text) and one .ann per document, for one layer; brat replaces a
newline inside a span's quoted text by a space, and so does this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.formats.foreign import ForeignDoc, ForeignLayer, ForeignSpan, shown
from annotator.formats.reading import InputError
from annotator.model import Span
from annotator.store.store import DocumentRow

_T_LINE = re.compile(r"(T\d+)\t(\S+) (\d+) (\d+)\t(.*)")
_KINDS = {"T": "text-bound", "R": "relation", "E": "event", "A": "attribute", "M": "attribute",
          "N": "normalisation", "#": "note", "*": "equivalence"}
_SHOWN_LINES = 8


def read_brat(doc_id: str, text: str, ann: str, ann_name: str, txt_name: str) -> ForeignDoc:
    """The document of one .txt/.ann pair; refuses what it cannot store, naming every line."""
    spans: list[ForeignSpan] = []
    refused: list[str] = []
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = f"{ann_name}:{number}"
        match = _T_LINE.fullmatch(line)
        if match is None:
            kind = _KINDS.get(line[:1])
            fields = line.split("\t")
            if kind == "text-bound" and len(fields) > 1 and ";" in fields[1]:
                refused.append(f"{number} (discontinuous span {fields[0]})")
            elif kind is not None:
                refused.append(f"{number} ({kind} {fields[0]})")
            else:
                raise InputError(f"{where}: not a brat standoff line: {shown(line)}")
            continue
        _tid, label, start_s, end_s, quoted = match.groups()
        start, end = int(start_s), int(end_s)
        if end > len(text) or start >= end:
            raise InputError(f"{where}: span [{start}, {end}) out of range of {txt_name} "
                             f"({len(text)} characters)")
        covered = text[start:end]
        if covered != quoted and covered.replace("\n", " ") != quoted:
            raise InputError(f"{where}: {match.group(1)} [{start}, {end}) quotes {shown(quoted)} but {txt_name} "
                             f"has {shown(covered)} there")
        spans.append(ForeignSpan(start, end, label, f"{ann_name}: line {number}, {match.group(1)}"))
    if refused:
        listed = ", ".join(refused[:_SHOWN_LINES])
        more = f" and {len(refused) - _SHOWN_LINES} more" if len(refused) > _SHOWN_LINES else ""
        raise InputError(f"{ann_name}: annotator stores text-bound spans (T lines) only; not stored: "
                         f"line(s) {listed}{more}. Remove them (or the file) to import the spans")
    return ForeignDoc(doc_id, text, {}, [ForeignLayer(None, spans, where=ann_name)], ann_name)


def brat_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """The (.txt, .ann) pairs under a folder, sorted; a .txt without its .ann (or the reverse) is
    refused, as brat itself cannot open it."""
    from annotator.formats.reading import display_path

    txts = {p.with_suffix(""): p for p in folder.rglob("*") if p.is_file() and p.suffix == ".txt"}
    anns = {p.with_suffix(""): p for p in folder.rglob("*") if p.is_file() and p.suffix == ".ann"}
    for stem, ann in sorted(anns.items()):
        if stem not in txts:
            raise InputError(f"{display_path(ann)}: no {display_path(stem.with_suffix('.txt'))} beside it")
    for stem, txt in sorted(txts.items()):
        if stem not in anns:
            raise InputError(f"{display_path(txt)}: no {display_path(stem.with_suffix('.ann'))} beside it "
                             "(a brat folder has one .ann per .txt)")
    return [(txts[stem], anns[stem]) for stem in sorted(txts)]


def brat_ann(text: str, spans: Iterable[Span]) -> str:
    """The .ann file of one document's spans."""
    return "".join(f"T{i}\t{s.label} {s.start} {s.end}\t{text[s.start:s.end].replace(chr(10), ' ')}\n"
                   for i, s in enumerate(spans, start=1))


def brat_files(items: Iterable[tuple[DocumentRow, str, str, list[Span]]]) -> Iterator[tuple[str, str]]:
    """(file name, content) of the .txt and .ann of each document."""
    for doc, _layer, _status, spans in items:
        yield f"{doc.id}.txt", doc.text
        yield f"{doc.id}.ann", brat_ann(doc.text, spans)


def write_folder(target: Path, files: Iterable[tuple[str, str]]) -> int:
    """Write ``files`` into a new folder ``target`` (or an empty one), all or nothing: they are
    written into a temporary folder beside it, renamed into place at the end. Returns the number
    of .ann files. A folder that holds anything is refused, never overwritten."""
    import contextlib
    import os
    import shutil
    import tempfile

    from annotator.formats.reading import display_path

    shown_target = display_path(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError(f"{shown_target}: exists and is not a folder (brat export writes a new folder)")
    if target.is_dir() and any(target.iterdir()):
        raise InputError(f"{shown_target}: the folder is not empty (brat export writes a new folder)")
    parent = target.resolve().parent
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise InputError(f"{shown_target}: cannot write here ({exc.strerror or exc})") from None
    count = 0
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        for name, content in files:
            path = tmp / name
            if path.exists():
                raise InputError(f"{shown_target}: two documents would be written to {display_path(name)}")
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
            count += name.endswith(".ann")
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"{shown_target}: cannot write ({exc.strerror or exc})") from None
        raise
    return count
