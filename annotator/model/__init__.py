"""The domain model: labels, spans, layers, statuses, and the errors a user can act on. Pure
Python, no I/O."""

from annotator.model import exactjson
from annotator.model.errors import (
    AnnotatorError,
    DecisionError,
    InputError,
    NewerSchema,
    OffsetError,
    Refused,
    SearchError,
    StoreError,
    UnknownDocument,
    UnknownLayer,
    UnknownName,
)
from annotator.model.labels import LABELS, Label, is_label
from annotator.model.layers import (
    GOLD,
    MACHINE,
    RESERVED_LAYERS,
    is_human_layer,
    validate_annotator_name,
    validate_layer_name,
)
from annotator.model.quoting import QUOTE_LIMIT, quoted
from annotator.model.spans import Span, SpanError, check_span_triples, check_spans, sort_spans
from annotator.model.status import STATUSES, Status

__all__ = [
    "GOLD",
    "LABELS",
    "MACHINE",
    "QUOTE_LIMIT",
    "RESERVED_LAYERS",
    "STATUSES",
    "AnnotatorError",
    "DecisionError",
    "InputError",
    "Label",
    "NewerSchema",
    "OffsetError",
    "Refused",
    "SearchError",
    "Span",
    "SpanError",
    "Status",
    "StoreError",
    "UnknownDocument",
    "UnknownLayer",
    "UnknownName",
    "check_span_triples",
    "check_spans",
    "exactjson",
    "is_human_layer",
    "is_label",
    "quoted",
    "sort_spans",
    "validate_annotator_name",
    "validate_layer_name",
]
