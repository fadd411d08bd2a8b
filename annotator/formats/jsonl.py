"""The JSONL export: one line per (document, layer), importable again byte for byte.

Keys: ``id, text, meta, lang, layer, status, spans [{start, end, label, text}],
tokens [{start, end, text}]`` — ``tokens`` is the document's own tokenization, the same for
every layer, so that downstream tools and the agreement command count the same units.
"""

from collections.abc import Iterator

import orjson

from annotator.model import Span
from annotator.store.store import DocumentRow
from annotator.text.tokenize import Token


def jsonl_record(doc: DocumentRow, layer: str, status: str, spans: list[Span], tokens: list[Token]) -> dict:
    """The export record of one document's layer."""
    return {
        "id": doc.id,
        "text": doc.text,
        "meta": doc.meta,
        "lang": doc.lang,
        "layer": layer,
        "status": status,
        "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": doc.text[s.start : s.end]} for s in spans],
        "tokens": [{"start": t.start, "end": t.end, "text": t.text} for t in tokens],
    }


def jsonl_lines(items: Iterator[tuple[DocumentRow, str, str, list[Span], list[Token]]]) -> Iterator[str]:
    """Serialised records, one per line, keys in the documented order."""
    for doc, layer, status, spans, tokens in items:
        yield orjson.dumps(jsonl_record(doc, layer, status, spans, tokens)).decode() + "\n"
