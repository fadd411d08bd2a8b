"""Label Studio JSON and JSON-MIN exports, in; Label Studio JSON, out.

Read (JSON): a list of tasks ``{"id", "data": {"text", ...}, "annotations": [{"completed_by",
"result": [{"type": "labels", "value": {"start", "end", "text", "labels": [L]}}],
"was_cancelled", "ground_truth"}], "predictions": [...]}``. Each annotation becomes the layer of
its ``completed_by`` (an email's local part, else ``user<id>``; ``--layer`` when there is none);
an annotation marked ``ground_truth`` goes to ``gold``; ``predictions`` go to ``machine``; a
cancelled (skipped) annotation becomes a skipped layer. ``data`` fields other than ``text`` (and
``id``, taken as the document id) and the task's ``meta`` become metadata.

Read (JSON-MIN): a list of ``{"id", "text", ..., "<from_name>": [{"start", "end", "text",
"labels"}], "annotator", "annotation_id", ...}``, one item per annotation.

Offsets come from a browser and may count UTF-16 units: every span is checked against the text
it quotes, converted when it matches as UTF-16 units, refused when it matches neither.

Write: a list of tasks in the JSON format above (offsets in code points, each region quoting
its text), one task per document; the machine layer as a prediction, gold as a ground-truth
annotation, every other layer as an annotation ``completed_by`` ``{"email": "<layer>@annotator"}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from annotator.formats.foreign import (
    ForeignDoc,
    ForeignLayer,
    ForeignSpan,
    ImportNotes,
    layer_name,
    merge_meta,
    resolve_span,
    shown,
    text_id,
    utf16_to_code_points,
)
from annotator.formats.reading import InputError
from annotator.model import GOLD, MACHINE, Span, Status
from annotator.store.store import DocumentRow

EMAIL_DOMAIN = "annotator"
# Label Studio's bookkeeping on a task and on an annotation: not kept.
_TASK_BOOKKEEPING = {
    "created_at", "updated_at", "inner_id", "total_annotations", "cancelled_annotations", "total_predictions",
    "comment_count", "unresolved_comment_count", "last_comment_updated_at", "project", "updated_by",
    "comment_authors", "file_upload", "agreement", "is_labeled", "overlap", "annotators", "storage_filename",
}
_MIN_BOOKKEEPING = {"annotator", "annotation_id", "created_at", "updated_at", "lead_time", "agreement", "id"}


def iter_json_array(text: str, name: str) -> Iterator[tuple[str, object]]:
    """``("file:line", item)`` for each item of a top-level JSON array (or the one object), with
    the line each item starts on."""
    decoder = json.JSONDecoder(parse_constant=_no_constant)
    i = _skip(text, 0)
    if i >= len(text):
        raise InputError(f"{name}: empty file")
    line = 1 + text.count("\n", 0, i)
    if text[i] == "{":
        obj, end = _decode(decoder, text, i, name, line)
        if _skip(text, end) != len(text):
            raise InputError(f"{name}:{1 + text.count(chr(10), 0, end)}: text after the JSON object")
        yield f"{name}:{line}", obj
        return
    if text[i] != "[":
        raise InputError(f"{name}:{line}: not a JSON list of tasks")
    pos, counted, line = i + 1, i, line
    first = True
    while True:
        pos = _skip(text, pos)
        if pos >= len(text):
            raise InputError(f"{name}: the JSON list is not closed")
        if text[pos] == "]":
            break
        if not first:
            if text[pos] != ",":
                raise InputError(f"{name}:{line + text.count(chr(10), counted, pos)}: expected ',' between tasks")
            pos = _skip(text, pos + 1)
        line += text.count("\n", counted, pos)
        counted = pos
        obj, pos = _decode(decoder, text, pos, name, line)
        yield f"{name}:{line}", obj
        first = False
    if _skip(text, pos + 1) != len(text):
        raise InputError(f"{name}: text after the JSON list")


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _decode(decoder: json.JSONDecoder, text: str, pos: int, name: str, line: int) -> tuple[object, int]:
    try:
        return decoder.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}: malformed JSON at column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{name}:{line}: JSON nested too deeply") from None


def _no_constant(value: str) -> object:
    raise ValueError(f"{value} is not JSON")


def looks_like_min(item: object) -> bool:
    """A JSON-MIN item: the task's data at the top level, no ``data`` object."""
    return isinstance(item, dict) and "data" not in item and isinstance(item.get("text"), str)


