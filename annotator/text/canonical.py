"""Canonical text: the one string that is stored, shown, annotated and exported.

Import applies exactly these changes, all allowed by the label spec: a leading byte-order mark
is dropped, newlines become ``\\n`` and the text is put in Unicode NFC; then a leading
`` date YYYY-MM`` header is moved into metadata. Offsets given with the raw text (spans in an
imported record) are carried through these known edits by ``canonical_text``'s ``OffsetMap``,
or refused with the reason when they fall inside a changed stretch; never shifted silently.
``fold`` is for matching only and never touches stored text.
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass

from annotator.model import quoted
from annotator.model.errors import OffsetError

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_LINE_BREAKS = ("\r", "\u2028", "\u2029", "\x85")  # what ``_NEWLINES`` makes "\n"
_DATE_HEADER = re.compile(r"^\s*date (\d{4}-\d{2})\s+")
_BOM = "\ufeff"

# Romanian comma-below and cedilla letters are used interchangeably in the wild.
_ROMANIAN = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})


def canonicalize(text: str) -> str:
    """Leading byte-order marks dropped, newlines to ``\\n``, then NFC. Idempotent."""
    return unicodedata.normalize("NFC", _NEWLINES.sub("\n", text.lstrip(_BOM)))


def split_date_header(text: str) -> tuple[str, str | None]:
    """Remove a leading `` date YYYY-MM`` header once; return (text, date or None)."""
    match = _DATE_HEADER.match(text)
    if not match:
        return text, None
    return text[match.end() :], match.group(1)


@dataclass(frozen=True, slots=True)
class _Edits:
    """One canonicalisation step as the stretches it replaced: raw ``[starts[i], ends[i])``
    became ``[new_starts[i], new_ends[i])`` of the step's output; everything between is copied."""

    starts: list[int]
    ends: list[int]
    new_starts: list[int]
    new_ends: list[int]
    what: list[str]  # per stretch, for messages: why an offset inside it cannot be mapped
    deletion: bool = False  # the stretches became empty: a span may not cover one

    def offset(self, raw: int) -> int:
        i = bisect.bisect_right(self.starts, raw) - 1
        if i >= 0 and raw < self.ends[i]:
            if raw == self.starts[i]:
                return self.new_starts[i]
            raise OffsetError(f"inside {self.what[i]}")
        return raw + (self.new_ends[i] - self.ends[i] if i >= 0 else 0)

    def covered(self, start: int, end: int) -> str | None:
        """What a deleting step removed inside ``[start, end)``, if anything."""
        if not self.deletion:
            return None
        i = bisect.bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] < end and self.ends[i] <= end:
            return self.what[i]
        return None


def _edits(pieces: list[tuple[int, int, int, str]], *, deletion: bool = False) -> _Edits:
    """``_Edits`` from ``(raw start, raw end, new length, what)`` in order."""
    starts, ends, new_starts, new_ends, what = [], [], [], [], []
    shift = 0
    for start, end, length, reason in pieces:
        starts.append(start)
        ends.append(end)
        new_starts.append(start + shift)
        shift += length - (end - start)
        new_ends.append(end + shift)
        what.append(reason)
    return _Edits(starts, ends, new_starts, new_ends, what, deletion)


