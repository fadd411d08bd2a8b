"""One comparison of two layers for `evaluate`, `report` and `agreement`: the same figures as the
plain pairwise formulation kept here as the reference, without comparing every span with every
other (the old formulation took 39 s on one document with 8,000 spans)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.evaluate import Item, item_errors, overlap_matches, score_items
from annotator.curation.report import EXTRA, ReportDocument, compare_layer
from annotator.model import LABELS, Span

TEXT = "x" * 60


# -- the plain formulation: every span against every other ----------------------------------------
def reference_counts(reference: list[Span], predicted: list[Span], mode: str) -> tuple[int, int, int]:
    ref, pred = sorted(set(reference)), sorted(set(predicted))
    if mode == "exact":
        tp = len(set(ref) & set(pred))
    else:  # maximum matching of same-label overlapping spans (Kuhn, recursive)
        edges = [[r for r, s in enumerate(ref) if s.label == p.label and s.overlaps(p)] for p in pred]
        owner: dict[int, int] = {}

        def augment(p: int, seen: set[int]) -> bool:
            for r in edges[p]:
                if r not in seen:
                    seen.add(r)
                    if r not in owner or augment(owner[r], seen):
                        owner[r] = p
                        return True
            return False

        tp = sum(augment(p, set()) for p in range(len(pred)))
    return tp, len(pred) - tp, len(ref) - tp


def reference_report(gold: list[Span], mine: list[Span]) -> dict:
    out: dict = {"confusions": {}, "kinds": []}
    for g in sorted(gold):
        over = [s for s in sorted(mine) if s.overlaps(g)]
        if g in mine:
            kind = "exact"
        elif any(s.label == g.label for s in over):
            kind = "boundary"
        elif over:
            kind = "label"
            for s in over:
                out["confusions"][(g.label, s.label)] = out["confusions"].get((g.label, s.label), 0) + 1
        else:
            kind = "miss"
        out["kinds"].append((kind, g, tuple(over)))
    for s in sorted(mine):
        if s not in gold and not any(g.overlaps(s) for g in gold):
            out["kinds"].append((EXTRA, None, (s,)))
    return out


# -- random layers: spans of one layer never overlap each other -----------------------------------
@st.composite
def layer(draw, labels=("ACTOR", "FIGURE", "LOCATION", "SOURCE", "OTHER")) -> list[Span]:
    cuts = sorted(draw(st.sets(st.integers(0, len(TEXT)), max_size=16)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if end > start:
            spans.append(Span(start, end, draw(st.sampled_from(labels))))
    return spans


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(layer(), layer()), min_size=1, max_size=3))
def test_evaluate_counts_equal_the_plain_formulation(docs):
    items = [Item(f"d{k}", "en" if k % 2 else "sk", TEXT, ref, pred) for k, (ref, pred) in enumerate(docs)]
    result = score_items(items)
    for mode in ("exact", "overlap"):
        got = getattr(result.overall, mode)
        want = [reference_counts(ref, pred, mode) for ref, pred in docs]
        assert (got.tp, got.fp, got.fn) == tuple(map(sum, zip(*want, strict=True)))
        for label in LABELS:
            got = getattr(result.labels[label], mode)
            want = [reference_counts([s for s in ref if s.label == label], [s for s in pred if s.label == label],
                                     mode) for ref, pred in docs]
            assert (got.tp, got.fp, got.fn) == tuple(map(sum, zip(*want, strict=True)))
    errors = item_errors(items)
    want_errors = sorted(
        (f"d{k}", s.start, s.end, kind, s.label,
         tuple(sorted(o for o in (pred if kind == "miss" else ref) if o.overlaps(s))))
        for k, (ref, pred) in enumerate(docs)
        for kind, spans in (("miss", set(ref) - set(pred)), ("false_alarm", set(pred) - set(ref)))
        for s in spans
    )
    got_errors = [(e.doc_id, e.start, e.end, e.kind, e.label,
                   tuple(Span(o.start, o.end, o.label) for o in e.overlapping)) for e in errors]
    assert got_errors == want_errors


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(layer(), layer()), min_size=1, max_size=3))
def test_report_equals_the_plain_formulation(docs):
    report = compare_layer([ReportDocument(f"d{k}", TEXT, g, m) for k, (g, m) in enumerate(docs)], "alice", LABELS)
    want_kinds = []
    confusions: dict = {}
    for k, (gold, mine) in enumerate(docs):
        plain = reference_report(gold, mine)
        for key, n in plain["confusions"].items():
            confusions[key] = confusions.get(key, 0) + n
        want_kinds += [(f"d{k}", kind, g, over) for kind, g, over in plain["kinds"] if kind != "exact"]
    got = [(e.doc_id, e.kind, e.gold[0] if e.gold else None, e.layer) for e in report.examples]
    assert got == want_kinds
    assert report.label_confusions == confusions
    total = report.total()
    assert total.gold == sum(len(g) for g, _ in docs) and total.layer == sum(len(m) for _, m in docs)
    assert total.exact == sum(len(set(g) & set(m)) for g, m in docs)
    assert report.labels[:len(LABELS)] == tuple(LABELS)


def test_overlap_matching_returns_pairs():
    reference = [Span(0, 10, "ACTOR"), Span(10, 14, "ACTOR")]
    predicted = [Span(5, 12, "ACTOR"), Span(2, 6, "ACTOR")]
    pairs = overlap_matches(reference, predicted)
    assert len(pairs) == 2 and all(r.overlaps(p) and r.label == p.label for r, p in pairs)


@pytest.fixture
def counted_overlaps(monkeypatch):
    """Count every call of ``Span.overlaps``: comparing every span with every other shows up here."""
    calls = [0]
    plain = Span.overlaps

    def overlaps(self, other):
        calls[0] += 1
        return plain(self, other)

    monkeypatch.setattr(Span, "overlaps", overlaps)
    return calls


def test_evaluate_and_report_do_not_compare_every_pair_of_spans(counted_overlaps):
    # 2,000 spans a layer on one document: the pairwise formulation made millions of comparisons
    n = 2_000
    text = "wordx " * (3 * n)
    gold = [Span(18 * i, 18 * i + 5, LABELS[i % 4]) for i in range(n)]
    mine = [Span(18 * i, 18 * i + (11 if i % 7 == 0 else 5), LABELS[(i + (i % 5 == 0)) % 4]) for i in range(n)]
    result = score_items([Item("long", "en", text, gold, mine)])
    item_errors([Item("long", "en", text, gold, mine)])
    report = compare_layer([ReportDocument("long", text, gold, mine)], "alice", LABELS)
    assert result.overall.exact.tp == report.total().exact
    assert counted_overlaps[0] <= 10 * n


# -- the three commands agree ---------------------------------------------------------------------
def test_evaluate_report_and_agreement_give_the_same_figures_for_the_same_pair(tmp_path, runner):
    import orjson

    from annotator.cli import main
    from tests.test_curation_fixtures import TEXT, make_store, span

    gold = [span("Vladimir Putin", "ACTOR"), span("Tokayev", "ACTOR"), span("Almaty", "LOCATION"),
            span("TASS", "SOURCE"), span("20", "FIGURE")]
    alice = [span("Vladimir Putin", "ACTOR"), span("Tokayev", "LOCATION"), span("in Almaty", "LOCATION"),
             span("Monday", "FIGURE"), span("20", "FIGURE")]
    db = tmp_path / "three.sqlite"
    texts = {d: TEXT for d in ("both1", "both2", "gold_only", "alice_only")}
    make_store(db, texts, {
        "gold": {"both1": gold, "both2": gold[:3], "gold_only": gold},
        "alice": {"both1": alice, "both2": alice[1:], "alice_only": alice},
    }).close()

    def run(*args: str) -> dict:
        result = runner.invoke(main, [*args, "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, result.output
        return orjson.loads(result.output)

    agreement = run("agreement", "--layers", "gold,alice")["pairs"][0]
    evaluation = run("evaluate", "--layer", "alice", "--against", "gold")
    report = run("report", "--layer", "alice")
    assert agreement["documents"] == evaluation["documents"] == report["documents"] == 2
    keys = ("precision", "recall", "f1")
    figures = {k: agreement["spans"]["exact"][k] for k in keys}
    assert figures == {k: evaluation["overall"]["exact"][k] for k in keys}
    assert figures == {k: report["total"][k] for k in keys}
    assert agreement["spans"]["overlap"]["f1"] == evaluation["overall"]["overlap"]["f1"]
    for label in LABELS:
        want = {k: agreement["spans"]["per_label"][label]["exact"][k] for k in keys}
        assert want == {k: evaluation["labels"][label]["exact"][k] for k in keys}, label
        assert want["f1"] == report["per_label"][label]["f1"], label
