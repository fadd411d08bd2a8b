"""Export of one or more layers: CoNLL, JSONL, doccano, Label Studio and Prodigy as lines of
text; brat as a folder of files; spaCy as DocBin bytes."""

from collections.abc import Callable, Iterator

from annotator.formats.conll import SCHEMES, conll_document
from annotator.formats.jsonl import jsonl_lines
from annotator.model import GOLD, InputError, quoted
from annotator.store import Store, unknown_layer
from annotator.text.tokenize import tokens_from_offsets

TEXT_FORMATS = ("conll", "jsonl", "doccano", "labelstudio", "prodigy")
FORMATS = (*TEXT_FORMATS, "brat", "spacy")


def export_lines(
    store: Store,
    fmt: str,
    layers: list[str] | None = None,
    status: str | None = None,
    scheme: str = "iob2",
    warn: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """Lines of the export: every document each layer has touched, or those with ``status``."""
    if fmt not in TEXT_FORMATS:
        raise InputError(f"unknown text format {quoted(fmt)} (choose from {', '.join(TEXT_FORMATS)})")
    if scheme not in SCHEMES:
        raise InputError(f"unknown scheme {quoted(scheme)} (choose from {', '.join(SCHEMES)})")
    layers = check_layers(store, layers)
    if fmt == "doccano":
        from annotator.formats.doccano import doccano_lines

        yield from doccano_lines(item[:4] for item in _items(store, layers, status))
        return
    if fmt == "labelstudio":
        from annotator.formats.labelstudio import labelstudio_lines

        yield from labelstudio_lines(item[:4] for item in _items(store, layers, status))
        return
    if fmt == "prodigy":
        from annotator.formats.prodigy import prodigy_lines

        yield from prodigy_lines(_items(store, layers, status))
        return
    if fmt == "jsonl":
        flags: dict[tuple[str, str], list[dict]] = {}
        for flag in store.flags():
            flags.setdefault((flag.doc_id, flag.layer), []).append(flag.to_json())
        yield from jsonl_lines(
            ((doc, layer, doc_status, spans, tokens_from_offsets(doc.text, offsets))
             for doc, layer, doc_status, spans, offsets in _items(store, layers, status, set(flags))),
            flags,
        )
        return
    for doc, _layer, _status, spans, offsets in _items(store, layers, status):
        yield from conll_document(doc.id, doc.text, spans, scheme, warn, offsets)


def check_layers(store: Store, layers: list[str] | None) -> list[str]:
    """The layers to export (default: gold), each known to the store."""
    layers = list(dict.fromkeys(layers or [GOLD]))  # a layer named twice is exported once
    known = set(store.layers())
    for layer in layers:
        if layer not in known:
            raise unknown_layer(layer, known)
    return layers


def export_items(store: Store, layers: list[str] | None, status: str | None):
    """(document, layer, status, spans, token offsets) of everything the export covers."""
    return _items(store, check_layers(store, layers), status)


def _items(store: Store, layers: list[str], status: str | None, flagged: set[tuple[str, str]] | None = None):
    """(document, layer, status, spans, token offsets) of every document each layer touched
    (or has ``status``); a document the annotator only flagged counts as touched."""
    order = None
    for layer in layers:
        ids = store.touched_documents(layer, status)
        extra = {doc_id for doc_id, flag_layer in (flagged or ()) if flag_layer == layer} - set(ids)
        if status is None and extra:
            order = order or {doc_id: i for i, doc_id in enumerate(store.document_ids())}
            ids = sorted([*ids, *extra], key=order.__getitem__)
        for doc, doc_status, spans, offsets in store.layer_documents(layer, ids):
            yield doc, layer, doc_status, spans, offsets
