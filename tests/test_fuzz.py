"""Fuzzing the importers and the tokenizer with hypothesis.

- Random bytes as a .txt or .jsonl file, and random JSON records (valid JSON, hostile content),
  either import or fail with ``InputError``: never another exception, never a partial import
  (on an error the whole database content is as before).
- Tokenizer offsets always rebuild the text: tokens in order, none overlapping, none containing
  whitespace, only whitespace between them.

Every failing case hypothesis found is kept below as an explicit ``@example``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.formats.importing import import_paths
from annotator.formats.reading import InputError
from annotator.model import LABELS
from annotator.store import Store
from annotator.text import canonicalize, tokenize
from annotator.text.tokenize import pack_offsets, token_spans, unpack_offsets

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_counter = itertools.count()


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    """One database for all examples of the module (a new one per example would cost most of the
    time); every example's files get a fresh name."""
    folder = tmp_path_factory.mktemp("fuzz")
    with Store.open(folder / "fuzz.sqlite") as store:
        yield store, folder


def content(store: Store) -> str:
    """A fingerprint of everything in the database."""
    digest = hashlib.sha256()
    for line in store.db.conn.iterdump():
        digest.update(line.encode())
    return digest.hexdigest()


def import_or_refuse(store: Store, path: Path) -> bool:
    """Import ``path``: True if it was imported; False if refused with InputError and nothing
    changed. Any other exception fails the test."""
    before = content(store)
    try:
        import_paths(store, [path], actor="fuzz")
    except InputError as exc:
        assert str(exc).startswith(str(path)), exc  # the message names the file
        assert "\n" not in str(exc)
        assert not store.db.conn.in_transaction
        assert content(store) == before, "a refused import changed the database"
        return False
    assert not store.db.conn.in_transaction
    return True


def check_imported(store: Store, doc_id: str) -> None:
    doc = store.document(doc_id)
    assert doc.text and "\r" not in doc.text and canonicalize(doc.text) == doc.text
    offsets = store.token_offsets(doc_id)
    assert offsets == token_spans(doc.text)


# -- random bytes ------------------------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=400))
@example(data=b"\xef\xbb\xbf")  # a BOM alone: an empty document
@example(data=b"\r\n\r\n")  # only newlines
@example(data=b"date 2022-01 ")  # only a date header
@example(data=b"\xed\xa0\x80")  # a UTF-8-encoded surrogate
@example(data=b"x\x0c\x0by")  # form feed, vertical tab
@example(data="e\u0301\u2028x".encode())  # NFC and a line separator
def test_random_bytes_as_txt_import_or_fail_cleanly(fuzz_store, data):
    store, folder = fuzz_store
    path = folder / f"doc{next(_counter)}.txt"
    path.write_bytes(data)
    if import_or_refuse(store, path):
        check_imported(store, path.stem)


@FUZZ
@given(text=st.text(max_size=300))
@example(text="\ud800")  # a lone surrogate, written as UTF-8 bytes that are not valid UTF-8
@example(text="date 2022-01\n\u0085\u2028x\r\ny")  # a date header and every kind of newline
@example(text="\x7f\x9b31m")  # DEL and a C1 control: allowed in the text
def test_random_unicode_as_txt_imports_or_fails_cleanly(fuzz_store, text):
    store, folder = fuzz_store
    path = folder / f"doc{next(_counter)}.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    if import_or_refuse(store, path):
        check_imported(store, path.stem)


@FUZZ
@given(data=st.binary(max_size=400))
@example(data=b'{"id": "a", "text": "x"}\n\xff')  # bad UTF-8 on the line after a good record
@example(data=b'{"id": "a", "text": "\\ud800"}')  # lone surrogate escape
@example(data=b"[" * 2000)  # deep nesting
@example(data=b'{"id": "a", "text": "x", "layer": "b", "status": []}')  # unhashable status (was a TypeError)
@example(data=b'{"id": "a", "text": "x", "layer": "b", "status": {}}')
@example(data=b'\xef\xbb\xbf{"id": "bom", "text": "x"}\r\n')  # BOM and CRLF
def test_random_bytes_as_jsonl_import_or_fail_cleanly(fuzz_store, data):
    store, folder = fuzz_store
    path = folder / f"doc{next(_counter)}.jsonl"
    path.write_bytes(data)
    import_or_refuse(store, path)


