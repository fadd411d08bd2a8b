"""The domain model: labels, spans, layers, statuses. Pure Python, no I/O."""

from annotator.model import exactjson
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
from annotator.model.spans import Span, SpanError, check_spans, sort_spans
from annotator.model.status import STATUSES, Status

__all__ = [
    "GOLD",
    "LABELS",
    "MACHINE",
    "QUOTE_LIMIT",
    "RESERVED_LAYERS",
    "STATUSES",
    "Label",
    "Span",
    "SpanError",
    "Status",
    "check_spans",
    "exactjson",
    "is_human_layer",
    "is_label",
    "quoted",
    "sort_spans",
    "validate_annotator_name",
    "validate_layer_name",
]
