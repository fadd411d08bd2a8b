"""Wrapping a document into screen rows without losing code-point offsets.

Pure: no Textual. The article view asks this module which stretch of the text each screen row
shows and where an offset appears on screen; it never joins or re-wraps the whole text on a key
press.

- ``display_text`` gives the string that is drawn: the same length as the text, one code point
  for one code point, with control characters replaced by visible symbols (``\\x1b`` is drawn as
  ``␛``), so an offset into the text is an offset into the display string.
- ``Layout`` wraps paragraphs (separated by ``\\n``) at spaces; a word wider than the row is
  broken between grapheme clusters. Widths are terminal cells (``rich.cells.cell_len``: CJK and
  most emoji take two). Marks drawn around spans (``[A`` and ``]``) take cells but no offsets;
  when they change, only the paragraphs they touch are wrapped again.
- Rows are kept as parallel lists of start and end offsets; offset -> row is a ``bisect``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from rich.cells import cell_len, split_graphemes

from annotator.text.visible import visible_table

# paragraphs are split before drawing (a newline stays); a line separator is never a break
_TRANSLATION = visible_table(newline="\n", line_separator="\u21b5")

_CHUNKS = re.compile(r"[^ \n]+| +")


def display_text(text: str) -> str:
    """The text as drawn: same length, control characters made visible, nothing interpreted."""
    return text.translate(_TRANSLATION)


class Layout:
    """The rows of a wrapped document.

    ``starts[i]``/``ends[i]`` are the offsets of row ``i``: the row shows ``text[start:end]``
    (trailing spaces included, the paragraph's ``\\n`` excluded). Every offset of the text lies in
    exactly one row (a ``\\n`` in the row it ends). ``before[o]`` is the width of marks drawn just
    before character ``o``, ``after[o]`` the width of marks drawn just after character ``o - 1``.
    """

    def __init__(self, text: str, width: int, *, before: Mapping[int, int] | None = None,
                 after: Mapping[int, int] | None = None, display: str | None = None):
        self.text = text
        self.display = display if display is not None else display_text(text)
        self.width = max(1, int(width))
        self._before: dict[int, int] = dict(before or {})
        self._after: dict[int, int] = dict(after or {})
        self._before_keys = sorted(self._before)
        self._after_keys = sorted(self._after)
        self.paragraphs: list[tuple[int, int]] = _paragraphs(text)
        self._paragraph_starts = [p[0] for p in self.paragraphs]
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._wrap_all()

    # -- queries ------------------------------------------------------------------------------
    @property
    def height(self) -> int:
        return len(self.starts)

    def row_of(self, offset: int) -> int:
        """The row showing ``offset`` (clamped to the text)."""
        if offset <= 0:
            return 0
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def column_of(self, offset: int, row: int | None = None) -> int:
        """The cell column where the character at ``offset`` is drawn (marks included)."""
        if row is None:
            row = self.row_of(offset)
        start = self.starts[row]
        offset = max(start, min(offset, self.ends[row]))
        return (cell_len(self.display[start:offset])
                + self._marks(self._before, self._before_keys, start, offset + 1)
                + self._marks(self._after, self._after_keys, start + 1, offset + 1))

    def position(self, offset: int) -> tuple[int, int]:
        """(row, column) of ``offset``."""
        row = self.row_of(offset)
        return row, self.column_of(offset, row)

    def offset_at(self, row: int, column: int) -> int:
        """The offset of the character drawn at (row, column); past the end, the row's end."""
        row = max(0, min(row, self.height - 1))
        start, end = self.starts[row], self.ends[row]
        if column < 0:
            return start
        x = self._before.get(start, 0)
        if column < x:
            return start
        spans, _ = split_graphemes(self.display[start:end])
        for g_start, g_end, g_width in spans:
            first, last = start + g_start, start + g_end
            x_end = x + g_width
            if column < x_end:
                return first
            x = x_end + self._marks(self._after, self._after_keys, first + 1, last + 1)
            if column < x:
                return last - 1
            x += self._before.get(last, 0) if last < end else 0
            if column < x:
                return last
        return end

    def rows_between(self, start: int, end: int) -> range:
        """Rows that show any of ``[start, end)``."""
        return range(self.row_of(start), self.row_of(max(start, end - 1)) + 1)

    # -- changes ------------------------------------------------------------------------------
    def update_marks(self, before: Mapping[int, int], after: Mapping[int, int]) -> bool:
        """Change the marks at the given offsets (width 0 removes them); re-wrap only the
        paragraphs they are in. Returns True if any row boundary moved."""
        paragraphs: set[int] = set()
        for marks, keys, changes, shift in ((self._before, self._before_keys, before, 0),
                                            (self._after, self._after_keys, after, -1)):
            for offset, width in changes.items():
                if marks.get(offset, 0) == width:
                    continue
                if width:
                    if offset not in marks:
                        bisect.insort(keys, offset)
                    marks[offset] = width
                else:
                    del marks[offset]
                    del keys[bisect.bisect_left(keys, offset)]
                paragraphs.add(self._paragraph_of(max(0, offset + shift)))
        changed = False
        for index in sorted(paragraphs, reverse=True):
            changed |= self._rewrap_paragraph(index)
        return changed

    def set_width(self, width: int) -> bool:
        """Wrap again for a new width; returns True if it changed anything."""
        width = max(1, int(width))
        if width == self.width:
            return False
        self.width = width
        self._wrap_all()
        return True

    # -- wrapping -----------------------------------------------------------------------------
    def paragraph_of(self, offset: int) -> int:
        """Index into ``paragraphs`` of the paragraph containing ``offset``."""
        return self._paragraph_of(offset)

    def _paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)

    def _wrap_all(self) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for p_start, p_end in self.paragraphs:
            rows = self._wrap(p_start, p_end)
            starts.extend(rows)
            ends.extend(rows[1:])
            ends.append(p_end)
        self.starts = starts
        self.ends = ends

    def _rewrap_paragraph(self, index: int) -> bool:
        p_start, p_end = self.paragraphs[index]
        first = bisect.bisect_left(self.starts, p_start)
        last = bisect.bisect_right(self.starts, p_end)
        rows = self._wrap(p_start, p_end)
        if rows == self.starts[first:last]:
            return False
        self.starts[first:last] = rows
        self.ends[first:last] = [*rows[1:], p_end]
        return True

    def _marks(self, marks: dict[int, int], keys: list[int], lo: int, hi: int) -> int:
        """Total width of marks at offsets in [lo, hi)."""
        if not keys or lo >= hi:
            return 0
        i = bisect.bisect_left(keys, lo)
        j = bisect.bisect_left(keys, hi, i)
        return sum(marks[keys[k]] for k in range(i, j))

    def _wrap(self, p_start: int, p_end: int) -> list[int]:
        """Row starts of the paragraph [p_start, p_end)."""
        if p_start >= p_end:
            return [p_start]
        width = self.width
        display = self.display
        before, before_keys, after, after_keys = self._before, self._before_keys, self._after, self._after_keys
        marked = bool(
            (before_keys and self._marks(before, before_keys, p_start, p_end))
            or (after_keys and self._marks(after, after_keys, p_start + 1, p_end + 1))
        )
        starts = [p_start]
        column = 0
        for match in _CHUNKS.finditer(display, p_start, p_end):
            a, b = match.span()
            w = cell_len(match.group())
            if marked:
                w += self._marks(before, before_keys, a, b) + self._marks(after, after_keys, a + 1, b + 1)
            if display[a] == " " or column + w <= width:
                column += w  # spaces never start a row; they may hang past the edge
                continue
            if w <= width:
                starts.append(a)
                column = w
                continue
            # A word wider than a row: break it between grapheme clusters.
            if column:
                starts.append(a)
                column = 0
            graphemes, _ = split_graphemes(match.group())
            for g_start, g_end, g_width in graphemes:
                first, last = a + g_start, a + g_end
                if marked:
                    g_width += (self._marks(before, before_keys, first, last)
                                + self._marks(after, after_keys, first + 1, last + 1))
                if column and column + g_width > width:
                    starts.append(first)
                    column = 0
                column += g_width
        return starts


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """[start, end) of every paragraph: the stretches between ``\\n`` characters."""
    result = []
    start = 0
    while True:
        nl = text.find("\n", start)
        if nl < 0:
            result.append((start, len(text)))
            return result
        result.append((start, nl))
        start = nl + 1
