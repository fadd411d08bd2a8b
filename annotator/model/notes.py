"""Notes: the short text an annotator attaches to a flag."""

import unicodedata

from annotator.model.errors import InputError
from annotator.model.quoting import quoted

MAX_NOTE = 200


def validate_note(note: str) -> str:
    """A flag's note: one line of at most 200 printable characters (it goes on the terminal)."""
    if not isinstance(note, str):
        raise InputError(f"a note must be text, got {type(note).__name__}")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InputError(f"note too long ({len(note)} characters; at most {MAX_NOTE})")
    bad = next((c for c in note if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")), None)
    if bad is not None:
        raise InputError(f"note contains an unprintable character {quoted(bad)}")
    return note
