"""The shipped gold standard: data/gold.sqlite and its reviewable text form data/gold.jsonl."""

import json
from collections import Counter
from itertools import pairwise

import pytest

from annotator.cli import main
from annotator.model import GOLD, LABELS, MACHINE
from annotator.store import Store
from annotator.store.schema import MIGRATIONS
from tests.conftest import GOLD_DB, ROOT, SEEDS

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def gold_path(tmp_path_factory):
    """A copy of the shipped database: opening it may migrate it, and the shipped file must not
    change under the tests (the coordinator migrates it once)."""
    import shutil

    path = tmp_path_factory.mktemp("gold") / "gold.sqlite"
    shutil.copyfile(GOLD_DB, path)
    return path


@pytest.fixture(scope="module")
def gold(gold_path):
    with Store.open(gold_path, create=False) as store:
        yield store


def test_seeds_are_byte_identical_to_the_shared_corpus():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.exists():
        pytest.skip("the shared seed corpus is not beside the project")
    for path in shared.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(p.name for p in shared.glob("*.txt"))


def test_schema_is_current(gold):
    assert MIGRATIONS.pending(gold.db) == []


def test_all_seeds_present_and_gold_done(gold):
    assert sorted(gold.document_ids()) == SEED_IDS
    assert all(gold.status(doc_id, GOLD) == "done" for doc_id in SEED_IDS)


def test_gold_spans_are_valid(gold):
    for doc in gold.documents():
        spans = gold.spans(doc.id, GOLD)
        assert spans, doc.id
        for a, b in pairwise(spans):
            assert a.end <= b.start, f"{doc.id}: {a} overlaps {b}"
        for span in spans:
            assert span.label in LABELS
            covered = doc.text[span.start : span.end]
            assert covered == covered.strip() and covered, f"{doc.id}: {span}"
        # every span boundary falls on a token boundary: no CoNLL token ever needs splitting
        offsets = gold.token_offsets(doc.id)
        starts, ends = {s for s, _ in offsets}, {e for _, e in offsets}
        for span in spans:
            assert span.start in starts and span.end in ends, f"{doc.id}: {span} {doc.text[span.start:span.end]!r}"


def test_machine_layer_present(gold):
    assert MACHINE in gold.layers()
    assert all(gold.suggestions(doc_id) for doc_id in SEED_IDS)


def test_text_form_agrees_with_the_database(runner, gold_path):
    exported = runner.invoke(main, ["export", "--db", str(gold_path), "--format", "jsonl", "--layer", GOLD]).stdout
    assert exported == (ROOT / "data" / "gold.jsonl").read_text(encoding="utf-8")


def test_conll_export_loads_in_seqeval_with_the_same_entity_counts(gold, gold_path, runner):
    from seqeval.metrics.sequence_labeling import get_entities

    result = runner.invoke(main, ["export", "--db", str(gold_path), "--format", "conll"])
    assert result.exit_code == 0
    assert "Warning" not in result.stderr
    tags, sentence = [], []
    for line in result.stdout.splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            tags.append(sentence)
            sentence = []
        else:
            token, tag = line.split("\t")
            assert token and not any(ch.isspace() for ch in token)
            sentence.append(tag)
    tags.append(sentence)
    found = Counter(label for s in tags for label, _, _ in get_entities(s))
    expected = Counter(s.label for doc_id in SEED_IDS for s in gold.spans(doc_id, GOLD))
    assert found == expected


def test_gold_jsonl_records_are_complete():
    lines = (ROOT / "data" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == SEED_IDS
    for record in records:
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]
