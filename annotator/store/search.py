"""Corpus search: every occurrence of a string or a regular expression in every document, as
keyword-in-context hits with the document's id and language and the spans of a layer there.

Matches are found left to right without overlapping (``re.finditer``), in the stored text, or
with ``fold`` in the text folded for matching (``annotator.text.canonical.fold``: case, diacritics,
Romanian ş/ș), offsets mapped back to the stored text.

The ``documents_fts`` index (an FTS5 table with the trigram tokenizer over each document's folded
text, ``rowid`` = the document's ``position``) narrows a plain search of three characters or
more to the documents that contain every trigram of the folded query; each of them is then
searched in Python, so the index only ever selects documents and never decides a hit. A regular
expression, a query shorter than three characters, or a database made before the index existed
(opened by a read-only command that did not migrate it) is answered by reading every document.
``benchmarks/bench_search.py`` measures both ways.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from annotator.model import Span, quoted
from annotator.model.errors import SearchError
from annotator.store.sql import in_chunks
from annotator.text.canonical import fold

FTS_TABLE = "documents_fts"
CONTEXT = 40  # characters of context either side of a hit
MIN_INDEXED = 3  # the trigram index serves queries of at least this many (folded) characters


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: where, the text around it, and the spans of the layer asked for that overlap it."""

    doc_id: str
    lang: str
    start: int
    end: int
    text: str
    left: str
    right: str
    spans: tuple[Span, ...] = ()

    @property
    def label(self) -> str | None:
        """The label the layer gives the hit: that of a span equal to it or covering it, else
        of the first span overlapping it; None if no span touches it."""
        for span in self.spans:
            if span.start <= self.start and self.end <= span.end:
                return span.label
        return self.spans[0].label if self.spans else None

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "lang": self.lang, "start": self.start, "end": self.end, "text": self.text,
                "left": self.left, "right": self.right, "label": self.label,
                "spans": [[s.start, s.end, s.label] for s in self.spans]}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits (in import order, then by offset), how many there are in all, and how they
    were found (``index`` or ``scan``)."""

    hits: list[Hit]
    total: int
    method: str
    documents: int  # documents with at least one hit

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


def compile_query(query: str, *, regex: bool = False, fold_text: bool = False) -> re.Pattern[str]:
    """The pattern run over the (folded, with ``fold_text``) text of each document."""
    if not query:
        raise SearchError("empty search")
    if not regex:
        return re.compile(re.escape(fold(query) if fold_text else query))
    source = query
    flags = 0
    if fold_text:
        # literal non-ASCII characters of the pattern are folded like the text; ASCII (and with
        # it every escape and operator) is left as written and matched ignoring case
        source = "".join(ch if ch.isascii() else fold(ch) for ch in query)
        flags = re.IGNORECASE
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise SearchError(f"invalid regular expression {quoted(query)}: {exc}") from exc


_IRREGULAR: dict[str, int] = {}  # character -> length of its folded form, when that is not 1


def _fold_length(ch: str) -> int:
    n = _IRREGULAR.get(ch)
    if n is None:
        n = len(fold(ch))
        _IRREGULAR[ch] = n
    return n


class OffsetMap:
    """Folded-text offsets to stored-text offsets, for a text where some characters fold to
    more or fewer than one character (Norwegian æ -> ae, ß -> ss, a lone combining mark -> "")."""

    __slots__ = ("folded_starts", "lengths", "positions")

    def __init__(self, text: str, irregular: set[str]):
        self.positions: list[int] = []
        self.folded_starts: list[int] = []
        self.lengths: list[int] = []
        shift = 0
        for m in re.finditer("[" + "".join(re.escape(c) for c in sorted(irregular)) + "]", text):
            n = _fold_length(m.group())
            self.positions.append(m.start())
            self.folded_starts.append(m.start() + shift)
            self.lengths.append(n)
            shift += n - 1

    def __getitem__(self, f: int) -> int:
        """The stored-text offset of the character that folded character ``f`` comes from."""
        k = bisect.bisect_right(self.folded_starts, f) - 1  # the last irregular character at or before f
        if k < 0:
            return f
        start, n = self.folded_starts[k], self.lengths[k]
        if f < start + n:
            return self.positions[k]
        return self.positions[k] + 1 + (f - start - n)


def folded_with_offsets(text: str) -> tuple[str, OffsetMap | None]:
    """``fold(text)`` and, where folding changed the length of some character, the map from
    folded offsets to stored-text offsets (None: the offsets are the same)."""
    return fold(text), _offset_map(text)


def _offset_map(text: str) -> OffsetMap | None:
    if text.isascii():
        return None
    irregular = {c for c in set(text) if _fold_length(c) != 1}
    return OffsetMap(text, irregular) if irregular else None


def find_in_text(text: str, pattern: re.Pattern[str], *, fold_text: bool = False,
                 folded: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each non-empty match in the stored text (``folded``: its folded form,
    if known)."""
    if not fold_text:
        return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    if folded is None:
        folded, offsets = folded_with_offsets(text)
    else:
        offsets = _offset_map(text)
    found = [m.span() for m in pattern.finditer(folded) if m.end() > m.start()]
    if offsets is None:
        return found
    result: list[tuple[int, int]] = []
    for a, b in found:
        start, end = offsets[a], offsets[b - 1] + 1
        if not result or start >= result[-1][1]:  # two matches inside one expanded character
            result.append((start, end))
    return result


