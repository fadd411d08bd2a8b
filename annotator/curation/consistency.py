"""Consistency of one layer across the corpus: the same name labelled the same way everywhere.

Pure but for ``layer_consistency``, which reads through ``Store`` methods. Every surface form the layer labels somewhere becomes an
entry of the suggester's ``Gazetteer``, so occurrences are found with the suggester's own
normalisation: case (a capitalised name matches capitalised and upper-case words, a form
labelled in lower case matches lower-case words), diacritics, transliteration and the case
endings of the paragraph's languages ("Interfax", "Interfaxu", "INTERFAX" are one form). Labelled spellings that match each
other's spans are one *surface group*.

Each occurrence of a group in the documents checked is

- labelled: a span of the layer equals it, lies inside it ("Almaty" in "Almaty's") or overlaps
  it partly; the occurrence carries that span's label;
- inside a longer span ("Interfax" in "Interfax-Kazakhstan"): not counted;
- unlabelled: no span of the layer touches it.

An occurrence inside a longer occurrence of another group is not counted either (the longest
match wins, as in the suggester). A group's *majority label* is the label most of its labelled
occurrences carry (a tie goes to the label first in the scheme, and the group is marked tied).
Findings are the occurrences that carry another label and those left unlabelled. Per label, the
*consistency* is the share of the occurrences of the groups whose majority is that label that
carry it (unlabelled occurrences count against it).

Surfaces of one letter, without any letter (numbers: a figure's label depends on what it
counts), or made only of function words ("the", "und", "și") are ignored.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.curation.report import context_window, printable
from annotator.model import LABELS, Span
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import GazetteerBuilder
from annotator.suggest.languages import is_function_word
from annotator.suggest.memo import WordMemos
from annotator.suggest.runner import document_languages
from annotator.text.canonical import fold
from annotator.text.tokenize import tokenize

MAX_SURFACE = 80


@dataclass(frozen=True, slots=True)
class ConsistencyDocument:
    """One document to check: its text, languages (as stored at import) and the layer's spans."""

    doc_id: str
    text: str
    languages: tuple[str, ...]
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a surface group occurs, with the label the layer gives it there (None: none)."""

    doc_id: str
    start: int
    end: int
    text: str
    label: str | None
    left: str  # context before, on one printable line
    right: str  # context after

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "text": self.text,
                "label": self.label, "left": self.left, "right": self.right}


@dataclass(slots=True)
class SurfaceGroup:
    """Spellings of one name the layer labels, with every occurrence in the documents checked."""

    surface: str  # the spelling labelled most often
    forms: tuple[str, ...]  # every labelled spelling, most frequent first
    majority: str
    tied: bool
    counts: dict[str, int]  # label -> labelled occurrences
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def unlabelled(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.label is None]

    @property
    def other_label(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.label is not None and o.label != self.majority]

    @property
    def findings(self) -> list[Occurrence]:
        """Occurrences that do not carry the majority label, in document order (only these carry
        their context)."""
        return [o for o in self.occurrences if o.label != self.majority]

    def to_json(self) -> dict:
        return {
            "surface": self.surface, "forms": list(self.forms), "majority": self.majority, "tied": self.tied,
            "counts": dict(self.counts), "occurrences": len(self.occurrences),
            "other_label": [o.to_json() for o in self.other_label],
            "unlabelled": [o.to_json() for o in self.unlabelled],
        }


@dataclass(frozen=True, slots=True)
class LabelConsistency:
    """The consistency figure of one label."""

    label: str
    surfaces: int  # groups whose majority is this label
    occurrences: int  # their counted occurrences
    consistent: int  # of which carry the label
    other_label: int
    unlabelled: int

    @property
    def consistency(self) -> float | None:
        return self.consistent / self.occurrences if self.occurrences else None

    def to_json(self) -> dict:
        return {"label": self.label, "surfaces": self.surfaces, "occurrences": self.occurrences,
                "consistent": self.consistent, "other_label": self.other_label, "unlabelled": self.unlabelled,
                "consistency": self.consistency}


@dataclass(slots=True)
class ConsistencyReport:
    """Every surface group of a layer and the per-label figures."""

    layer: str
    documents: int
    groups: list[SurfaceGroup]
    ignored_surfaces: int = 0

    def per_label(self) -> list[LabelConsistency]:
        result = []
        for label in LABELS:
            groups = [g for g in self.groups if g.majority == label]
            occurrences = sum(len(g.occurrences) for g in groups)
            consistent = sum(len(g.occurrences) - len(g.findings) for g in groups)
            result.append(LabelConsistency(
                label, len(groups), occurrences, consistent,
                sum(len(g.other_label) for g in groups), sum(len(g.unlabelled) for g in groups),
            ))
        return result

    def total(self) -> LabelConsistency:
        rows = self.per_label()
        return LabelConsistency("all", *(sum(getattr(r, f) for r in rows) for f in
                                         ("surfaces", "occurrences", "consistent", "other_label", "unlabelled")))

    def with_findings(self) -> list[SurfaceGroup]:
        """Groups with at least one finding, most findings first."""
        return sorted((g for g in self.groups if g.findings),
                      key=lambda g: (-len(g.findings), fold(g.surface), g.surface))

    def findings(self) -> list[tuple[SurfaceGroup, Occurrence]]:
        """Every finding with its group, in the order of ``with_findings``."""
        return [(g, o) for g in self.with_findings() for o in g.findings]

    def to_json(self) -> dict:
        total = self.total()
        return {
            "layer": self.layer, "documents": self.documents, "surfaces": len(self.groups),
            "ignored_surfaces": self.ignored_surfaces,
            "consistency": total.consistency,
            "per_label": [r.to_json() for r in (*self.per_label(), total)],
            "findings": [g.to_json() for g in self.with_findings()],
        }


def checkable(surface: str) -> bool:
    """Whether a labelled surface takes part: two letters or more, at least one letter, not only
    function words, on one line, not too long."""
    plain = surface.strip()
    if len(plain) < 2 or len(plain) > MAX_SURFACE or "\n" in plain or not any(c.isalpha() for c in plain):
        return False
    words = [t.text for t in tokenize(plain) if t.text[0].isalpha()]
    if sum(len(w) for w in words) < 2:
        return False
    return not all(is_function_word(w) for w in words)


class _Groups:
    """Union-find over surface indices."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def check_consistency(documents: Iterable[ConsistencyDocument], layer: str, *, context: int = 30
                      ) -> ConsistencyReport:
    """The consistency report of ``layer`` over ``documents`` (see the module's docstring)."""
    docs = list(documents)
    # 1. the labelled surfaces, each an entry of a gazetteer whose "label" is the surface's index
    index: dict[str, int] = {}
    surfaces: list[str] = []
    spelled: Counter[str] = Counter()
    ignored: set[str] = set()
    verdicts: dict[str, bool] = {}
    for doc in docs:
        for span in doc.spans:
            surface = doc.text[span.start : span.end]
            ok = verdicts.get(surface)
            if ok is None:
                ok = verdicts[surface] = checkable(surface)
            if not ok:
                ignored.add(surface)
                continue
            spelled[surface] += 1
            if surface not in index:
                index[surface] = len(surfaces)
                surfaces.append(surface)
    builder = GazetteerBuilder()
    for i, surface in enumerate(surfaces):
        # the suggester's case rule (as for forms learnt from gold): a capitalised name matches
        # capitalised and upper-case words only ("ruskému" is not "Ruska", "činných" not "Číny"),
        # a form labelled in lower case matches lower-case words, without endings
        flags = {"lower", "exact"} if not surface[:1].isupper() else set()
        builder.add(surface, str(i), surface, confidence=1.0, priority=0, flags=flags)
    gazetteer = builder.build()
    memos = WordMemos()  # what the gazetteer finds per word, over every document
    # 2. every match in every document; spellings matching each other's spans are one group
    groups = _Groups(len(surfaces))
    matches: list[tuple[ConsistencyDocument, list[tuple[int, int, int]]]] = []
    for doc in docs:
        found = sorted({(c.start, c.end, int(c.label)) for c in gazetteer.matches(DocView(doc.text, doc.languages, memos))})
        by_start: dict[int, list[tuple[int, int]]] = {}
        for start, end, i in found:
            by_start.setdefault(start, []).append((end, i))
        for span in doc.spans:
            own = index.get(doc.text[span.start : span.end])
            if own is None:
                continue
            for end, i in by_start.get(span.start, ()):
                if span.end <= end:
                    groups.union(own, i)
        matches.append((doc, found))
    # 3. occurrences per group: one per range, the longest match winning over what it contains
    occurrences: dict[int, list[tuple[ConsistencyDocument, int, int, str | None]]] = {}
    for doc, found in matches:
        ranges: dict[tuple[int, int], int] = {}
        for start, end, i in found:
            ranges.setdefault((start, end), groups.find(i))
        kept = _longest(ranges)
        spans = sorted(doc.spans)
        starts = [s.start for s in spans]
        for (start, end), group in kept:
            label = _label_at(spans, starts, start, end)
            if label is not _INSIDE:
                occurrences.setdefault(group, []).append((doc, start, end, label))
    # 4. majority labels
    members: dict[int, list[str]] = {}
    for i, surface in enumerate(surfaces):
        members.setdefault(groups.find(i), []).append(surface)
    result = []
    order = {label: n for n, label in enumerate(LABELS)}
    for root, forms in members.items():
        found_here = occurrences.get(root, [])
        counts = Counter(label for *_, label in found_here if label is not None)
        if not counts:
            continue  # every labelled occurrence sits inside a longer span or match
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))
        tied = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
        forms.sort(key=lambda s: (-spelled[s], s))
        majority = ranked[0][0]
        listed = [_occurrence(doc, start, end, label, context if label != majority else None)
                  for doc, start, end, label in found_here]
        result.append(SurfaceGroup(forms[0], tuple(forms), majority, tied, dict(ranked), listed))
    result.sort(key=lambda g: (fold(g.surface), g.surface))
    return ConsistencyReport(layer, len(docs), result, len(ignored))


