"""Building the agreement input from the store, with bulk queries (three, whatever the size)."""

from collections.abc import Sequence

from annotator.agreement.document import AgreementDocument
from annotator.model import GOLD, MACHINE, Status
from annotator.store import Store


def human_layers(store: Store) -> list[str]:
    """Every human layer: all but ``machine`` and ``gold``."""
    return [layer for layer in store.layers() if layer not in {MACHINE, GOLD}]


def not_started_layers(store: Store) -> list[str]:
    """Human layers with no done document: a mistyped name's stray layer, or an annotator who
    has not finished anything yet. Left out of agreement and curation unless named."""
    done = store.layers_with_status(Status.DONE.value)
    return [layer for layer in human_layers(store) if layer not in done]


def default_layers(store: Store) -> list[str]:
    """The layers compared by default: every human layer with at least one done document."""
    done = store.layers_with_status(Status.DONE.value)
    return [layer for layer in human_layers(store) if layer in done]


def load_documents(store: Store, layers: Sequence[str]) -> list[AgreementDocument]:
    """One AgreementDocument per stored document. Tokens are loaded only where at least two of
    the layers are done, the only documents whose tokens are compared."""
    statuses = store.bulk_statuses(layers)
    spans = store.bulk_spans(layers)
    sizes = store.document_sizes()
    compared = [
        doc_id for doc_id, _ in sizes
        if sum(1 for s in statuses.get(doc_id, {}).values() if s == Status.DONE.value) >= 2
    ]
    tokens = store.bulk_token_offsets(compared)
    return [
        AgreementDocument(
            doc_id=doc_id,
            tokens=tokens.get(doc_id, ()),
            n_chars=n_chars,
            statuses=statuses.get(doc_id, {}),
            spans=spans.get(doc_id, {}),
        )
        for doc_id, n_chars in sizes
    ]
