"""The errors a user can act on: one ``AnnotatorError`` family, each kind with its exit status.

Every layer may raise them (they sit in the model, which every layer may import), and two places turn them into what
the user sees: the CLI (``annotator.cli.common.user_errors``: ``Error: <message>`` on one line,
exit ``exit_code``) and the annotation screens (a notification with the message). ``str()`` of
one is that message, written for the user. Any other exception is a bug and surfaces as one
(a traceback in the CLI, Textual's crash screen in the TUI), never dressed up as a user error.

The exit statuses are ``EXIT_STATUSES`` below (docs/cli.md's "Exit status" is generated from it).

The kinds subclass ``ValueError``, ``LookupError`` or ``OSError`` where they did before, so a
caller's ``except ValueError`` keeps working. Elsewhere: ``annotator.formats.output.OutputError``
(an output path that cannot be written, also an ``OSError``).
"""

from collections.abc import Iterable

from annotator.model.quoting import quoted

EXIT_ERROR = 1
"""A user error of the family, or a CI gate's figures under their minimum."""
EXIT_USAGE = 2
"""A usage error: click's, or a name (layer, document) the database lacks."""
EXIT_INTERRUPTED = 130
"""Interrupted by Ctrl-C (128 + SIGINT, as shells report it)."""

EXIT_STATUSES: tuple[tuple[int, str], ...] = (
    (0, "Done."),
    (EXIT_ERROR, "An error you can act on, said in one line `Error: ...` (bad input, a database that cannot "
                 "be used, a refusal by team role or of a protected layer, an output path that cannot be "
                 "written); also a CI gate whose figures are under their minimum (`--min-f1`, "
                 "`--min-kappa`, `--min-alpha`, `--min-consistency`), said as `Below minimum: ...`."),
    (EXIT_USAGE, "Usage: an option that is wrong or missing (click's own message, with the usage), or a layer "
                 "or document the database does not hold (`Error: no layer named 'x' (layers: ...)`, "
                 "`Error: no document with id 'x'`), the same in every command."),
    (EXIT_INTERRUPTED, "Interrupted (Ctrl-C); what was not committed is not stored."),
)
"""Every exit status a command uses, with its meaning, for users (docs/cli.md). Anything else
(a traceback and status 1) is a bug."""


class AnnotatorError(Exception):
    """A problem the user can act on; ``str()`` is the one-line message shown as is."""

    exit_code: int = EXIT_ERROR


class InputError(AnnotatorError, ValueError):
    """Bad input: a file (the message names it and the line), an option's value, a name that
    cannot be used."""


class SpanError(InputError):
    """A span that cannot be stored: out of range, empty, overlapping or wrongly labelled."""


class OffsetError(InputError):
    """A raw offset with no place in the canonical text: it falls inside a stretch that
    canonicalisation changed (a CRLF, characters NFC composes, the date header). The message
    says which stretch, for an error that names the span."""


class SearchError(InputError):
    """A query that cannot be run: empty, or an invalid regular expression."""


class DecisionError(AnnotatorError, ValueError):
    """A curation decision that cannot be made (no such version, no majority...)."""


class UnknownName(AnnotatorError, LookupError):
    """A name given by the user that the database does not hold: a usage error (exit 2)."""

    exit_code = EXIT_USAGE


class UnknownLayer(UnknownName):
    """No layer of that name; the message lists the layers there are."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = sorted(known)
        super().__init__(f"no layer named {quoted(name)} (layers: {', '.join(self.known) or 'none'})")

    def __reduce__(self) -> tuple:  # from a worker process: rebuilt from its fields, not its message
        return type(self), (self.name, self.known)


class UnknownDocument(UnknownName):
    """No document with that id."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        super().__init__(f"no document with id {quoted(doc_id)}")

    def __reduce__(self) -> tuple:
        return type(self), (self.doc_id,)


class Refused(AnnotatorError):
    """Not allowed: a team role that may not do this, a protected layer, the last curator."""


class ProtectedLayer(Refused, ValueError):
    """``machine`` or ``gold`` where only an annotator's own layer may go."""


class StoreError(AnnotatorError):
    """The database cannot be used: missing, not an annotator database, unreadable, busy or
    full."""


class NewerSchema(StoreError):
    """A database written by a newer annotator (a schema this code does not know)."""