def layer_consistency(store, layer: str, doc_ids: Sequence[str] | None = None, *, context: int = 30
                      ) -> ConsistencyReport:
    """The consistency report of ``layer`` on the documents it has touched (a span, or a status
    other than todo), or on ``doc_ids``: occurrences in documents nobody has looked at yet are
    not findings."""
    ids = list(doc_ids) if doc_ids is not None else store.touched_documents(layer)
    docs = (ConsistencyDocument(doc.id, doc.text, tuple(document_languages(doc)), tuple(spans))
            for doc, _status, spans, _offsets in store.layer_documents(layer, ids))
    return check_consistency(docs, layer, context=context)


_INSIDE = object()


def _occurrence(doc: ConsistencyDocument, start: int, end: int, label: str | None, context: int | None
                ) -> Occurrence:
    """An occurrence, with its context when ``context`` is given (findings only: the context of
    the many consistent occurrences is never shown)."""
    if context is None:
        return Occurrence(doc.doc_id, start, end, doc.text[start:end], label, "", "")
    lo, hi = context_window(doc.text, start, end, context)
    return Occurrence(doc.doc_id, start, end, doc.text[start:end], label,
                      ("…" if lo > 0 else "") + printable(doc.text[lo:start]),
                      printable(doc.text[end:hi]) + ("…" if hi < len(doc.text) else ""))


