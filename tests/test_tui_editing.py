"""Cursor, selection and span arithmetic of the annotation screen (no Textual involved)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import Span
from annotator.text.tokenize import token_spans
from annotator.tui import editing
from annotator.tui.editing import Caret

TEXT = "Tokajev said that 20.000 people gathered in Almaty, TASS reported."


def caret() -> Caret:
    return Caret.for_tokens(token_spans(TEXT))


def word(w: str, label: str = "ACTOR") -> Span:
    start = TEXT.index(w)
    return Span(start, start + len(w), label)


def test_cursor_moves_by_token_and_stays_in_range():
    c = caret()
    assert TEXT[slice(*c.token)] == "Tokajev"
    c.move_by(1)
    assert TEXT[slice(*c.token)] == "said"
    c.move_by(-5)
    assert c.index == 0
    c.move_by(1000)
    assert TEXT[slice(*c.token)] == "."


def test_selection_extends_by_token_and_clears():
    c = caret()
    c.move_to_offset(TEXT.index("20.000"))
    c.move_by(1, extend=True)
    assert TEXT[slice(*c.selection())] == "20.000 people"
    c.move_by(-2, extend=True)  # back past the anchor
    assert TEXT[slice(*c.selection())] == "that 20.000"
    c.move_by(1)  # a plain move drops the selection
    assert c.selection() is None
    assert c.target() == c.token


def test_offset_in_whitespace_goes_to_next_token():
    c = caret()
    assert c.token_index_at(TEXT.index(" said")) == 1


def test_label_target_prefers_selection_then_span_then_suggestion():
    c = caret()
    own = [word("Tokajev")]
    pending = [word("TASS", "SOURCE")]
    assert editing.label_target(c, own, pending) == (own[0].start, own[0].end)
    c.move_to_offset(TEXT.index("TASS"))
    assert editing.label_target(c, own, pending) == (pending[0].start, pending[0].end)
    c.move_to_offset(TEXT.index("Almaty"))
    c.move_by(1, extend=True)
    assert TEXT[slice(*editing.label_target(c, own, pending))] == "Almaty,"


def test_plan_label_new_relabel_and_noop():
    target = (word("Almaty").start, word("Almaty").end)
    edit = editing.plan_label(target, "LOCATION", [], [], TEXT)
    assert edit.action == "label" and edit.added == (word("Almaty", "LOCATION"),) and not edit.removed
    relabel = editing.plan_label(target, "ACTOR", [word("Almaty", "LOCATION")], [], TEXT)
    assert relabel.action == "relabel"
    assert relabel.removed == (word("Almaty", "LOCATION"),) and relabel.added == (word("Almaty", "ACTOR"),)
    same = editing.plan_label(target, "LOCATION", [word("Almaty", "LOCATION")], [], TEXT)
    assert same.is_empty() and "Already" in same.message


def test_plan_label_replaces_every_overlapping_span():
    own = [word("20.000", "FIGURE"), word("people", "ACTOR"), word("Almaty", "LOCATION")]
    target = (word("20.000").start, word("people").end)
    edit = editing.plan_label(target, "FIGURE", own, [], TEXT)
    assert edit.action == "replace"
    assert set(edit.removed) == {own[0], own[1]}
    assert edit.added == (Span(target[0], target[1], "FIGURE"),)


def test_plan_label_accepts_an_identical_suggestion_and_supersedes_others():
    suggestion = word("TASS", "SOURCE")
    same = editing.plan_label((suggestion.start, suggestion.end), "SOURCE", [], [suggestion], TEXT)
    assert same.action == "accept" and same.decisions == ((suggestion, "accepted"),)
    other = editing.plan_label((suggestion.start, suggestion.end), "ACTOR", [], [suggestion], TEXT)
    assert other.decisions == () and other.added == (word("TASS", "ACTOR"),)
    # superseded: the new span overlaps it, so it is no longer pending
    assert editing.compute_pending([suggestion], {}, list(other.added)) == []


def test_plan_accept_and_delete():
    pending = [word("TASS", "SOURCE")]
    target = (pending[0].start, pending[0].end)
    accept = editing.plan_accept(target, pending, TEXT)
    assert accept.added == tuple(pending) and accept.decisions == ((pending[0], "accepted"),)
    reject = editing.plan_delete(target, [], pending, TEXT)
    assert reject.action == "reject" and reject.decisions == ((pending[0], "rejected"),)
    own = [word("Tokajev")]
    remove = editing.plan_delete((own[0].start, own[0].end), own, pending, TEXT)
    assert remove.action == "remove" and remove.removed == tuple(own)
    nothing = editing.plan_delete((0, 0), [], [], TEXT)
    assert nothing.is_empty()


def test_next_item_wraps_around():
    items = [word("Tokajev"), word("20.000", "FIGURE"), word("TASS", "SOURCE")]
    assert editing.next_item(items, 0, forward=True) == items[1]
    assert editing.next_item(items, items[2].start, forward=True) == items[0]
    assert editing.next_item(items, items[1].start, forward=False, current=items[1]) == items[0]
    assert editing.next_item(items, 0, forward=False, current=items[0]) == items[2]
    assert editing.next_item([], 0, forward=True) is None


def _disjoint(spans: list[tuple[int, int]]) -> list[Span]:
    result: list[Span] = []
    for start, length in sorted(spans):
        s = Span(start, start + length, "ACTOR")
        if not result or result[-1].end <= s.start:
            result.append(s)
    return result


span_lists = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 6)), max_size=12).map(_disjoint)


@settings(max_examples=150, deadline=None)
@given(span_lists, span_lists, st.data())
def test_compute_pending_matches_the_store_rule(suggestions, own, data):
    decided = {s: "rejected" for s in suggestions if data.draw(st.booleans())}
    expected = [s for s in suggestions if s not in decided and not any(s.overlaps(o) for o in own)]
    assert editing.compute_pending(suggestions, decided, own) == expected


@settings(max_examples=150, deadline=None)
@given(span_lists, st.integers(0, 70), st.integers(0, 70))
def test_overlapping_matches_brute_force(spans, a, b):
    start, end = min(a, b), max(a, b)
    assert editing.overlapping(spans, start, end) == [s for s in spans if s.start < end and start < s.end]
    for offset in range(0, 70):
        expected = next((s for s in spans if s.contains(offset)), None)
        assert editing.span_at(spans, offset) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab é.,-#1 \n\t\u00a0\u2003", min_size=1, max_size=60), st.data())
def test_labelling_never_creates_a_span_of_or_around_whitespace(text, data):
    """Issue 12 item 4: the annotation screen can label a token, a selection of tokens, or the
    extent of a span or suggestion; none of these is, or begins or ends with, whitespace."""
    c = Caret.for_tokens(token_spans(text))
    if c.empty:
        assert editing.plan_label(c.target(), "ACTOR", [], [], text).is_empty()
        return
    c.move_to(data.draw(st.integers(0, c.count - 1)))
    if data.draw(st.booleans()):
        c.move_to(data.draw(st.integers(0, c.count - 1)), extend=True)
    edit = editing.plan_label(editing.label_target(c, [], []), "LOCATION", [], [], text)
    for span in edit.added:
        covered = text[span.start:span.end]
        assert covered.strip() == covered != ""


def test_machine_suggestions_never_begin_or_end_with_whitespace():
    """Suggestions become spans when accepted; on the seeds and the held-out set none is, or
    begins or ends with, whitespace."""
    import json
    from pathlib import Path

    from annotator.suggest.suggester import DefaultSuggester
    from annotator.text import canonical_text

    root = Path(__file__).resolve().parent
    texts = [canonical_text(p.read_text(encoding="utf-8")).text for p in sorted((root.parent / "seeds").glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in (root / "data" / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    suggester = DefaultSuggester()
    for text in texts:
        for candidate in suggester.suggest(text):
            covered = text[candidate.span.start:candidate.span.end]
            assert covered.strip() == covered != "", covered
