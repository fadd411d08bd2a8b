"""The input of the agreement computation: one document as every layer left it."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotator.model import STATUSES, quoted

#: A token as ``(start, end)`` code-point offsets, half-open.
TokenRange = tuple[int, int]
#: A span as ``(start, end, label)``, half-open code-point offsets.
SpanTuple = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class AgreementDocument:
    """One document, its own tokenization, and each layer's status and spans on it.

    The agreement code never reads the store: the caller builds these (cheaply, from rows it has
    anyway) and passes them in, which keeps the computation pure and testable on made-up data.

    ``statuses`` maps a layer to ``todo``/``in_progress``/``done``/``skipped``; a layer that is
    absent is ``todo``. Only a ``done`` layer is compared on the document: a layer that has not
    finished a document is *missing* there, not "everything O". ``spans`` maps a layer to its
    spans; a done layer without an entry (or with an empty list) labelled every token O.

    Statuses are checked here (they are few). Tokens and spans are checked by
    :func:`annotator.agreement.compute_agreement`, vectorised, for the documents it uses.
    """

    doc_id: str
    tokens: Sequence[TokenRange]
    n_chars: int
    statuses: Mapping[str, str] = field(default_factory=dict)
    spans: Mapping[str, Sequence[SpanTuple]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.doc_id, str):
            raise TypeError(f"doc_id must be a str, not {type(self.doc_id).__name__}")
        if not isinstance(self.n_chars, int) or self.n_chars < 0:
            raise ValueError(f"document {quoted(self.doc_id)}: n_chars must be a non-negative int")
        for layer, status in self.statuses.items():
            if status not in STATUSES:
                raise ValueError(
                    f"document {quoted(self.doc_id)}: layer {quoted(layer)} has unknown status {quoted(status)} "
                    f"(expected one of {', '.join(STATUSES)})"
                )
