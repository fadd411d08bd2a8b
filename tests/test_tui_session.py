"""The annotation session: what the screen's keys do to the store (no Textual involved)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.model import Span
from annotator.store import Store
from annotator.tui.session import Session
from tests.test_tui_support import ANNOTATOR, DOC_A, make_db, span


@pytest.fixture
def session(tmp_path: Path):
    with Store.open(make_db(tmp_path / "tui.sqlite")) as store:
        s = Session(store, ANNOTATOR)
        s.open("doc-a")
        yield s


def fresh_state(session: Session) -> tuple[list[Span], list[Span], str]:
    """The layer as a new session would read it from the database."""
    other = Session(session.store, session.annotator)
    other.open(session.doc_id)
    return other.own, other.pending, other.status


def target(word: str, nth: int = 0) -> tuple[int, int]:
    s = span(DOC_A, word, "", nth)
    return s.start, s.end


def test_label_is_committed_and_starts_the_document(session):
    assert session.status == "todo"
    outcome = session.label(target("Tokajev"), "ACTOR", position=3)
    assert outcome.changed and "Accepted ACTOR" in outcome.message  # it matched the suggestion
    assert session.store.spans("doc-a", ANNOTATOR) == [span(DOC_A, "Tokajev", "ACTOR")]
    assert session.store.decisions("doc-a", ANNOTATOR) == {span(DOC_A, "Tokajev", "ACTOR"): "accepted"}
    assert session.store.status("doc-a", ANNOTATOR) == "in_progress"
    assert session.store.position(ANNOTATOR) == ("doc-a", 3)  # saved in the same transaction
    assert (session.own, session.pending, session.status) == fresh_state(session)


def test_relabel_reject_remove_accept(session):
    session.label(target("Almaty"), "ACTOR")
    session.label(target("Almaty"), "LOCATION")
    assert session.own == [span(DOC_A, "Almaty", "LOCATION")]
    session.delete(target("TASS"))
    assert session.store.decisions("doc-a", ANNOTATOR)[span(DOC_A, "TASS", "SOURCE")] == "rejected"
    assert span(DOC_A, "TASS", "SOURCE") not in session.pending
    session.delete(target("Almaty"))
    assert session.own == []
    assert span(DOC_A, "Almaty", "LOCATION") in session.pending  # the suggestion is back
    session.accept(target("Reuters"))
    assert session.own == [span(DOC_A, "Reuters", "SOURCE")]
    assert (session.own, session.pending, session.status) == fresh_state(session)


def test_blind_another_annotators_spans_are_never_read(session):
    session.store.add_span("doc-a", "someone-else", span(DOC_A, "police", "ACTOR"), actor="someone-else")
    session.store.add_span("doc-a", "gold", span(DOC_A, "people", "ACTOR"), actor="curator")
    session.open("doc-a")
    assert session.own == []
    assert all(s.label and s in session.suggestions for s in session.pending)


def test_undo_redo_every_kind_of_change_across_documents(session):
    session.label(target("Almaty"), "LOCATION")
    session.accept_all()
    assert len(session.own) == 6
    session.open("doc-b")
    session.label((0, 5), "ACTOR")
    session.open("doc-a")  # history survives switching documents
    assert "accept all" in session.undo().message
    assert session.own == [span(DOC_A, "Almaty", "LOCATION")]
    assert session.undo().message == "Undid accept"  # it matched the suggestion
    assert session.own == []
    session.redo()
    assert session.own == [span(DOC_A, "Almaty", "LOCATION")]
    assert (session.own, session.pending, session.status) == fresh_state(session)
    session.set_status("done")
    assert session.undo().changed
    assert session.status != "done"


def test_statuses_and_next_unfinished(session):
    assert session.progress() == (0, 3)
    session.set_status("done")
    assert session.progress() == (1, 3)
    assert session.next_unfinished() == "doc-b"
    session.open("doc-b")
    session.set_status("skipped")
    assert session.next_unfinished() == "doc-c"
    session.open("doc-c")
    session.set_status("done")
    assert session.next_unfinished() == "doc-b"  # only skipped ones left
    session.open("doc-b")
    session.set_status("done")
    assert session.next_unfinished() is None


def test_starting_point_prefers_saved_position(tmp_path):
    with Store.open(make_db(tmp_path / "p.sqlite")) as store:
        session = Session(store, ANNOTATOR)
        assert session.starting_point() == ("doc-a", 0)
        store.save_position(ANNOTATOR, "doc-b", 7)
        assert session.starting_point() == ("doc-b", 7)
        assert session.starting_point("doc-c") == ("doc-c", 0)
        with pytest.raises(KeyError):
            session.starting_point("nope")


actions = st.lists(
    st.tuples(st.sampled_from(["label", "accept", "delete", "undo", "redo", "all"]),
              st.integers(0, len(DOC_A) - 1), st.integers(1, 20),
              st.sampled_from(["ACTOR", "FIGURE", "LOCATION", "SOURCE"])),
    min_size=1, max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions)
def test_in_memory_state_always_equals_the_database(session, steps):
    """The session mirrors committed edits in memory; it must never drift from the store."""
    for kind, start, length, label in steps:
        rng = (start, min(len(DOC_A), start + length))
        if kind == "label":
            session.label(rng, label)
        elif kind == "accept":
            session.accept(rng)
        elif kind == "delete":
            session.delete(rng)
        elif kind == "undo":
            session.undo()
        elif kind == "redo":
            session.redo()
        else:
            session.accept_all()
        assert (session.own, session.pending, session.status) == fresh_state(session)
