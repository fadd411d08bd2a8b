"""The JSONL export: one line per (document, layer), importable again byte for byte.

Keys: ``id, text, meta, lang, layer, status, spans [{start, end, label, text}],
tokens [{start, end, text}]`` — ``tokens`` is the document's own tokenization, the same for
every layer, so that downstream tools and the agreement command count the same units — and,
only where the annotator flagged something, ``flags [{start, end, note}]`` (``start`` and
``end`` null for a flag on the whole document).
"""

from collections.abc import Iterator, Mapping

from annotator.model import Span, exactjson
from annotator.store.store import DocumentRow
from annotator.text.tokenize import Token


def jsonl_record(doc: DocumentRow, layer: str, status: str, spans: list[Span], tokens: list[Token],
                 flags: list[dict] | None = None) -> dict:
    """The export record of one document's layer (``flags`` only when there are some)."""
    record = {
        "id": doc.id,
        "text": doc.text,
        "meta": doc.meta,
        "lang": doc.lang,
        "layer": layer,
        "status": status,
        "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": doc.text[s.start : s.end]} for s in spans],
        "tokens": [{"start": t.start, "end": t.end, "text": t.text} for t in tokens],
    }
    if flags:
        record["flags"] = flags
    return record


def jsonl_lines(items: Iterator[tuple[DocumentRow, str, str, list[Span], list[Token]]],
                flags: Mapping[tuple[str, str], list[dict]] | None = None) -> Iterator[str]:
    """Serialised records, one per line, keys in the documented order; ``flags`` maps
    (doc id, layer) to that annotator's flags on the document."""
    flags = flags or {}
    for doc, layer, status, spans, tokens in items:
        record = jsonl_record(doc, layer, status, spans, tokens, flags.get((doc.id, layer)))
        yield exactjson.dumps(record) + "\n"
