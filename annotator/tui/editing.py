"""The annotation screen's model: cursor and selection over tokens, and span arithmetic.

Pure: no Textual, no database. The screen turns keys into calls here and hands the resulting
``Edit`` to the store in one transaction.

- The cursor is always on a token (never in whitespace); the selection is the run of tokens
  between an anchor and the cursor.
- Labelling: without a selection the target is the annotator's span under the cursor (relabel
  it), else the suggestion under the cursor, else the token. A target that overlaps the
  annotator's spans replaces them. A pending suggestion with exactly the target's extent and
  label is recorded as accepted; other suggestions under it are superseded (hidden while a span
  of the annotator overlaps them, as ``Store.pending_suggestions`` defines).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.model import Span


# -- cursor and selection -----------------------------------------------------------------------
@dataclass
class Caret:
    """A cursor on one token, and an optional selection anchor (also a token index)."""

    starts: list[int]
    ends: list[int]
    index: int = 0
    anchor: int | None = None
    goal_column: int | None = field(default=None, compare=False)

    @classmethod
    def for_tokens(cls, tokens: Iterable[tuple[int, int]]) -> Caret:
        starts, ends = [], []
        for token in tokens:
            starts.append(token[0])
            ends.append(token[1])
        return cls(starts, ends)

    @property
    def empty(self) -> bool:
        return not self.starts

    @property
    def count(self) -> int:
        return len(self.starts)

    @property
    def offset(self) -> int:
        """Start of the cursor token (0 in a text without tokens)."""
        return self.starts[self.index] if self.starts else 0

    @property
    def token(self) -> tuple[int, int]:
        if not self.starts:
            return (0, 0)
        return self.starts[self.index], self.ends[self.index]

    @property
    def has_selection(self) -> bool:
        return self.anchor is not None

    def selection(self) -> tuple[int, int] | None:
        """[start, end) of the selected tokens, or None."""
        if self.anchor is None or not self.starts:
            return None
        lo, hi = sorted((self.anchor, self.index))
        return self.starts[lo], self.ends[hi]

    def target(self) -> tuple[int, int]:
        """What a key acts on: the selection, else the cursor token."""
        return self.selection() or self.token

    def token_index_at(self, offset: int) -> int:
        """The token containing ``offset``, else the next one, else the last one."""
        if not self.starts:
            return 0
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            return i
        return min(i + 1, len(self.starts) - 1)

    def tokens_covering(self, start: int, end: int) -> tuple[int, int]:
        """First and last token index overlapping [start, end) (nearest ones if none does)."""
        first = self.token_index_at(start)
        last = max(first, bisect.bisect_left(self.starts, end) - 1)
        return first, last

    # moves
    def move_to(self, index: int, *, extend: bool = False) -> None:
        if not self.starts:
            return
        index = max(0, min(index, len(self.starts) - 1))
        if extend:
            if self.anchor is None:
                self.anchor = self.index
        else:
            self.anchor = None
        self.index = index
        self.goal_column = None

    def move_to_offset(self, offset: int, *, extend: bool = False) -> None:
        self.move_to(self.token_index_at(offset), extend=extend)

    def move_by(self, delta: int, *, extend: bool = False) -> None:
        self.move_to(self.index + delta, extend=extend)

    def select(self, start: int, end: int) -> None:
        """Select the tokens covering [start, end), cursor on the last one."""
        if not self.starts:
            return
        first, last = self.tokens_covering(start, end)
        self.index = last
        self.anchor = first
        self.goal_column = None

    def clear_selection(self) -> None:
        self.anchor = None


# -- spans ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edit:
    """One user action on the annotator's layer (becomes one ``Change`` and one undo step)."""

    action: str
    removed: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()
    decisions: tuple[tuple[Span, str], ...] = ()
    message: str = ""

    def is_empty(self) -> bool:
        return not (self.removed or self.added or self.decisions)

    def decision_map(self) -> dict[Span, str | None]:
        return dict(self.decisions)


