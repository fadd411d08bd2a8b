"""One table of the characters that must never reach a terminal as they are.

C0 and C1 controls, DEL, the line and paragraph separators and the bidi controls could move
the cursor, recolour or reorder what a terminal shows; ``visible_table`` maps each to a visible
symbol of one character, so the text keeps its length and offsets. The article view and the
curation report differ only in how they show a newline and a line separator.
"""

from __future__ import annotations

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def visible_table(*, newline: str, line_separator: str) -> dict[int, str]:
    """A ``str.translate`` table: control pictures for C0 (a tab as a space), ␡ for DEL, U+FFFD
    for C1 and bidi controls, ``newline`` for LF and ``line_separator`` for U+2028 and U+2029."""
    table = {c: chr(0x2400 + c) for c in range(0x20)}
    table[0x09] = " "
    table[0x0A] = newline
    table[0x7F] = "\u2421"  # ␡
    table.update(dict.fromkeys(range(0x80, 0xA0), "\ufffd"))
    table.update(dict.fromkeys((0x2028, 0x2029), line_separator))
    table.update(dict.fromkeys(_BIDI, "\ufffd"))
    return table
