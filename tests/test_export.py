"""`annotator export`: CoNLL that standard readers load with the same entities, JSONL round trip."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.formats.conll import conll_document
from annotator.model import LABELS, Span
from tests.conftest import dump

TEXT = "Prezident Kasym-Žomart Tokajev povedal agentúre TASS, že 20.000 „banditov“ zaútočilo na #Almaty. Dr. Novák súhlasil."


def spans_of(text, *items):
    result = []
    for surface, label in items:
        start = text.index(surface)
        result.append({"start": start, "end": start + len(surface), "label": label})
    return result


@pytest.fixture
def annotated(tmp_path, runner, db_path):
    f = tmp_path / "in.jsonl"
    spans = spans_of(TEXT, ("Kasym-Žomart Tokajev", "ACTOR"), ("TASS", "SOURCE"), ("20.000", "FIGURE"),
                     ("Almaty", "LOCATION"), ("Novák", "ACTOR"))
    records = [
        {"id": "d1", "text": TEXT, "meta": {"date": "2022-01"}, "layer": "gold", "spans": spans},
        {"id": "d2", "text": "Reuters: 3 dead in Almatyville.", "layer": "gold",
         "spans": [{"start": 4, "end": 7, "label": "SOURCE"}]},  # boundary inside the token "Reuters"
        {"id": "d3", "text": "Untouched document."},
    ]
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert runner.invoke(main, ["import", str(f), "--db", str(db_path), "--no-suggest"]).exit_code == 0
    return db_path


def read_columns(text: str) -> list[list[tuple[str, str]]]:
    """A column-format reader in the style of HuggingFace's and Flair's CoNLL loaders:
    whitespace-separated columns, -DOCSTART- lines and blank lines end a sentence."""
    sentences, current = [], []
    for line in text.splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if current:
                sentences.append(current)
            current = []
            continue
        columns = line.split()
        assert len(columns) == 2, line
        current.append((columns[0], columns[1]))
    if current:
        sentences.append(current)
    return sentences


def test_conll_loads_in_seqeval_and_column_readers(annotated, runner):
    from seqeval.metrics.sequence_labeling import get_entities

    result = runner.invoke(main, ["export", "--db", str(annotated), "--format", "conll"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("-DOCSTART-\tO\n\n")
    # every line, -DOCSTART- included, has the same two TAB-separated columns
    assert {len(line.split("\t")) for line in out.splitlines() if line} == {2}
    assert out.count("-DOCSTART-") == 2  # d3 was never touched by gold
    assert "Warning: d2: token 'Reuters'" in result.stderr
    sentences = read_columns(out)
    entities = [e for s in sentences for e in get_entities([tag for _, tag in s])]
    assert Counter(e[0] for e in entities) == {"ACTOR": 2, "SOURCE": 2, "FIGURE": 1, "LOCATION": 1}
    spelled = []
    for s in sentences:
        for label, start, end in get_entities([tag for _, tag in s]):
            spelled.append((label, "".join(tok for tok, _ in s[start : end + 1])))
    assert ("ACTOR", "Kasym-ŽomartTokajev") in spelled
    assert ("SOURCE", "ers") in spelled  # "Reut|ers|" split at the span boundary
    assert ("LOCATION", "Almaty") in spelled
    # the sentence after "Almaty." starts a new sentence, "Dr." does not end one
    assert any(s[0][0] == "Dr" for s in sentences)


def test_conll_loads_in_nltk_column_reader_with_tab_separator(annotated, runner, tmp_path):
    nltk = pytest.importorskip("nltk")
    from nltk.corpus.reader import ConllCorpusReader

    assert runner.invoke(main, ["export", "--db", str(annotated), "-o", str(tmp_path / "gold.conll")]).exit_code == 0
    nltk.data.path.append(str(tmp_path))  # nltk reads only from folders it is told about
    reader = ConllCorpusReader(str(tmp_path), ["gold.conll"], ("words", "pos"), separator="\t")
    tagged = [pair for sentence in reader.tagged_sents() for pair in sentence]
    assert "-DOCSTART-" not in [word for word, _ in tagged]
    assert ("Tokajev", "I-ACTOR") in tagged and ("TASS", "B-SOURCE") in tagged


def test_bioes_scheme(annotated, runner):
    result = runner.invoke(main, ["export", "--db", str(annotated), "--scheme", "bioes"])
    assert "spacy convert --converter ner` reads IOB tags only" in result.stderr
    out = result.stdout
    tags = [line.split("\t")[1] for line in out.splitlines() if "\t" in line]
    assert "S-SOURCE" in tags and "E-ACTOR" in tags and "B-ACTOR" in tags


def test_conll_loads_in_spacy_convert(annotated, runner, tmp_path):
    pytest.importorskip("spacy")
    conll = tmp_path / "gold.conll"
    assert runner.invoke(main, ["export", "--db", str(annotated), "--output", str(conll)]).exit_code == 0
    outdir = tmp_path / "spacy"
    outdir.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(conll), str(outdir), "--converter", "ner", "--file-type", "json"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads((outdir / "gold.json").read_text())
    tags = [t["ner"] for doc in data for p in doc["paragraphs"] for s in p["sentences"] for t in s["tokens"]]
    starts = Counter(t.split("-", 1)[1] for t in tags if t[:2] in {"B-", "U-"})
    assert starts == {"ACTOR": 2, "SOURCE": 2, "FIGURE": 1, "LOCATION": 1}


def test_output_file_is_written_atomically(annotated, runner, tmp_path):
    target = tmp_path / "out.conll"
    target.write_text("old content")
    result = runner.invoke(main, ["export", "--db", str(annotated), "--layer", "nobody", "-o", str(target)])
    assert result.exit_code == 2 and "no layer named 'nobody'" in result.output
    assert target.read_text() == "old content"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
    assert runner.invoke(main, ["export", "--db", str(annotated), "-o", str(target)]).exit_code == 0
    assert target.read_text().startswith("-DOCSTART-")


def test_jsonl_round_trip_is_byte_identical(annotated, runner, tmp_path):
    first = runner.invoke(main, ["export", "--db", str(annotated), "--format", "jsonl"]).stdout
    records = [json.loads(line) for line in first.splitlines()]
    assert [r["id"] for r in records] == ["d1", "d2"]
    assert list(records[0]) == ["id", "text", "meta", "lang", "layer", "status", "spans", "tokens"]
    assert records[0]["meta"] == {"date": "2022-01"} and records[0]["status"] == "done"
    assert records[0]["spans"][0]["text"] == "Kasym-Žomart Tokajev"
    f = tmp_path / "export.jsonl"
    f.write_text(first, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    assert runner.invoke(main, ["import", str(f), "--db", str(other), "--no-suggest"]).exit_code == 0
    second = runner.invoke(main, ["export", "--db", str(other), "--format", "jsonl"]).stdout
    assert second == first


def test_status_filter(annotated, runner):
    out = runner.invoke(main, ["export", "--db", str(annotated), "--format", "jsonl", "--status", "todo",
                               "--layer", "gold"]).stdout
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["d3"]


span_lists = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from(LABELS)), max_size=8)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="ab cé.,-'#Ω1 \n\u00a0", min_size=1, max_size=70).filter(lambda t: t.strip()), span_lists)
def test_conll_never_loses_or_shifts_a_span(text, raw):
    """Random spans, whitespace-only ones and ones with whitespace around them included, go
    through the import's validation: a span of only whitespace is refused there (naming it), the
    others are stored trimmed; every stored span comes out of the CoNLL export whole."""
    from seqeval.metrics.sequence_labeling import get_entities

    from annotator.formats.spans import InputError, RawSpan, canonical_spans
    from annotator.text import canonical_text

    spans: list[Span] = []
    for start, length, label in raw:
        start = min(start, len(text) - 1)
        candidate = RawSpan(start, min(start + length, len(text)), label, name="span 0")
        try:
            [stored], _ = canonical_spans([candidate], canonical_text(text, header=False), len(text), "in")
        except InputError as exc:
            assert not text[candidate.start:candidate.end].strip()  # the only reason to refuse one span
            assert "span 0" in str(exc) and "covers only whitespace" in str(exc)
            continue
        assert text[stored.start:stored.end] == text[candidate.start:candidate.end].strip()
        if not any(stored.overlaps(s) for s in spans):
            spans.append(stored)
    lines = list(conll_document("d", text, spans))
    sentences = read_columns("".join(lines))
    found = sorted((label, "".join(tok for tok, _ in s[a : b + 1]))
                   for s in sentences for label, a, b in get_entities([t for _, t in s]))
    expected = sorted((s.label, "".join(text[s.start : s.end].split())) for s in spans)
    assert found == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(alphabet="Almaty Kazachstan 20.000 „“ ść ΑΒ\n", min_size=1, max_size=40).filter(lambda t: t.strip()),
             min_size=1, max_size=3),
)
def test_jsonl_round_trip_property(tmp_path_factory, texts):
    from click.testing import CliRunner

    runner = CliRunner()
    base = tmp_path_factory.mktemp("rt")
    records = []
    for i, raw in enumerate(texts):
        text = raw.strip()
        spans = [{"start": 0, "end": len(text.split()[0]), "label": "LOCATION"}] if i % 2 == 0 else []
        records.append({"id": f"doc{i}", "text": text, "layer": "gold", "spans": spans, "meta": {"n": i}})
    src = base / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    a, b = base / "a.sqlite", base / "b.sqlite"
    assert runner.invoke(main, ["import", str(src), "--db", str(a), "--no-suggest"]).exit_code == 0
    first = runner.invoke(main, ["export", "--db", str(a), "--format", "jsonl", "-o", str(base / "1.jsonl")])
    assert first.exit_code == 0
    assert runner.invoke(main, ["import", str(base / "1.jsonl"), "--db", str(b), "--no-suggest"]).exit_code == 0
    assert runner.invoke(main, ["export", "--db", str(b), "--format", "jsonl", "-o", str(base / "2.jsonl")]).exit_code == 0
    assert (base / "1.jsonl").read_bytes() == (base / "2.jsonl").read_bytes()
    assert dump(Path(a))  # sanity: the database is non-empty