def read_labelstudio(items: Iterable[tuple[str, object]], notes: ImportNotes) -> Iterator[ForeignDoc]:
    """Documents from the tasks (JSON) or annotation items (JSON-MIN) of a Label Studio export."""
    users: dict[str, object] = {}
    for where, item in items:
        if not isinstance(item, dict):
            raise InputError(f"{where}: a task must be a JSON object")
        if looks_like_min(item):
            yield _min_item(item, where, notes, users)
        else:
            yield _task(item, where, notes, users)


def _task(task: dict, where: str, notes: ImportNotes, users: dict) -> ForeignDoc:
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InputError(f"{where}: a task needs \"data\": {{\"text\": ...}} (annotator imports text tasks)")
    text = data["text"]
    doc_id = _doc_id(data.get("id", task.get("id")), text, where)
    if task.get("drafts") and any(isinstance(d, dict) and d.get("result") for d in task["drafts"]):
        raise InputError(f"{where}: task {shown(doc_id)} has drafts (unsubmitted annotations): submit or "
                         "delete them in Label Studio first")
    extra = {k: v for k, v in data.items() if k not in ("text", "id")}
    unknown = {k: v for k, v in task.items()
               if k not in {"id", "data", "annotations", "predictions", "drafts", "meta"} | _TASK_BOOKKEEPING}
    meta = merge_meta(task.get("meta"), {**extra, **unknown}, where)
    units = utf16_to_code_points(text)
    layers: list[ForeignLayer] = []
    annotations = task.get("annotations") or task.get("completions") or []
    if not isinstance(annotations, list):
        raise InputError(f"{where}: \"annotations\" must be a list")
    for n, annotation in enumerate(annotations):
        at = f"{where}: annotation {n}"
        if not isinstance(annotation, dict):
            raise InputError(f"{at}: must be an object")
        name = None
        if annotation.get("ground_truth"):
            name = GOLD
        elif annotation.get("completed_by") is not None:
            name = _user_layer(annotation["completed_by"], at, users)
        status = Status.SKIPPED.value if annotation.get("was_cancelled") else Status.DONE.value
        spans = _results(annotation.get("result"), text, at, units, notes)
        layers.append(ForeignLayer(name, spans, status, at))
    predictions = task.get("predictions") or []
    if not isinstance(predictions, list):
        raise InputError(f"{where}: \"predictions\" must be a list")
    if predictions:
        spans = []
        for n, prediction in enumerate(predictions):
            if not isinstance(prediction, dict):
                raise InputError(f"{where}: prediction {n}: must be an object")
            spans.extend(_results(prediction.get("result"), text, f"{where}: prediction {n}", units, notes))
        # several models' predictions: identical regions once; differing overlaps are refused later
        unique = {(s.start, s.end, s.label): s for s in spans}
        layers.append(ForeignLayer(MACHINE, list(unique.values()), Status.DONE.value, f"{where}: predictions"))
    return ForeignDoc(doc_id, text, meta, layers, where)


def _min_item(item: dict, where: str, notes: ImportNotes, users: dict) -> ForeignDoc:
    text = item["text"]
    doc_id = _doc_id(item.get("id"), text, where)
    units = utf16_to_code_points(text)
    spans: list[ForeignSpan] = []
    meta_fields = {}
    for key, value in item.items():
        if key in _MIN_BOOKKEEPING or key == "text":
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for n, region in enumerate(value):
                at = f"{where}: {key} {n}"
                if "start" not in region or "labels" not in region:
                    raise InputError(f"{at}: a {shown(key)} region without start and labels: annotator "
                                     "imports labelled text spans only")
                spans.extend(_region(region, text, at, units, notes))
        else:
            meta_fields[key] = value
    meta = merge_meta(meta_fields.pop("meta", None), meta_fields, where)
    annotator = item.get("annotator")
    name = None if annotator is None else _user_layer(annotator, where, users)
    return ForeignDoc(doc_id, text, meta, [ForeignLayer(name, spans, Status.DONE.value, where)], where)