def span_at(spans: Sequence[Span], offset: int) -> Span | None:
    """The span containing ``offset`` (``spans`` sorted and not overlapping)."""
    i = bisect.bisect_right(spans, offset, key=lambda s: s.start) - 1
    if i >= 0 and spans[i].contains(offset):
        return spans[i]
    return None


def overlapping(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """Spans sharing at least one character with [start, end) (``spans`` sorted, disjoint)."""
    i = max(0, bisect.bisect_right(spans, start, key=lambda s: s.start) - 1)
    result = []
    while i < len(spans) and spans[i].start < end:
        if spans[i].end > start:
            result.append(spans[i])
        i += 1
    return result


def first_overlap(spans: Sequence[Span], start: int, end: int) -> Span | None:
    found = overlapping(spans, start, end)
    return found[0] if found else None


def label_target(caret: Caret, own: Sequence[Span], pending: Sequence[Span]) -> tuple[int, int]:
    """What a label key labels: the selection; else the span or suggestion under the cursor;
    else the cursor token."""
    selection = caret.selection()
    if selection is not None:
        return selection
    start, end = caret.token
    for spans in (own, pending):
        hit = first_overlap(spans, start, end)
        if hit is not None:
            return hit.start, hit.end
    return start, end


def plan_label(target: tuple[int, int], label: str, own: Sequence[Span], pending: Sequence[Span],
               text: str = "") -> Edit:
    """Label ``target`` with ``label``, replacing the annotator's spans that overlap it."""
    start, end = target
    if start >= end:
        return Edit("label", message="Nothing to label here")
    new = Span(start, end, label)
    removed = tuple(overlapping(own, start, end))
    quoted = _quote(text[start:end]) if text else ""
    if removed == (new,):
        return Edit("label", message=f"Already {label} {quoted}".rstrip())
    decisions = tuple((s, "accepted") for s in overlapping(pending, start, end) if s == new)
    if len(removed) == 1 and (removed[0].start, removed[0].end) == (start, end):
        action, verb = "relabel", f"Relabelled {removed[0].label} → {label}"
    elif removed:
        action, verb = "replace", f"Replaced {count(len(removed), 'span')} with {label}"
    elif decisions:
        action, verb = "accept", f"Accepted {label}"
    else:
        action, verb = "label", f"Labelled {label}"
    return Edit(action, removed, (new,), decisions, f"{verb} {quoted}".rstrip())


# The four boundary moves: which end of the span moves, and which way (in tokens).
ADJUSTMENTS = {
    "grow_start": ("start", -1),    # the start one token to the left
    "shrink_start": ("start", 1),   # the start one token to the right
    "grow_end": ("end", 1),         # the end one token to the right
    "shrink_end": ("end", -1),      # the end one token to the left
}


def plan_adjust(caret: Caret, how: str, own: Sequence[Span], pending: Sequence[Span], text: str = "") -> Edit:
    """Move one boundary of the span (or suggestion) under the cursor by one token (``how``: a
    key of ``ADJUSTMENTS``). A span keeps at least one token and never grows into another of the
    annotator's spans (that would overwrite it): those are refused with a message. Adjusting a
    suggestion makes it the annotator's span with the new extent (the suggestion is superseded)."""
    start, end = caret.token
    span = first_overlap(own, start, end)
    suggestion = False
    if span is None:
        span = first_overlap(pending, start, end)
        suggestion = span is not None
    if span is None:
        return Edit("adjust", message="No span or suggestion here to adjust")
    first, last = caret.tokens_covering(span.start, span.end)
    side, step = ADJUSTMENTS[how]
    if side == "start":
        first += step
    else:
        last += step
    if first < 0 or last >= caret.count:
        return Edit("adjust", message="The span is already at the edge of the text")
    if first > last:
        return Edit("adjust", message="A span keeps at least one token")
    new = Span(caret.starts[first], caret.ends[last], span.label)
    others = [s for s in overlapping(own, new.start, new.end) if s != span]
    if others:
        clash = others[0]
        return Edit("adjust", message=f"That would overwrite the {clash.label} span {_quote(text[clash.start:clash.end])}"
                    if text else f"That would overwrite the {clash.label} span")
    quoted = _quote(text[new.start:new.end]) if text else ""
    if suggestion:
        edit = plan_label((new.start, new.end), span.label, own, pending, text)
        return Edit("adjust", edit.removed, edit.added, edit.decisions, f"Adjusted and accepted {span.label} {quoted}".rstrip())
    return Edit("adjust", (span,), (new,), (), f"Adjusted {span.label} to {quoted}".rstrip())


def plan_accept(target: tuple[int, int], pending: Sequence[Span], text: str = "") -> Edit:
    """Accept the suggestions under ``target``."""
    chosen = tuple(overlapping(pending, *target))
    if not chosen:
        return Edit("accept", message="No suggestion here")
    what = _quote(text[chosen[0].start:chosen[0].end]) if len(chosen) == 1 and text else f"{len(chosen)} suggestions"
    labels = "/".join(sorted({s.label for s in chosen}))
    return Edit("accept", (), chosen, tuple((s, "accepted") for s in chosen), f"Accepted {labels} {what}")


def plan_delete(target: tuple[int, int], own: Sequence[Span], pending: Sequence[Span], text: str = "") -> Edit:
    """Remove the annotator's spans under ``target``; if there are none, reject suggestions."""
    spans = tuple(overlapping(own, *target))
    if spans:
        what = _quote(text[spans[0].start:spans[0].end]) if len(spans) == 1 and text else f"{len(spans)} spans"
        return Edit("remove", spans, (), (), f"Removed {spans[0].label if len(spans) == 1 else ''} {what}".replace("  ", " "))
    suggestions = tuple(overlapping(pending, *target))
    if suggestions:
        what = _quote(text[suggestions[0].start:suggestions[0].end]) if len(suggestions) == 1 and text else f"{len(suggestions)} suggestions"
        return Edit("reject", (), (), tuple((s, "rejected") for s in suggestions), f"Rejected {what}")
    return Edit("remove", message="No span or suggestion here")


def compute_pending(suggestions: Sequence[Span], decisions: Mapping[Span, str], own: Sequence[Span]) -> list[Span]:
    """Suggestions not decided and not overlapped by the annotator's spans.

    The same rule as ``Store.pending_suggestions``, as one sweep over the two sorted lists
    (``own`` does not overlap itself), so that long documents stay fast.
    """
    result = []
    j = 0
    n_own = len(own)
    for span in suggestions:
        while j < n_own and own[j].end <= span.start:
            j += 1
        if j < n_own and own[j].start < span.end:
            continue  # own[j] ends after span.start and starts before span.end: overlap
        if span in decisions:
            continue
        result.append(span)
    return result


def next_item(items: Sequence[Span], offset: int, *, forward: bool, current: Span | None = None) -> Span | None:
    """The span after (or before) the cursor at ``offset``, wrapping around; ``items`` sorted."""
    if not items:
        return None
    if forward:
        i = bisect.bisect_right(items, offset, key=lambda s: s.start)
        return items[i] if i < len(items) else items[0]
    anchor = current.start if current is not None else offset
    i = bisect.bisect_left(items, anchor, key=lambda s: s.start) - 1
    return items[i] if i >= 0 else items[-1]


def merge_items(own: Sequence[Span], pending: Sequence[Span]) -> list[tuple[Span, bool]]:
    """Spans and suggestions in reading order: (span, is_suggestion); both inputs sorted."""
    decorated = [(s.start, s.end, False, s) for s in own]
    decorated += [(s.start, s.end, True, s) for s in pending]
    decorated.sort()  # two sorted runs: Timsort merges them in one pass; no two keys tie
    return [(d[3], d[2]) for d in decorated]


def changed_spans(before: Iterable[Span], after: Iterable[Span]) -> list[Span]:
    """Spans present in one collection but not the other, in reading order."""
    return sorted(set(before) ^ set(after), key=lambda s: (s.start, s.end, s.label))


def count(n: int, noun: str) -> str:
    """``1 span``, ``2 spans`` (nouns with a plain -s plural)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"