def trigram_query(folded_query: str) -> str | None:
    """An FTS5 query asking for every trigram of the folded query (None if it is too short)."""
    if len(folded_query) < MIN_INDEXED:
        return None
    grams = dict.fromkeys(folded_query[i : i + 3] for i in range(len(folded_query) - 2))
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


def has_index(conn) -> bool:
    """Whether the database has the trigram index (a database made before it may not)."""
    return bool(conn.execute("select 1 from sqlite_master where type='table' and name=?", [FTS_TABLE]).fetchall())


def index_write(conn, position: int, text: str, *, replace: bool, folded: str | None = None) -> None:
    """Keep the index in step with a document inserted (or whose text is replaced); ``folded``:
    ``fold(text)``, if the caller has it (an import's workers fold each text)."""
    if replace:
        conn.execute(f"delete from {FTS_TABLE} where rowid = ?", [position])
    conn.execute(f"insert into {FTS_TABLE} (rowid, folded) values (?, ?)",
                 [position, fold(text) if folded is None else folded])


def _candidates(conn, query: str, *, regex: bool, fold_text: bool, method: str
                ) -> tuple[Iterator[Sequence], str]:
    """Rows (id, lang, text, folded text or None) of the documents that may contain a match, in
    import order. The folded text comes from the index when it is there (folding every document
    again is most of the cost of a scan that ignores case)."""
    indexed = has_index(conn)
    fts = trigram_query(fold(query)) if method != "scan" and not regex and indexed else None
    if method == "index" and fts is None:
        raise SearchError("the index cannot serve this query (a regular expression, fewer than three "
                          "characters, or a database without the index)")
    folded = "f.folded" if fold_text else "null"
    if fts is not None:
        rows = conn.execute(
            f"select d.id, d.lang, d.text, {folded} from {FTS_TABLE} f join documents d on d.position = f.rowid "
            f"where {FTS_TABLE} match ? order by d.position",
            [fts],
        )
        return rows, "index"
    if fold_text and indexed:
        return conn.execute(
            f"select d.id, d.lang, d.text, f.folded from documents d left join {FTS_TABLE} f on f.rowid = d.position "
            "order by d.position"
        ), "scan"
    return conn.execute("select id, lang, text, null from documents order by position"), "scan"


def search(conn, query: str, *, regex: bool = False, fold_text: bool = False, layer: str | None = None,
           limit: int | None = None, context: int = CONTEXT, method: str = "auto") -> SearchResult:
    """Every match of ``query`` in the corpus (see the module's docstring). ``limit`` caps the
    hits returned (all are counted); ``method`` is ``auto``, ``index`` or ``scan`` (for tests and
    benchmarks)."""
    pattern = compile_query(query, regex=regex, fold_text=fold_text)
    rows, used = _candidates(conn, query, regex=regex, fold_text=fold_text, method=method)
    hits: list[Hit] = []
    total = documents = 0
    for doc_id, lang, text, folded in rows:
        found = find_in_text(text, pattern, fold_text=fold_text, folded=folded)
        if not found:
            continue
        documents += 1
        total += len(found)
        for start, end in found:
            if limit is not None and len(hits) >= limit:
                break
            lo, hi = max(0, start - context), min(len(text), end + context)
            hits.append(Hit(doc_id, lang, start, end, text[start:end], text[lo:start], text[end:hi]))
    if layer is not None and hits:
        hits = _with_spans(conn, hits, layer)
    return SearchResult(hits, total, used, documents)


def _with_spans(conn, hits: list[Hit], layer: str) -> list[Hit]:
    ids = list(dict.fromkeys(h.doc_id for h in hits))
    spans: dict[str, list[Span]] = {}
    for doc_id, start, end, label in in_chunks(
        conn, "select doc_id, start, end, label from spans where layer=?1 and doc_id in ({ids}) order by doc_id, start, end",
        ids, [layer],
    ):
        spans.setdefault(doc_id, []).append(Span(start, end, label))
    out = []
    for hit in hits:
        over = tuple(s for s in spans.get(hit.doc_id, ()) if s.start < hit.end and hit.start < s.end)
        out.append(Hit(hit.doc_id, hit.lang, hit.start, hit.end, hit.text, hit.left, hit.right, over))
    return out
