"""Reports of an agreement result: thresholds, Markdown, the Rich terminal tables."""

import io
from dataclasses import replace

import pytest
from rich.console import Console

from annotator.agreement import AgreementDocument, check_thresholds, compute_agreement, render_markdown
from annotator.agreement.figures import Figure
from annotator.agreement.markdown import escape
from annotator.agreement.results import LowDocument
from annotator.model import LABELS
from annotator.tui.agreement_tables import render_text

TOKENS = [(0, 5), (6, 11), (12, 17), (18, 23)]


def result_for(spans_b, statuses=None, doc_id="doc-1", layers=("a", "b")):
    statuses = statuses or dict.fromkeys(layers, "done")
    spans = {"a": [(0, 5, "ACTOR"), (12, 17, "LOCATION")], "b": spans_b}
    return compute_agreement([AgreementDocument(doc_id, TOKENS, 23, statuses, spans)], list(layers), LABELS)


def test_thresholds_pass_when_every_figure_meets_them():
    result = result_for([(0, 5, "ACTOR"), (12, 17, "LOCATION")])
    assert check_thresholds(result, min_f1=1.0, min_kappa=1.0, min_alpha=1.0) == []
    assert check_thresholds(result) == []


def test_thresholds_report_each_failing_figure_in_words():
    result = result_for([(0, 5, "ACTOR"), (12, 17, "FIGURE")])
    failures = check_thresholds(result, min_f1=0.9, min_kappa=0.9, min_alpha=0.9)
    assert failures[0] == "exact span F1 a vs b is 0.5000, below the minimum 0.9"
    assert failures[1].startswith("Cohen's kappa a vs b is ")
    assert failures[2].startswith("Fleiss' kappa is ")
    assert failures[3].startswith("Krippendorff's alpha is ")
    assert len(failures) == 4
    assert check_thresholds(result, min_f1=0.5) == []


def test_thresholds_show_enough_digits_to_see_the_shortfall():
    result = result_for([(0, 5, "ACTOR"), (12, 17, "FIGURE")])
    pair = result.pairs[0]
    spans = replace(pair.spans, exact=replace(pair.spans.exact, f1=Figure(0.79999)))
    result = replace(result, pairs=[replace(pair, spans=spans)])
    assert check_thresholds(result, min_f1=0.8) == ["exact span F1 a vs b is 0.79999, below the minimum 0.8"]


def test_null_figures_fail_thresholds_with_their_reason():
    result = compute_agreement(
        [AgreementDocument("d", TOKENS, 23, {"a": "done", "b": "done"})], ["a", "b"], LABELS
    )
    failures = check_thresholds(result, min_f1=0.5, min_kappa=0.5, min_alpha=0.5)
    assert (
        failures[0]
        == "exact span F1 a vs b is undefined (neither layer has spans), so it cannot meet the minimum 0.5"
    )
    assert (
        "Cohen's kappa a vs b is undefined (both layers gave every token the same category (O)" in failures[1]
    )
    assert len(failures) == 4


def test_thresholds_do_not_pass_on_nothing():
    result = compute_agreement([], ["a"], LABELS)
    failures = check_thresholds(result, min_f1=0.5, min_kappa=0.5)
    assert failures[0] == "exact span F1: no pair of layers to check against the minimum 0.5"
    assert failures[1] == "Cohen's kappa: no pair of layers to check against the minimum 0.5"
    assert failures[2].startswith("Fleiss' kappa is undefined (fewer than two layers compared)")
    with pytest.raises(ValueError):
        check_thresholds(result, min_alpha=float("nan"))


def test_markdown_report_has_every_section():
    docs = [
        AgreementDocument(
            "d1",
            TOKENS,
            23,
            dict.fromkeys("abc", "done"),
            {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "FIGURE")], "c": [(0, 11, "ACTOR")]},
        ),
        AgreementDocument("d2", TOKENS, 23, {"a": "done"}),
    ]
    md = render_markdown(compute_agreement(docs, ["a", "b", "c"], LABELS))
    for heading in (
        "## Inter-annotator agreement",
        "### Pairs",
        "### Per label",
        "### Disagreements per pair",
        "### Lowest agreement",
        "### Excluded documents",
        "### Undefined figures",
    ):
        assert heading in md
    assert "| a | b | 1 | 0.000 | 0.000 | 0.000 | 0.000 | 4 |" in md
    assert "| done only by a | 1 | d2 |" in md
    assert "ACTOR→FIGURE 1" in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_escapes_names_from_data():
    result = result_for([], doc_id="evil|<img src=x>\n# head")
    md = render_markdown(result)
    # The line break is shown as a (Markdown-escaped) \n, the pipe cannot split the cell.
    assert "| evil\\|&lt;img src=x&gt;\\\\n\\# head |" in md
    assert "<img" not in md
    assert escape("a_b*c") == "a\\_b\\*c"


def render(result, width=160):
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    render_text(result, console)
    return buffer.getvalue()


def test_text_report_shows_pairs_labels_confusion_lowest_and_exclusions():
    docs = [
        AgreementDocument(
            "d1",
            TOKENS,
            23,
            dict.fromkeys("abc", "done"),
            {"a": [(0, 5, "ACTOR")], "b": [(0, 5, "FIGURE")], "c": [(0, 5, "ACTOR")]},
        ),
        AgreementDocument("d2", TOKENS, 23, {"c": "done"}),
    ]
    out = render(compute_agreement(docs, ["a", "b", "c"], LABELS))
    for title in (
        "Documents",
        "Excluded documents",
        "All layers",
        "Pairs",
        "Per label, all layers",
        "Per label and pair",
        "Disagreements per pair",
        "Lowest agreement",
        "n/a (undefined figures)",
    ):
        assert title in out
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    pairs = [row for row in rows if row[:2] in (["a", "b"], ["a", "c"], ["b", "c"]) and len(row) == 9]
    assert pairs[0][:8] == ["a", "b", "1", "0.000", "0.000", "0.000", "0.000", "4"]
    assert pairs[1] == ["a", "c", "1", "1.000", "1.000", "1.000", "1.000", "4", "1.000"]
    assert "done only by c" in out
    assert "ACTOR→FIGURE 1" in out


def test_text_report_never_interprets_data_as_markup_or_escapes():
    result = result_for([(0, 5, "ACTOR")], doc_id="[bold red]x[/]\x1b[2J")
    result = replace(result, lowest_documents=[LowDocument("[bold red]x[/]\x1b[2J", 0.5, 1, {"a": 1})])
    out = render(result)
    assert "[bold red]x[/]\\x1b[2J" in out
    assert "\x1b" not in out


def test_text_report_with_a_single_layer():
    result = compute_agreement([AgreementDocument("d", TOKENS, 23, {"a": "done"})], ["a"], LABELS)
    out = render(result)
    assert "fewer than two layers compared" in out