def _doc_id(value: object, text: str, where: str) -> str:
    """The task's id; a task that was never in Label Studio has none: a digest of its text."""
    if value is None:
        return text_id(text)
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        return value
    raise InputError(f"{where}: the task has no usable id (got {shown(value)})")


def _user_layer(user: object, where: str, users: dict) -> str:
    """The layer of an annotator as Label Studio names one: an email's local part, else
    ``user<id>``. Two different users giving the same layer name are refused."""
    if isinstance(user, dict):
        email, uid = user.get("email"), user.get("id")
        key = email if isinstance(email, str) and email else uid
    else:
        key = user
    if isinstance(key, str) and "@" in key:
        name = layer_name(key.split("@", 1)[0], where, "the annotator")
    elif type(key) is int:
        name = f"user{key}"
    elif isinstance(key, str):
        name = layer_name(key, where, "the annotator")
    else:
        raise InputError(f"{where}: completed_by {shown(user)} names no annotator")
    previous = users.setdefault(name, key)
    if previous != key:
        raise InputError(f"{where}: annotators {shown(previous)} and {shown(key)} would both become layer "
                         f"{shown(name)}; import them separately with --layer")
    return name


def _results(results: object, text: str, where: str, units, notes: ImportNotes) -> list[ForeignSpan]:
    if results is None:
        return []
    if not isinstance(results, list):
        raise InputError(f"{where}: \"result\" must be a list")
    spans: list[ForeignSpan] = []
    for n, result in enumerate(results):
        at = f"{where}, result {n}"
        if not isinstance(result, dict):
            raise InputError(f"{at}: must be an object")
        kind = result.get("type")
        if kind != "labels":
            raise InputError(f"{at}: a {shown(kind)} result: annotator imports labelled text spans "
                             "(type \"labels\") only; remove the others to import the spans")
        value = result.get("value")
        if not isinstance(value, dict):
            raise InputError(f"{at}: \"value\" must be an object")
        spans.extend(_region(value, text, at, units, notes))
    return spans


def _region(value: dict, text: str, where: str, units, notes: ImportNotes) -> list[ForeignSpan]:
    labels = value.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise InputError(f"{where}: \"labels\" must be a non-empty list of strings")
    start, end = resolve_span(text, value.get("start"), value.get("end"), value.get("text"), where, units, notes)
    return [ForeignSpan(start, end, label, where) for label in labels]


def labelstudio_lines(items: Iterable[tuple[DocumentRow, str, str, list[Span]]]) -> Iterator[str]:
    """A JSON list of tasks, one per document, written as the documents come (grouped by id)."""
    yield "[\n"
    first = True
    for number, (doc, layers) in enumerate(_by_document(items), start=1):
        annotations, predictions = [], []
        users = 0
        for layer, status, spans in layers:
            result = [{"id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels",
                       "value": {"start": s.start, "end": s.end, "text": doc.text[s.start:s.end], "labels": [s.label]}}
                      for i, s in enumerate(spans)]
            if layer == MACHINE:
                predictions.append({"model_version": "annotator", "result": result})
                continue
            users += 1
            annotations.append({"id": users, "completed_by": {"id": users, "email": f"{layer}@{EMAIL_DOMAIN}"},
                                "result": result, "was_cancelled": status == Status.SKIPPED.value,
                                "ground_truth": layer == GOLD})
        task = {"id": number, "data": {"text": doc.text, "id": doc.id}, "meta": doc.meta,
                "annotations": annotations, "predictions": predictions}
        yield ("" if first else ",\n") + json.dumps(task, ensure_ascii=False)
        first = False
    yield ("" if first else "\n") + "]\n"


def _by_document(items):
    """Consecutive (doc, layer, status, spans) items grouped into (doc, [(layer, status, spans)])
    in order of first appearance of each document."""
    order: list[str] = []
    groups: dict[str, tuple[DocumentRow, list]] = {}
    for doc, layer, status, spans in items:
        if doc.id not in groups:
            order.append(doc.id)
            groups[doc.id] = (doc, [])
        groups[doc.id][1].append((layer, status, spans))
    for doc_id in order:
        yield groups[doc_id]
