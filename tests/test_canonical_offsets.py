"""Offsets through canonicalisation: a span given with a raw text covers, after import, the
canonical form of exactly the raw characters it covered, or is refused; never shifted."""

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.text.canonical import (
    OffsetError,
    _nfc_segments,
    canonical_text,
    canonicalize,
    split_date_header,
)

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")

# (raw piece, its canonical form): words, whitespace, every newline form, NFD sequences
# (precomposable letters, two marks, Hangul jamo), characters NFC replaces one for one.
PIECES = [
    ("Almaty", "Almaty"), ("TASS", "TASS"), ("20.000", "20.000"), (" ", " "), ("  ", "  "),
    ("\t", "\t"), ("\n", "\n"), ("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\u2029", "\n"),
    ("\x85", "\n"), ("e\u0301", "é"), ("Z\u030c", "Ž"), ("a\u0323\u0302", "ậ"), ("a\u0302\u0323", "ậ"),
    ("\u1100\u1161", "가"), ("\u1100\u1161\u11a8", "각"), ("\u212b", "Å"), ("ś", "ś"), ("Ω", "Ω"),
    ("o\u0308\u0301", "ö\u0301"), ("\u0928\u093c", "\u0929"), ("\U0001F1F0\U0001F1FF", "\U0001F1F0\U0001F1FF"),
]
HEADER = (" date 2022-01\r\n", "")
BOM = ("\ufeff", "")


@st.composite
def documents(draw):
    """A raw text as pieces, with the canonical form of each: optional BOM and date header."""
    body = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25))
    body.insert(0, ("Putin", "Putin"))  # the header's trailing whitespace must not eat the body
    cleaned = []
    for piece in body:  # a lone CR before a LF would make one CRLF out of two pieces
        if cleaned and cleaned[-1][0].endswith("\r") and piece[0].startswith("\n"):
            cleaned.append(("x", "x"))
        cleaned.append(piece)
    prefix = []
    if draw(st.booleans()):
        prefix.append(BOM)
    if draw(st.booleans()):
        prefix.append(HEADER)
    return prefix + cleaned


def boundaries(pieces):
    out, at = [0], 0
    for raw, _ in pieces:
        at += len(raw)
        out.append(at)
    return out


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_a_span_on_piece_boundaries_covers_the_canonical_form_of_what_it_covered(pieces, data):
    raw = "".join(p for p, _ in pieces)
    canon = canonical_text(raw)
    assert canon.text == "".join(c for _, c in pieces)
    assert canon.text == split_date_header(canonicalize(raw))[0]
    assert (canon.date is not None) == (HEADER in pieces)
    cuts = boundaries(pieces)
    removed = len([p for p in pieces if p in (BOM, HEADER)])  # the first pieces
    for _ in range(10):
        i = data.draw(st.integers(0, len(pieces) - 1))
        j = data.draw(st.integers(i + 1, len(pieces)))
        if i < removed:  # a span over the BOM or the header is refused, naming it
            with pytest.raises(OffsetError, match=r"byte-order mark|date header"):
                canon.offsets.span(cuts[i], cuts[j])
            continue
        start, end = canon.offsets.span(cuts[i], cuts[j])
        assert canon.text[start:end] == "".join(c for _, c in pieces[i:j])


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_an_offset_inside_a_changed_stretch_is_refused(pieces, data):
    raw = "".join(p for p, _ in pieces)
    canon = canonical_text(raw)
    cuts = boundaries(pieces)
    changed_inside = [
        offset for k, (piece, form) in enumerate(pieces)
        if len(piece) > 1 and (piece != form or (piece, form) == HEADER)
        for offset in range(cuts[k] + 1, cuts[k + 1])
    ]
    if not changed_inside:
        return
    offset = data.draw(st.sampled_from(changed_inside))
    with pytest.raises(OffsetError, match="inside"):
        canon.offsets.offset(offset)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40), st.data())
@example("e\u0301\u0323x", None)
@example("\u0f73\u0f72\u0f71a\u0f73", None)
@example("\u09c7\u09be\u09c7", None)
def test_any_mapped_span_covers_the_canonical_form_of_its_raw_characters(raw, data):
    raw = raw.lstrip("\ufeff")
    canon = canonical_text(raw, header=False)
    assert canon.text == canonicalize(raw)
    if data is None:
        offsets = [(a, b) for a in range(len(raw) + 1) for b in range(a, len(raw) + 1)]
    else:
        offsets = [tuple(sorted(data.draw(st.tuples(st.integers(0, len(raw)), st.integers(0, len(raw))))))
                   for _ in range(10)]
    for start, end in offsets:
        try:
            new_start, new_end = canon.offsets.span(start, end)
        except OffsetError:
            continue
        assert canon.text[new_start:new_end] == unicodedata.normalize("NFC", _NEWLINES.sub("\n", raw[start:end]))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_nfc_segments_normalise_alone_as_in_the_whole(chunk):
    segments = _nfc_segments(chunk)
    assert "".join(chunk[a:b] for a, b in segments) == chunk
    normal = unicodedata.normalize("NFC", chunk)
    assert "".join(unicodedata.normalize("NFC", chunk[a:b]) for a, b in segments) == normal


def test_a_canonical_text_maps_every_offset_to_itself():
    canon = canonical_text("Putin met Tokayev in Almaty.\n")
    assert canon.offsets.identity and canon.offsets.span(0, 5) == (0, 5)


@settings(max_examples=200, deadline=None)
@given(documents(), st.data())
def test_imported_spans_cover_the_canonical_form_of_exactly_what_they_covered(pieces, data):
    """The importer's view: a JSONL record with random spans on piece boundaries; each stored span
    covers the canonical form of its raw characters (whitespace around it trimmed and noted), or
    the record is refused naming the span (a span of whitespace only)."""
    from annotator.formats.reading import InputError, record_from_json

    raw = "".join(p for p, _ in pieces)
    cuts = boundaries(pieces)
    first = len([p for p in pieces if p in (BOM, HEADER)])
    chosen = sorted(set(data.draw(st.lists(st.integers(first, len(pieces)), max_size=8))))
    pairs = list(zip(chosen[::2], chosen[1::2], strict=False))
    labels = data.draw(st.lists(st.sampled_from(["ACTOR", "LOCATION"]), min_size=len(pairs), max_size=len(pairs)))
    with_text = data.draw(st.booleans())
    spans = [{"start": cuts[i], "end": cuts[j], "label": label, **({"text": raw[cuts[i]:cuts[j]]} if with_text else {})}
             for (i, j), label in zip(pairs, labels, strict=True)]
    expected = ["".join(c for _, c in pieces[i:j]) for i, j in pairs]
    record = {"id": "d", "text": raw, "layer": "alice", "spans": spans}
    if any(not e.strip() for e in expected):
        k = next(n for n, e in enumerate(expected) if not e.strip())
        with pytest.raises(InputError, match=rf"span {k} \[{spans[k]['start']}, {spans[k]['end']}\) .*: covers only whitespace"):
            record_from_json(record, "in.jsonl:1")
        return
    result = record_from_json(record, "in.jsonl:1")
    assert result.text == "".join(c for _, c in pieces)
    assert sorted(result.text[s.start:s.end] for s in result.spans) == sorted(e.strip() for e in expected)
    assert len(result.notes) == sum(e != e.strip() for e in expected)
