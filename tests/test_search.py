"""Corpus search: the index and the scan give exactly what a plain scan of the texts gives."""

from __future__ import annotations

import re

import pytest

from annotator.cli.main import main
from annotator.model import Span
from annotator.store import DocumentRow, Store
from annotator.store.search import SearchError
from annotator.store.store import checksum
from annotator.text.canonical import fold

TEXTS = {
    "sk": "Streľba v oblasti pri námestí Republiky v Almaty neutícha. Agentúra TASS, ALMATY.",
    "pl": "W Ałmatach, największym mieście Kazachstanu. Reuters informował o Ałmaty.",
    "de": "Die Straße in Almaty: Strasse, STRASSE und straße. Größe.",
    "el": "Η αστυνομία της Αλμάτι, ΑΛΜΆΤΙ. Ίντερφαξ και ΊΝΤΕΡΦΑΞ.",
    "tr": "İstanbul ve Istanbul; ıstakoz. 🇰🇿 Almaty 🇰🇿 e\u0301 (a lone combining mark after e).",
    "ro": "Ş și ș, Ţara și Țara. Almatyalmaty almaty.",
}
QUERIES = ["Almaty", "almaty", "Ałmat", "ALMATY", "strasse", "Straße", "ß", "ss", "αλματι", "Ίντερφαξ",
           "istanbul", "İstanbul", "ș", "Şi", "țara", "🇰🇿", "e", "xyz", "ty a", "a"]


def reference(texts: dict[str, str], query: str, *, fold_text: bool, regex: bool = False) -> list[tuple]:
    """A plain scan: every document's text, char by char folded when asked, matched with re."""
    out = []
    for doc_id, text in texts.items():
        if fold_text:
            chars, where = [], []
            for i, ch in enumerate(text):
                for f in fold(ch):
                    chars.append(f)
                    where.append(i)
            haystack = "".join(chars)
            if regex:
                pattern = re.compile("".join(c if c.isascii() else fold(c) for c in query), re.IGNORECASE)
            else:
                pattern = re.compile(re.escape(fold(query)))
        else:
            haystack, where = text, list(range(len(text)))
            pattern = re.compile(query if regex else re.escape(query))
        last = -1
        for m in pattern.finditer(haystack):
            if m.end() == m.start():
                continue
            start, end = where[m.start()], where[m.end() - 1] + 1
            if start >= last:
                out.append((doc_id, start, end))
                last = end
    return out


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        for n, (doc_id, text) in enumerate(TEXTS.items()):
            store.insert_document(DocumentRow(doc_id, text, doc_id, [], {}, checksum(text), n), actor="t")
        store.add_span("sk", "alice", Span(42, 48, "LOCATION"), actor="alice")
    return path


def found(result) -> list[tuple]:
    return [(h.doc_id, h.start, h.end) for h in result.hits]


@pytest.mark.parametrize("fold_text", [False, True])
def test_search_equals_a_plain_scan(corpus, fold_text):
    with Store.open(corpus) as store:
        for query in QUERIES:
            expected = reference(TEXTS, query, fold_text=fold_text)
            for method in ("auto", "scan"):
                result = store.search(query, fold=fold_text, method=method)
                assert found(result) == expected, (query, method)
                assert result.total == len(expected)
            if len(fold(query)) >= 3:
                assert found(store.search(query, fold=fold_text, method="index")) == expected, query
        for pattern in (r"Alm\w+", r"\bstra(ss|ß)e\b", r"[ΑΆ]Λ", r"ș|ş", r"x*"):
            assert found(store.search(pattern, regex=True, fold=fold_text)) == \
                reference(TEXTS, pattern, fold_text=fold_text, regex=True), pattern


