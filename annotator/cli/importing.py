"""``annotator import``."""

import dataclasses
import sys
from pathlib import Path

import click

from annotator.cli.common import current_settings, db_option, db_path_of, user_errors
from annotator.formats.foreign import IMPORT_FORMATS, ImportNotes, ImportOptions, parse_label_map
from annotator.formats.importing import import_paths
from annotator.formats.reading import STDIN, STDIN_FORMATS, InputError
from annotator.model import AnnotatorError, quoted, validate_layer_name
from annotator.store import Store
from annotator.store.database import NewDatabase
from annotator.store.store import default_annotator

TRIMMED_SHOWN = 20  # trimmed spans listed one by one on stderr; the rest are counted


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--replace", is_flag=True, help="Replace documents (and layer annotations) whose text or metadata differs.")
@click.option("--drop-layers", is_flag=True,
              help="With --replace: replace a document's text even though annotators' or gold layers have "
                   "work on it; that work is dropped (listed, logged, and the database backed up first).")
@click.option("--no-suggest", is_flag=True,
              help="Do not compute machine suggestions (for new documents, and for any still without them).")
@click.option("--format", "fmt", type=click.Choice(("auto", *IMPORT_FORMATS)), default="auto", show_default=True,
              help="The input format. auto: each file's from its extension and content; - (standard "
                   "input) is JSONL when the first non-blank line starts with {, else one text document "
                   "(standard input reads txt or jsonl only).")
@click.option("--id", "stdin_id", help="The id of a text document read from - "
                                       "(default: stdin- and 12 hex digits of its checksum).")
@click.option("--layer", help="Layer for annotations in files that do not say who annotated "
              "(doccano, brat, CoNLL, spaCy, Prodigy without _annotator_id); refused where the file names "
              "another layer (annotator's JSONL, Prodigy's _annotator_id), never ignored.")
@click.option("--label-map", "label_map", metavar="SRC=LABEL,...",
              help="Rename other tools' labels, e.g. PER=ACTOR,LOC=LOCATION,MISC= (an empty target drops "
              "the label; the summary counts what was dropped).")
@user_errors
def import_command(paths: tuple[Path, ...], db_path: Path | None, replace: bool, drop_layers: bool, no_suggest: bool,
                   fmt: str, stdin_id: str | None, layer: str | None, label_map: str | None) -> None:
    """Import documents and annotations: annotator's .txt and .jsonl (also from -, standard input),
    and doccano, Label Studio, Prodigy, brat, CoNLL and spaCy files.

    A .txt file is one document (id = file stem). A .jsonl file holds one record per line:
    {"id", "text", "meta"?, "layer"?, "spans"?: [{"start", "end", "label"}]}; a record with a layer
    and spans becomes that layer's finished annotation. Span offsets refer to the text as given
    and are carried through canonicalisation (newlines, NFC, the date header); a span that cannot
    be carried exactly, or covers only whitespace, is refused; whitespace around a span is
    trimmed and reported. A folder that cannot be read is refused. Other tools' files are
    recognised by extension and content (.json: Label Studio JSON or JSON-MIN; .jsonl: doccano or
    Prodigy; a folder with .ann files: brat; .conll/.iob/.bio/.bioes: CoNLL; .spacy: spaCy
    DocBin) or named with --format; labels other than annotator's must be mapped with
    --label-map. The whole import is one transaction: on any error nothing is stored;
    interrupted (Ctrl-C), it exits with status 130 and stores nothing. A new database is built
    beside its path and appears there only when the import is complete.

    A document whose text changed is refused unless --replace. Replacing its text drops every
    layer on it (their offsets refer to the old text): the import is refused, naming what would
    be lost, if an annotator's or the gold layer has work on it that this import does not give
    again, unless --drop-layers; then the database is backed up beside it first, the loss is
    listed and logged, and the machine suggestions are computed again.

    Then suggestions are computed for every document that has none yet: the new ones, and any
    that an earlier failure or interruption left out (so importing again finishes the job).
    A large import (a few hundred new documents or more) computes its new documents'
    suggestions in its worker processes and writes them within its transaction, while the
    records give no layer; the rest are written after the commit. If they fail for some
    documents, the import stays committed and the command says so and exits 1 ('annotator
    suggest' fills them in).
    """
    if layer is not None:
        validate_layer_name(layer)
    stdin_format = fmt if fmt in STDIN_FORMATS else "auto"
    if fmt not in STDIN_FORMATS and any(str(p) == STDIN for p in paths):
        raise click.UsageError(f"standard input (-) is read as txt or jsonl, not {fmt}: give the file's path")
    target = db_path_of(db_path)
    staged = None
    foreign = ImportOptions(fmt=None if fmt == "auto" else fmt, layer=layer, label_map=parse_label_map(label_map))
    if drop_layers and not replace:
        raise click.UsageError("--drop-layers goes with --replace")
    options = {"replace": replace, "drop_layers": drop_layers, "no_suggest": no_suggest, "stdin_format": stdin_format, "stdin_id": stdin_id,
               "foreign": foreign}
    try:
        if not target.exists() and not target.is_symlink():
            staged = NewDatabase(target)
        if staged is not None:
            line, ok = _import(staged.path, paths, private=True, **options)
            if not staged.publish():  # another process created the database meanwhile: join it
                staged.discard()
                staged = None
                if any(str(p) == STDIN for p in paths):
                    raise click.ClickException(f"{target}: created by another process during this import, "
                                               "and standard input cannot be read twice: run the import again")
                line, ok = _import(target, paths, **options)
        else:
            line, ok = _import(target, paths, **options)
    except _SuggestionsInterrupted as exc:
        if staged is not None:  # nothing was published: as if interrupted during the import
            click.echo(f"Interrupted: the import was not committed; {target} was not created", err=True)
        else:
            click.echo(f"Interrupted while computing suggestions: {exc} (committed); {exc.missing} document(s) "
                       "have no suggestions yet: run 'annotator suggest' or import again", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrupted: the import was not committed" + (
            f"; {target} was not created" if staged is not None else ""), err=True)
        sys.exit(130)
    finally:
        if staged is not None:
            staged.discard()  # refused or interrupted: no new file is left behind
    if not ok:
        raise click.ClickException(line)
    click.echo(line)


