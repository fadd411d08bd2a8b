"""CoNLL / IOB columns, in: ``token<TAB>tag`` or CoNLL-2003's ``token POS chunk tag`` (the tag is
the last column), ``-DOCSTART-`` lines between documents, blank lines between sentences.

The scheme is detected from the tags: BIOES (or BILUO) when any ``E-``/``S-``/``L-``/``U-`` tag
occurs, IOB1 when an entity starts with ``I-``, else IOB2. BIOES tags must be well formed; a tag
sequence that is not is refused with its line. The text is rebuilt from the tokens (joined by
spaces, sentences by newlines) and the import summary says so: a CoNLL file does not keep the
original spacing. Documents are named after the file (``<stem>`` for one document, else
``<stem>-<n>``); the file does not say who annotated, hence ``--layer``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.formats.foreign import ForeignDoc, ForeignLayer, ForeignSpan, ImportNotes, shown
from annotator.formats.reading import CONLL_TAG, InputError
from annotator.model import quoted


@dataclass
class _Token:
    text: str
    tag: str
    line: int


@dataclass
class _Doc:
    line: int
    sentences: list[list[_Token]] = field(default_factory=list)


def detect_scheme(tags: list[str], starts_inside: bool) -> str:
    """``bioes``, ``iob1`` or ``iob2`` (see the module docstring)."""
    if any(tag[:2] in ("E-", "S-", "L-", "U-") for tag in tags):
        return "bioes"
    return "iob1" if starts_inside else "iob2"


def read_conll(text: str, name: str, stem: str, notes: ImportNotes) -> list[ForeignDoc]:
    """The documents of a CoNLL file, text rebuilt from the tokens."""
    docs: list[_Doc] = [_Doc(1)]
    sentence: list[_Token] = []
    tags: set[str] = set()
    starts_inside = False
    previous = "O"
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            if sentence:
                docs[-1].sentences.append(sentence)
                sentence = []
            previous = "O"
            continue
        columns = line.split("\t") if "\t" in line else line.split()
        if columns[0].strip() == "-DOCSTART-":
            if sentence:
                docs[-1].sentences.append(sentence)
                sentence = []
            docs.append(_Doc(number))
            previous = "O"
            continue
        if len(columns) < 2:
            raise InputError(f"{name}:{number}: one column only: expected token<TAB>tag or CoNLL-2003's "
                             "four columns")
        token, tag = columns[0].strip(), columns[-1].strip()
        if not token or any(ch.isspace() for ch in token):
            raise InputError(f"{name}:{number}: token {shown(token)} is empty or holds whitespace")
        if not CONLL_TAG.fullmatch(tag):
            raise InputError(f"{name}:{number}: tag {shown(tag)} is neither O nor B-/I-/E-/S- followed by a label")
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            starts_inside = True
        tags.add(tag)
        previous = tag
        sentence.append(_Token(token, tag, number))
    if sentence:
        docs[-1].sentences.append(sentence)
    docs = [d for d in docs if d.sentences]
    if not docs:
        raise InputError(f"{name}: no tokens")
    scheme = detect_scheme(sorted(tags), starts_inside)
    notes.schemes[scheme] += 1
    notes.rebuilt += len(docs)
    width = len(str(len(docs)))
    result = []
    for n, doc in enumerate(docs, start=1):
        doc_id = stem if len(docs) == 1 else f"{stem}-{n:0{width}d}"
        result.append(_rebuild(doc, doc_id, scheme, name))
    return result


def _rebuild(doc: _Doc, doc_id: str, scheme: str, name: str) -> ForeignDoc:
    pieces: list[str] = []
    spans: list[ForeignSpan] = []
    offset = 0
    for s_index, sentence in enumerate(doc.sentences):
        if s_index:
            pieces.append("\n")
            offset += 1
        open_span: tuple[int, int, str, int] | None = None  # start, end, label, line

        def close() -> None:
            nonlocal open_span
            if open_span is not None:
                start, end, label, line = open_span
                spans.append(ForeignSpan(start, end, label, f"{name}:{line}"))
                open_span = None

        for t_index, token in enumerate(sentence):
            if t_index:
                pieces.append(" ")
                offset += 1
            start, end = offset, offset + len(token.text)
            pieces.append(token.text)
            offset = end
            prefix, label = token.tag[:1], token.tag[2:]
            if scheme == "bioes":
                open_span = _bioes(prefix, label, start, end, token, open_span, close, spans, name)
            elif prefix == "O":
                close()
            elif prefix == "I" and open_span is not None and open_span[2] == label:
                open_span = (open_span[0], end, label, open_span[3])
            else:  # B-, or I- starting an entity (IOB1)
                close()
                open_span = (start, end, label, token.line)
        if scheme == "bioes" and open_span is not None:
            raise InputError(f"{name}:{open_span[3]}: BIOES entity {shown(open_span[2])} is not closed by E- "
                             "before the sentence ends")
        close()
    return ForeignDoc(doc_id, "".join(pieces), {}, [ForeignLayer(None, spans, where=f"{name}:{doc.line}")],
                      f"{name}:{doc.line}")


def _bioes(prefix, label, start, end, token, open_span, close, spans, name):
    """One BIOES (or BILUO) step; returns the entity still open."""
    prefix = {"L": "E", "U": "S"}.get(prefix, prefix)
    inside = open_span is not None
    if prefix in ("I", "E"):
        if not inside or open_span[2] != label:
            raise InputError(f"{name}:{token.line}: {token.tag} does not continue a {label} entity begun with B-")
        open_span = (open_span[0], end, label, open_span[3])
        if prefix == "E":
            spans.append(ForeignSpan(open_span[0], end, label, f"{name}:{open_span[3]}"))
            return None
        return open_span
    if inside:
        raise InputError(f"{name}:{token.line}: {token.tag} follows an entity {quoted(open_span[2])} not closed by E-")
    if prefix == "S":
        spans.append(ForeignSpan(start, end, label, f"{name}:{token.line}"))
        return None
    if prefix == "B":
        return (start, end, label, token.line)
    return None  # O