class OffsetMap:
    """Raw offsets (code points of the text as a file gave it) to offsets in its canonical text.

    ``offset`` and ``span`` raise ``OffsetError`` when an offset falls inside a stretch that
    canonicalisation changed: the middle of a CRLF, of a base letter and the combining marks NFC
    composes with it, of the date header; ``span`` also refuses a span covering text that is
    removed (the header, a byte-order mark). Every offset it does map points to the same
    character boundary in the canonical text, so a mapped span covers the canonical form of
    exactly the raw characters it covered.
    """

    def __init__(self, steps: list[_Edits]):
        self._steps = [step for step in steps if step.starts]

    @property
    def identity(self) -> bool:
        """True when canonicalisation changed nothing: every offset maps to itself."""
        return not self._steps

    def offset(self, raw: int) -> int:
        """The canonical offset of a raw offset; ``OffsetError`` if it has none."""
        for step in self._steps:
            raw = step.offset(raw)
        return raw

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The canonical ``(start, end)`` of the raw span ``[start, end)``; ``OffsetError``
        (saying whether the start or the end, and why) if it cannot be mapped exactly."""
        for step in self._steps:
            try:
                new_start = step.offset(start)
            except OffsetError as exc:
                raise OffsetError(f"starts {exc}") from None
            try:
                new_end = step.offset(end)
            except OffsetError as exc:
                raise OffsetError(f"ends {exc}") from None
            removed = step.covered(start, end)
            if removed is not None:
                raise OffsetError(f"covers {removed}, which import removes")
            start, end = new_start, new_end
        return start, end


@dataclass(frozen=True, slots=True)
class CanonicalText:
    """A raw text's canonical form (what is stored), the date its header gave (or None), and
    the map from raw offsets to canonical ones."""

    text: str
    date: str | None
    offsets: OffsetMap


def canonical_text(raw: str, *, header: bool = True) -> CanonicalText:
    """``canonicalize`` and (if ``header``) ``split_date_header`` with an ``OffsetMap``: the one
    place every importer turns an input text, and spans given with it, into stored form.

    Cheap when the text is already canonical (the map is then the identity)."""
    steps: list[_Edits] = []
    text = raw
    boms = len(text) - len(text.lstrip(_BOM))
    if boms:
        steps.append(_edits([(0, boms, 0, "a byte-order mark")], deletion=True))
        text = text[boms:]
    if any(map(text.__contains__, _LINE_BREAKS)):  # a fortieth of the cost of ``_NEWLINES.search``
        steps.append(_edits([
            (m.start(), m.end(), 1, "a CRLF line break, which becomes one '\\n'")
            for m in _NEWLINES.finditer(text) if m.group() == "\r\n"
        ]))
        text = _NEWLINES.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        normal = unicodedata.normalize("NFC", text)
        pieces = list(_nfc_pieces(text))
        if _apply(text, pieces) != normal:  # never expected; refuse every offset rather than guess
            pieces = [(0, len(text), normal)]
        steps.append(_edits([
            (a, b, len(new), f"{_code_points(text[a:b])}, which NFC makes {_code_points(new)}")
            for a, b, new in pieces
        ]))
        text = normal
    date = None
    if header:
        match = _DATE_HEADER.match(text)
        if match:
            date = match.group(1)
            steps.append(_edits([(0, match.end(), 0, f"the date header {quoted(_shorten(text[: match.end()]))}")], deletion=True))
            text = text[match.end() :]
    return CanonicalText(text, date, OffsetMap(steps))


def _apply(text: str, pieces: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, new)`` stretch replaced."""
    parts, last = [], 0
    for start, end, new in pieces:
        parts += [text[last:start], new]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _code_points(text: str, limit: int = 8) -> str:
    """``U+0065 U+0301``: how a message shows characters that may not display on their own."""
    shown = " ".join(f"U+{ord(ch):04X}" for ch in text[:limit])
    return shown + (" ..." if len(text) > limit else "")


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


# A boundary before an ASCII character is stable under NFC (no ASCII character composes with
# what precedes it), so NFC can be applied to these stretches one at a time.
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def _nfc_pieces(text: str):
    """``(start, end, nfc)`` for each smallest stretch of ``text`` that NFC changes and that NFC
    puts in normal form on its own; offsets inside such a stretch have no canonical place."""
    normalize = unicodedata.normalize
    for run in _NON_ASCII_RUN.finditer(text):
        chunk = run.group()
        if unicodedata.is_normalized("NFC", chunk):
            continue
        base = run.start()
        for a, b in _nfc_segments(chunk):
            piece = chunk[a:b]
            new = normalize("NFC", piece)
            if new != piece:
                yield base + a, base + b, new


def _nfc_segments(chunk: str) -> list[tuple[int, int]]:
    """``chunk`` cut where normalising the parts separately gives the same as the whole.

    Candidate cuts are before a starter whose decomposition also begins with a starter (so no
    reordering of combining marks crosses it); a cut is kept only if the stretch before it and
    the next stretch normalise the same apart as together (a starter such as a Hangul vowel
    jamo can still compose with the one before). If, against expectation, the parts do not add
    up to the whole, the chunk is one stretch: offsets inside it are refused, never guessed."""
    normalize, combining = unicodedata.normalize, unicodedata.combining
    cuts = [0] + [
        i for i in range(1, len(chunk))
        if not combining(chunk[i]) and not combining(normalize("NFD", chunk[i])[0])
    ] + [len(chunk)]
    segments: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(cuts) - 1):
        cut, following = cuts[k], cuts[k + 1]
        left, right = chunk[start:cut], chunk[cut:following]
        if normalize("NFC", left + right) == normalize("NFC", left) + normalize("NFC", right):
            segments.append((start, cut))
            start = cut
    segments.append((start, len(chunk)))
    if "".join(normalize("NFC", chunk[a:b]) for a, b in segments) != normalize("NFC", chunk):
        return [(0, len(chunk))]
    return segments


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


class _FoldedChars(dict[int, str]):
    """A ``str.translate`` table, filled on first use, from a character to ``fold`` of it.
    Romanian unification, case folding and the removal of diacritics all work character by
    character, so one pass with this table folds a text as the three passes do, in a third of
    the time (``reference_fold`` in ``tests/test_suggest_fast_paths.py`` is the plain formulation)."""

    def __missing__(self, code: int) -> str:
        value = chr(code).translate(_ROMANIAN).casefold().translate(_STRIPPED)
        self[code] = value
        return value


_FOLDED = _FoldedChars()


def fold(text: str, *, diacritics: bool = True) -> str:
    """A matching key: case-folded, Romanian ş/ș ţ/ț unified, diacritics removed if asked.

    Removing diacritics keeps one character per input character where possible (combining
    marks are dropped after NFD), so folded strings are for comparison, not for offsets.
    """
    if not diacritics:
        return text.translate(_ROMANIAN).casefold()
    if text.isascii():
        return text.casefold()
    return text.translate(_FOLDED)