class _SuggestionsInterrupted(Exception):
    """Ctrl-C after the import was committed, while suggestions were computed; the message is
    the import's summary line."""

    def __init__(self, line: str, missing: int):
        super().__init__(line)
        self.missing = missing


def _import(path: Path, paths: tuple[Path, ...], *, replace: bool, drop_layers: bool, no_suggest: bool, stdin_format: str,
            stdin_id: str | None, foreign: ImportOptions, private: bool = False) -> tuple[str, bool]:
    """Import into the database at ``path`` (closed again at the end; ``private``: a
    ``NewDatabase``'s file); the summary line, and False if suggestions failed for some
    documents (the import itself is committed then)."""
    foreign = dataclasses.replace(foreign, notes=ImportNotes())  # counted afresh on a retry
    settings = current_settings()
    store = Store.open(path, create=True, fast_sync=settings.fast_sync, private=private)
    progress = _progress_bar("Reading, analysing and storing") if sys.stderr.isatty() else None
    presuggested = None
    if not no_suggest:  # the import's worker processes, if it starts them, suggest its new documents too
        from annotator.suggest.runner import Presuggested

        presuggested = Presuggested(store)
    try:
        try:
            summary = import_paths(store, list(paths), actor=default_annotator(), replace=replace,
                                   progress=progress.update if progress else None,
                                   stdin_format=stdin_format, stdin_id=stdin_id, options=foreign,
                                   drop_layers=drop_layers, workers=settings.workers, along=presuggested)
        except InputError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            if progress:
                progress.close()
        for note in summary.dropped_notes[:TRIMMED_SHOWN]:
            click.echo(f"Note: {note}", err=True)
        if len(summary.dropped_notes) > TRIMMED_SHOWN:
            click.echo(f"Note: ... and {len(summary.dropped_notes) - TRIMMED_SHOWN} more replaced document(s)", err=True)
        for note in summary.trimmed[:TRIMMED_SHOWN]:
            click.echo(f"Note: {note}", err=True)
        if len(summary.trimmed) > TRIMMED_SHOWN:
            click.echo(f"Note: ... and {len(summary.trimmed) - TRIMMED_SHOWN} more span(s) trimmed", err=True)
        return _suggest_missing(store, summary.line(), no_suggest, presuggested)
    finally:
        store.close()


def _suggest_missing(store: Store, line: str, no_suggest: bool, presuggested=None) -> tuple[str, bool]:
    """After the import is committed: suggestions for every document without a machine layer
    (the new ones, and any an earlier failed or killed suggestion phase left out), in their own
    transactions; those the import's workers computed (``presuggested``) are only written, and
    those it wrote in the import's transaction are counted. Returns the summary line, saying what was and was not suggested, and whether every document
    got its suggestions."""
    if no_suggest:
        return line, True
    todo = store.unsuggested_documents()
    if not todo and not (presuggested is not None and presuggested.written):
        return line, True
    from annotator.suggest.runner import suggest_documents

    progress = _progress_bar("Computing suggestions") if todo and sys.stderr.isatty() else None
    try:
        result = suggest_documents(store, todo, progress=progress.update if progress else None,
                                   workers=current_settings().workers, presuggested=presuggested)
    except KeyboardInterrupt:
        raise _SuggestionsInterrupted(line, len(store.unsuggested_documents())) from None
    except Exception as exc:  # the documents are committed: say so, and how to finish
        missing = len(store.unsuggested_documents())
        reason = str(exc)[:160] if isinstance(exc, AnnotatorError) else f"{type(exc).__name__}: {str(exc)[:160]}"
        return (f"{line}; suggestions failed for {missing} of {len(todo)} document(s) ({reason}): "
                "run 'annotator suggest'"), False
    finally:
        if progress:
            progress.close()
    if result["documents"]:
        line += f"; {result['spans']} suggestions in {result['documents']} document(s)"
    failed = result["failed"]
    if failed:
        return (f"{line}; suggestions failed for {len(failed)} of {len(todo)} document(s) (first: "
                f"{quoted(failed[0]['id'])}: {failed[0]['error']}): run 'annotator suggest'"), False
    return line, True


class _progress_bar:
    """A Rich progress bar on stderr for one phase of an import, named: the files by bytes read
    (estimated within a file), then the suggestions by documents."""

    def __init__(self, phase: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                  TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self._progress.start()
        self._task = self._progress.add_task(phase, total=1)

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()


COMMANDS = [import_command]
