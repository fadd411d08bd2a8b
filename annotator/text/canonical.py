"""Canonical text: the one string that is stored, shown, annotated and exported.

Import applies exactly two changes, both allowed by the label spec: newlines become ``\\n`` and
the text is put in Unicode NFC. ``fold`` is for matching only and never touches stored text.
"""

import re
import unicodedata

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_DATE_HEADER = re.compile(r"^\s*date (\d{4}-\d{2})\s+")

# Romanian comma-below and cedilla letters are used interchangeably in the wild.
_ROMANIAN = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})


def canonicalize(text: str) -> str:
    """Newlines to ``\\n``, then NFC. Idempotent."""
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))


def split_date_header(text: str) -> tuple[str, str | None]:
    """Remove a leading `` date YYYY-MM`` header once; return (text, date or None)."""
    match = _DATE_HEADER.match(text)
    if not match:
        return text, None
    return text[match.end() :], match.group(1)


def fold(text: str, *, diacritics: bool = True) -> str:
    """A matching key: case-folded, Romanian ş/ș ţ/ț unified, diacritics removed if asked.

    Removing diacritics keeps one character per input character where possible (combining
    marks are dropped after NFD), so folded strings are for comparison, not for offsets.
    """
    folded = text.translate(_ROMANIAN).casefold()
    if diacritics:
        decomposed = unicodedata.normalize("NFD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        folded = folded.replace("ł", "l").replace("ø", "o").replace("æ", "ae").replace("ß", "ss")
    return folded