# -- random records: valid JSON, hostile content -----------------------------------------------
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
                    st.text(max_size=10))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=4)
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60)
offsets = st.one_of(st.integers(-3, 70), json_values)
spans = st.fixed_dictionaries(
    {"start": offsets, "end": offsets, "label": st.one_of(st.sampled_from(LABELS), json_values)},
    optional={"text": st.one_of(texts, json_values)},
)
records = st.fixed_dictionaries(
    {"id": st.one_of(texts, json_values), "text": st.one_of(texts, json_values)},
    optional={
        "meta": json_values,
        "layer": st.one_of(st.sampled_from(["alice", "gold", "machine"]), texts, json_values),
        "annotator": st.one_of(st.sampled_from(["bob"]), texts, json_values),
        "spans": st.one_of(st.lists(spans, max_size=4), json_values),
        "status": st.one_of(st.sampled_from(["todo", "in_progress", "done"]), json_values),
    },
)


@FUZZ
@given(batch=st.lists(records, min_size=1, max_size=3))
@example(batch=[{"id": "s", "text": "Putin", "layer": "alice", "status": ["done"]}])  # was a TypeError
@example(batch=[{"id": "s", "text": "Putin", "layer": "alice", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]},
                {"id": "s", "text": "Putin", "layer": "alice", "spans": []}])  # same layer twice in one import
@example(batch=[{"id": "a\u0085b", "text": "x"}])  # NEL (a C1 control) in an id
@example(batch=[{"id": "x", "text": "x", "meta": {"date": 1}}])
def test_random_records_import_or_fail_cleanly(fuzz_store, batch):
    store, folder = fuzz_store
    path = folder / f"doc{next(_counter)}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in batch) + "\n", encoding="utf-8")
    if import_or_refuse(store, path):
        for record in batch:
            check_imported(store, record["id"])


# -- the tokenizer -----------------------------------------------------------------------------
def assert_rebuilds(text: str) -> None:
    tokens = tokenize(text)
    position = 0
    rebuilt = []
    for token in tokens:
        assert position <= token.start < token.end <= len(text)
        gap = text[position : token.start]
        assert gap == "" or gap.isspace(), (text, token)
        assert token.text == text[token.start : token.end]
        assert not any(ch.isspace() for ch in token.text), (text, token)
        rebuilt += [gap, token.text]
        position = token.end
    tail = text[position:]
    assert tail == "" or tail.isspace(), (text, tail)
    assert "".join(rebuilt) + tail == text
    assert unpack_offsets(pack_offsets(token_spans(text))) == [(t.start, t.end) for t in tokens]


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=200))
@example(text="\x1c\x1d\x1e\x1f\x85\xa0")  # characters str.isspace() calls whitespace
@example(text="\u200b\u200d\ufeff\u2060")  # zero-width characters are not whitespace
@example(text="a\u0301\u0301 \u0301x")  # combining marks, also after a space
@example(text="https://example.com/a.b, www.x.y.")
@example(text="\U0001F1FA\U0001F1E6\U0001F1FA 20.000,5:3 \ud800")  # flags, numbers, a lone surrogate
@example(text="\u2028\u2029\x0b\x0c\r\n\t")
def test_tokenizer_offsets_always_rebuild_the_text(text):
    assert_rebuilds(text)
    assert_rebuilds(canonicalize(text))


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(codec="utf-8"), max_size=120))
def test_imported_text_tokens_rebuild_it(text):
    canonical = canonicalize(text)
    assert_rebuilds(canonical)