def _longest(ranges: dict[tuple[int, int], int]) -> list[tuple[tuple[int, int], int]]:
    """Ranges not strictly inside another range, in order."""
    ordered = sorted(ranges.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
    kept: list[tuple[tuple[int, int], int]] = []
    reach = -1
    for (start, end), group in ordered:
        if end <= reach:
            continue
        kept.append(((start, end), group))
        reach = max(reach, end)
    return kept


def _label_at(spans: Sequence[Span], starts: Sequence[int], start: int, end: int):
    """The label the layer gives [start, end): a span's label, None, or ``_INSIDE`` when a
    longer span covers it. ``spans`` are sorted and do not overlap (their ends increase too);
    ``starts`` are their starts."""
    first = bisect.bisect_right(starts, start) - 1  # the last span starting at or before start
    first = max(first, 0)
    over = []
    for s in spans[first:]:
        if s.start >= end:
            break
        if start < s.end:
            over.append(s)
    if not over:
        return None
    if any(s.start <= start and end <= s.end and (s.end - s.start) > (end - start) for s in over):
        return _INSIDE
    return over[0].label


# -- rendering (plain text and Markdown; no Rich) ---------------------------------------------------
def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _where(o: Occurrence) -> str:
    return f"{printable(o.doc_id)} @{o.start}-{o.end}"


def render_text(report: ConsistencyReport, *, limit: int | None = None) -> list[str]:
    """The report as plain lines (document text made printable)."""
    total = report.total()
    lines = [
        f"Consistency of layer {report.layer} on {report.documents} document(s): {len(report.groups)} labelled "
        f"surface(s), overall {_figure(total.consistency)}",
        "",
        f"{'label':<10}{'surfaces':>9}{'occurrences':>13}{'consistent':>12}{'other label':>13}"
        f"{'unlabelled':>12}{'consistency':>13}",
    ]
    for row in (*report.per_label(), total):
        lines.append(f"{row.label:<10}{row.surfaces:>9}{row.occurrences:>13}{row.consistent:>12}"
                     f"{row.other_label:>13}{row.unlabelled:>12}{_figure(row.consistency):>13}")
    groups = report.with_findings()
    if not groups:
        lines += ["", "No inconsistency: every occurrence of a labelled surface carries its majority label."]
        return lines
    for group in groups:
        counts = ", ".join(f"{label} {n}" for label, n in group.counts.items())
        forms = f" (also {', '.join(printable(f) for f in group.forms[1:])})" if len(group.forms) > 1 else ""
        lines += ["", f"{printable(group.surface)}{forms}: mostly {group.majority}{' (tied)' if group.tied else ''}"
                      f" · {counts} · unlabelled {len(group.unlabelled)}"]
        shown = group.findings if limit is None else group.findings[:limit]
        for o in shown:
            what = o.label if o.label is not None else "unlabelled"
            lines.append(f"  {what:<10} {_where(o)}  {o.left}[{printable(o.text)}]{o.right}")
        if len(shown) < len(group.findings):
            lines.append(f"  … and {len(group.findings) - len(shown)} more")
    return lines


def _md(text: str) -> str:
    """Text safe in a Markdown table cell."""
    out = printable(text).replace("\\", "\\\\").replace("|", "\\|")
    for ch in "`*_[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def render_markdown(report: ConsistencyReport, *, limit: int | None = None, heading: str = "#") -> str:
    """The report as Markdown (for a CI job summary)."""
    total = report.total()
    out = [
        f"{heading} Consistency of layer {_md(report.layer)}", "",
        f"{report.documents} document(s), {len(report.groups)} labelled surface(s); "
        f"overall consistency **{_figure(total.consistency)}**.", "",
        "| label | surfaces | occurrences | consistent | other label | unlabelled | consistency |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in (*report.per_label(), total):
        out.append(f"| {row.label} | {row.surfaces} | {row.occurrences} | {row.consistent} | {row.other_label} "
                   f"| {row.unlabelled} | {_figure(row.consistency)} |")
    groups = report.with_findings()
    out.append("")
    if not groups:
        out.append("No inconsistency found.")
        return "\n".join(out) + "\n"
    out += [f"{heading}# Findings", "", "| surface | majority | found | where | context |", "|---|---|---|---|---|"]
    for group in groups:
        shown = group.findings if limit is None else group.findings[:limit]
        for o in shown:
            what = o.label if o.label is not None else "unlabelled"
            out.append(f"| {_md(group.surface)} | {group.majority} | {what} | {_md(_where(o))} "
                       f"| {_md(o.left)}**{_md(o.text)}**{_md(o.right)} |")
        if len(shown) < len(group.findings):
            out.append(f"| {_md(group.surface)} | | … {len(group.findings) - len(shown)} more | | |")
    return "\n".join(out) + "\n"