def test_hits_carry_context_language_and_the_layers_label(corpus):
    with Store.open(corpus) as store:
        result = store.search("almaty", fold=True, layer="alice", limit=2, context=10)
    assert result.method == "index" and result.total == 8 and result.truncated
    first, second = result.hits
    assert (first.doc_id, first.lang, first.text, first.left, first.right) == ("sk", "sk", "Almaty", "publiky v ",
                                                                              " neutícha.")
    assert first.label == "LOCATION" and second.label is None and second.text == "ALMATY"


def test_the_index_follows_import_and_replace(tmp_path, runner):
    db = tmp_path / "r.sqlite"
    src = tmp_path / "a.txt"
    src.write_text("Tokajev spoke in Almaty.", encoding="utf-8")
    assert runner.invoke(main, ["import", str(src), "--db", str(db), "--no-suggest"]).exit_code == 0
    with Store.open(db) as store:
        assert found(store.search("tokajev", fold=True, method="index")) == [("a", 0, 7)]
    src.write_text("Nazarbajev left Nur-Sultan.", encoding="utf-8")
    result = runner.invoke(main, ["import", str(src), "--db", str(db), "--replace", "--no-suggest"])
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert store.search("tokajev", fold=True, method="index").hits == []
        assert found(store.search("Nur-Sultan", method="index")) == [("a", 16, 26)]


def test_an_older_database_is_searched_by_a_scan_and_indexed_when_migrated(corpus, runner):
    import sqlite3

    conn = sqlite3.connect(corpus)  # as a database made before the index was
    conn.execute("drop table documents_fts")
    conn.execute("delete from _sqlite_migrations where name = 'm003_corpus_search_index'")
    conn.commit()
    conn.close()
    expected = reference(TEXTS, "Almaty", fold_text=True)
    with Store.open(corpus, read_only=True) as store:  # a reading command does not migrate
        result = store.search("Almaty", fold=True)
        assert result.method == "scan" and found(result) == expected
        with pytest.raises(SearchError):
            store.search("Almaty", method="index")
    cli = runner.invoke(main, ["search", "Almaty", "-i", "--db", str(corpus)])
    assert cli.exit_code == 0 and cli.output.splitlines()[-1] == f"{len(expected)} hit(s) in 5 document(s)"
    with Store.open(corpus) as store:  # a writing one migrates: the index is built from the documents
        result = store.search("Almaty", fold=True)
        assert result.method == "index" and found(result) == expected


def test_bad_queries_are_refused(corpus):
    with Store.open(corpus) as store:
        with pytest.raises(SearchError, match="empty"):
            store.search("")
        with pytest.raises(SearchError, match="invalid regular expression"):
            store.search("(", regex=True)


ALPHABET = "aAeé\u0301ßsSæÆİiıΣσςøłŁ şșxX 🇰🇿"


@pytest.mark.parametrize("seed", range(3))
def test_folded_offsets_on_random_texts(seed):
    import random

    from annotator.store.search import compile_query, find_in_text

    rng = random.Random(seed)
    for _ in range(300):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
        query = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3)))
        if not fold(query):
            continue
        expected = [(s, e) for _, s, e in reference({"d": text}, query, fold_text=True)]
        assert find_in_text(text, compile_query(query, fold_text=True), fold_text=True) == expected, (text, query)


def test_search_command(runner, corpus):
    result = runner.invoke(main, ["search", "almaty", "-i", "--db", str(corpus), "--layer", "alice", "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("sk sk @42-48 LOCATION  ") and "v [Almaty] neutícha" in lines[0]
    assert lines[-1] == "8 hit(s) in 5 document(s), 2 shown"
    import orjson

    data = orjson.loads(runner.invoke(main, ["search", r"Ał\w+", "-r", "--db", str(corpus), "--format", "json"]).output)
    assert [(h["doc_id"], h["text"]) for h in data["hits"]] == [("pl", "Ałmatach"), ("pl", "Ałmaty")]
    bad = runner.invoke(main, ["search", "(", "-r", "--db", str(corpus)])
    assert bad.exit_code == 1 and "invalid regular expression" in bad.output
