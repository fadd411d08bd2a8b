"""The agreement screen: the figures of ``annotator agreement`` (the same Rich tables) on screen.

Opened with ``a`` in the curator, ``Agreement report`` in the curator's command palette, and
``annotator agreement --tui`` (never from the annotation screen: annotators work blind). The figures are computed in a thread worker with its own
connection to the database (one SQLite connection per thread), so the screen stays responsive on
a large corpus; ``r`` computes them again (after more work has been done). The tables come from
:func:`annotator.tui.agreement_tables.report_renderables`, which puts every string from data into
a ``rich.text.Text``: nothing here is markup.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from annotator.agreement import AgreementDocument, compute_agreement
from annotator.agreement.loading import default_layers, load_documents
from annotator.agreement.results import AgreementResult
from annotator.model import LABELS, AnnotatorError
from annotator.store import Store
from annotator.tui.agreement_tables import report_renderables
from annotator.tui.panels import HeaderBar, KeyBar

COMPUTING = "computing…"


@dataclass(frozen=True)
class Outcome:
    """What a computation gave: the result, or why there is none (a sentence for the screen)."""

    result: AgreementResult | None
    message: str | None
    seconds: float


def compute(path: Path | None, layers: Sequence[str] | None, labels: Sequence[str],
            names: Mapping[str, str] | None = None) -> Outcome:
    """Open the database at ``path`` (a connection of the calling thread), load and compute.

    ``layers`` None means every human layer. ``names`` shows layers under other names (the
    curator's anonymous mode): only the layers it names are compared then.
    """
    started = time.perf_counter()
    if path is None:
        return Outcome(None, "This database has no file: the agreement cannot be computed here.", 0.0)
    with Store.open(path, read_only=True) as store:
        chosen = list(layers) if layers else default_layers(store)
        if names is not None:
            chosen = [layer for layer in chosen if layer in names]
        if len(chosen) < 2:
            shown = ", ".join(names.get(layer, layer) if names else layer for layer in chosen) or "none"
            return Outcome(
                None,
                f"Agreement needs at least two annotator layers; this database has {len(chosen)} ({shown}). "
                "Annotate with another name (annotator annotate --annotator NAME) or import another "
                "annotator's layer, then press r.",
                time.perf_counter() - started,
            )
        documents = load_documents(store, chosen)
    if names is not None:
        documents = [_renamed(doc, names) for doc in documents]
        chosen = [names[layer] for layer in chosen]
    result = compute_agreement(documents, chosen, list(labels))
    return Outcome(result, None, time.perf_counter() - started)


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 0.1 else "under 0.1 s"


def _renamed(doc: AgreementDocument, names: Mapping[str, str]) -> AgreementDocument:
    return AgreementDocument(
        doc.doc_id, doc.tokens, doc.n_chars,
        {names[k]: v for k, v in doc.statuses.items() if k in names},
        {names[k]: v for k, v in doc.spans.items() if k in names},
    )


class AgreementScreen(Screen[None]):
    """The agreement report of the database at ``path``; escape or q closes it, r recomputes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "recompute", "Recompute", id="agreement.recompute",
                tooltip="Compute the figures again from the database"),
        Binding("escape,q", "close", "Back", id="agreement.close"),
    ]
    DEFAULT_CSS = """
    AgreementScreen #report { height: 1fr; padding: 0 1; }
    AgreementScreen #report > Static { margin-bottom: 1; }
    AgreementScreen #message { color: $warning; text-style: italic; }
    """

    class Computed(Message):
        """A computation has finished (posted from the worker thread)."""

        def __init__(self, generation: int, outcome: Outcome | None, error: str | None = None) -> None:
            super().__init__()
            self.generation = generation
            self.outcome = outcome
            self.error = error

    def __init__(self, path: Path | None, *, layers: Sequence[str] | None = None,
                 labels: Sequence[str] | None = None, names: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.path = path
        self.report_layers = list(layers) if layers else None
        self.report_labels = list(labels) if labels else list(LABELS)
        self.names = dict(names) if names is not None else None
        self.outcome: Outcome | None = None
        self.computing = False
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with VerticalScroll(id="report"):
            yield Static(Content(COMPUTING), id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.action_recompute()

    # -- computing --------------------------------------------------------------------------------
    def action_recompute(self) -> None:
        self._generation += 1
        self.computing = True
        self._show_header()
        self._compute(self._generation)

    @work(thread=True, exclusive=True, group="agreement")
    def _compute(self, generation: int) -> None:
        try:
            outcome = compute(self.path, self.report_layers, self.report_labels, self.names)
        except AnnotatorError as exc:  # shown on the screen rather than ending the app; a bug ends it
            self.post_message(self.Computed(generation, None, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Computed(generation, outcome))

    async def on_agreement_screen_computed(self, message: Computed) -> None:
        if message.generation != self._generation:
            return  # an earlier computation, overtaken by r
        self.computing = False
        self.outcome = message.outcome
        report = self.query_one("#report", VerticalScroll)
        await report.remove_children()
        outcome = message.outcome
        if outcome is None or outcome.result is None:
            text = message.error or (outcome.message if outcome else None) or "No figures."
            await report.mount(Static(Content(text), id="message"))
        else:
            await report.mount_all([Static(part) for part in report_renderables(outcome.result)])
        self._show_header()

    # -- drawing ----------------------------------------------------------------------------------
    def _show_header(self) -> None:
        where = self.path.name if self.path is not None else "database"
        parts: list[Any] = [("Agreement ", "bold"), (where, "bold")]
        if self.computing:
            parts.append((f" · {COMPUTING}", "italic $warning"))
        elif self.outcome is not None and self.outcome.result is not None:
            docs = self.outcome.result.documents
            parts.append(f" · {docs.used:,} of {docs.total:,} documents compared"
                         f" · computed in {_seconds(self.outcome.seconds)} · r recomputes")
        else:
            parts.append(" · r recomputes")
        self.query_one(HeaderBar).show(Content.assemble(*parts))

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()


class AgreementApp(App[None]):
    """``annotator agreement --tui``."""

    TITLE = "annotator agreement"

    def __init__(self, path: Path, *, layers: Sequence[str] | None = None,
                 labels: Sequence[str] | None = None) -> None:
        super().__init__()
        self.path = path
        self.report_layers = layers
        self.report_labels = labels

    def get_default_screen(self) -> Screen:
        return AgreementScreen(self.path, layers=self.report_layers, labels=self.report_labels)


def run_agreement(path: Path, *, layers: Sequence[str] | None = None, labels: Sequence[str] | None = None) -> None:
    AgreementApp(path, layers=layers, labels=labels).run()
