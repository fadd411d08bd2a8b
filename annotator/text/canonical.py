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


class _StrippedChars(dict[int, str]):
    """A ``str.translate`` table, filled on first use, from a character to its canonical
    decomposition without combining marks (and ł, ø, æ, ß spelt out): per character, the same
    as decomposing the whole string, because every combining mark is dropped anyway."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        value = value.replace("ł", "l").replace("ø", "o").replace("æ", "ae").replace("ß", "ss")
        self[code] = value
        return value


_STRIPPED = _StrippedChars()


def fold(text: str, *, diacritics: bool = True) -> str:
    """A matching key: case-folded, Romanian ş/ș ţ/ț unified, diacritics removed if asked.

    Removing diacritics keeps one character per input character where possible (combining
    marks are dropped after NFD), so folded strings are for comparison, not for offsets.
    """
    folded = text.translate(_ROMANIAN).casefold()
    if diacritics and not folded.isascii():
        folded = folded.translate(_STRIPPED)
    return folded
