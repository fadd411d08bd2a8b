"""One table description per comparison, rendered alike everywhere: the Markdown report, the Rich
tables of the terminal and the TUI's screens list the same rows in the same order; and the typed
results read as their JSON."""

import io
import re

import pytest
from click.testing import CliRunner
from rich.console import Console
from textual.geometry import Region
from textual.widgets import DataTable, Static

from annotator.agreement import compute_agreement, render_markdown
from annotator.agreement.loading import load_documents
from annotator.agreement.tables import agreement_tables
from annotator.cli import main
from annotator.curation.loading import layer_report
from annotator.curation.report import report_table
from annotator.model import LABELS
from annotator.store import Store
from annotator.tui.agreement_screen import AgreementApp
from annotator.tui.agreement_tables import render_text
from annotator.tui.curate_report import ReportApp
from tests.test_curation_fixtures import TEXT, make_store, span

pytestmark = pytest.mark.anyio
LAYERS = ["alice", "bob", "carol"]


@pytest.fixture
def path(tmp_path):
    """Three annotators and gold on two documents, with every kind of disagreement."""
    alice = [span("Vladimir Putin", "ACTOR"), span("Tokayev", "ACTOR"), span("Almaty", "LOCATION"),
             span("TASS", "SOURCE"), span("20", "FIGURE")]
    bob = [span("Vladimir Putin", "ACTOR"), span("Tokayev", "ACTOR"), span("in Almaty", "LOCATION"),
           span("20", "FIGURE")]
    carol = [span("Vladimir Putin", "ACTOR"), span("Tokayev", "LOCATION"), span("Almaty", "LOCATION")]
    layers = {"alice": {"d1": alice, "d2": alice[:2]}, "bob": {"d1": bob, "d2": bob[1:]},
              "carol": {"d1": carol}, "gold": {"d1": alice[:4], "d2": bob[:3]}}
    make_store(tmp_path / "t.sqlite", {"d1": TEXT, "d2": TEXT, "d3": TEXT}, layers).close()
    return tmp_path / "t.sqlite"


def agreement(path):
    with Store.open(path, read_only=True) as store:
        return compute_agreement(load_documents(store, LAYERS), LAYERS, LABELS)


def markdown_tables(md: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header, rows) of each Markdown table, in order."""
    tables, lines = [], md.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("|---"):
            header = [c.strip() for c in lines[k - 1].strip("|").split(" | ")]
            rows = []
            for body in lines[k + 1:]:
                if not body.startswith("| "):
                    break
                rows.append([c.strip() for c in re.split(r"(?<!\\)\|", body)[1:-1]])
            tables.append((header, rows))
    return tables


def boxed_rows(text: str) -> list[list[str]]:
    """The body rows of a Rich table drawn with edges, as cell texts."""
    return [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")]


def rich_sections(text: str, titles: list[str]) -> dict[str, list[list[str]]]:
    """Each titled table's body rows in a Rich rendering (a table runs from its title to ``└``)."""
    out, lines = {}, text.splitlines()
    for title in titles:
        start = next(k for k, line in enumerate(lines) if line.rstrip() == title)
        end = next(k for k in range(start, len(lines)) if lines[k].startswith("└"))
        out[title] = boxed_rows("\n".join(lines[start:end]))
    return out


def shown(widget) -> str:
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text for strip in strips)


async def test_markdown_rich_and_tui_list_the_same_rows_in_the_same_order(path):
    result = agreement(path)
    specs = agreement_tables(result)
    assert [s.key for s in specs] == ["all_layers", "pairs", "per_label", "per_label_pair", "disagreements",
                                      "lowest", "excluded"]
    want = {spec.title: [list(row.texts) for row in spec.rows] for spec in specs}
    # rows by label, then pair: the order of the table's first two columns
    assert [row[:2] for row in want["Per label and pair"]][:4] == [
        ["ACTOR", "alice vs bob"], ["ACTOR", "alice vs carol"], ["ACTOR", "bob vs carol"], ["FIGURE", "alice vs bob"]]

    md = markdown_tables(render_markdown(result))
    assert [header for header, _ in md] == [[c.name for c in spec.columns] for spec in specs]
    assert [rows for _, rows in md] == list(want.values())

    buffer = io.StringIO()
    render_text(result, Console(file=buffer, width=250, color_system=None, force_terminal=False))
    assert rich_sections(buffer.getvalue(), list(want)) == want

    app = AgreementApp(path, layers=LAYERS)
    async with app.run_test(size=(250, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        sections = [shown(s) for s in app.screen.query("#report Static").results(Static)]
    on_screen = {}
    for title in want:
        section = next(s for s in sections if s.splitlines()[0].rstrip() == title)
        on_screen[title] = boxed_rows(section)
    assert on_screen == want
    assert [t for s in sections for t in want if s.splitlines()[0].rstrip() == t] == list(want)


async def test_the_report_command_and_the_report_screen_list_the_same_rows(path):
    with Store.open(path, read_only=True) as store:
        report, _ = layer_report(store, "alice")
        spec = report_table(report)
        want = [list(row.texts) for row in spec.rows]
        assert [row[0] for row in want] == [*LABELS, "all"]
        app = ReportApp(store, ["alice"])
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            headers = [column.label.plain for column in table.ordered_columns]
            on_screen = [[cell.plain for cell in table.get_row_at(k)] for k in range(table.row_count)]
    assert headers == [c.name for c in spec.columns]
    assert on_screen == want
    out = CliRunner().invoke(main, ["report", "--layer", "alice", "--db", str(path)], env={"COLUMNS": "200"}).output
    printed = [[c.strip() for c in line.split("│")] for line in out.splitlines()
               if line.count("│") == len(spec.columns) - 1]
    assert printed == want


def test_the_evaluate_table_lists_overall_labels_then_languages(path):
    out = CliRunner().invoke(main, ["evaluate", "--layer", "alice", "--against", "gold", "--db", str(path)],
                             env={"COLUMNS": "200"}).output
    assert [row[0] for row in boxed_rows(out)] == ["overall", *LABELS, "lang en"]


def test_the_typed_result_reads_as_its_json(path):
    result = agreement(path)
    data = result.to_json()
    for pair, entry in zip(result.pairs, data["pairs"], strict=True):
        assert entry["a"] == pair.a and entry["documents"] == pair.documents
        for label in LABELS:
            modes = pair.spans.per_label[label]
            assert entry["spans"]["per_label"][label]["exact"]["n_a"] == modes.exact.n_reference
            assert entry["spans"]["per_label"][label]["overlap"]["f1"] == modes.overlap.f1.value
            kappa = pair.tokens.per_label[label]
            assert entry["tokens"]["per_label"][label] == kappa.value
            assert entry["tokens"].get("per_label_reasons", {}).get(label) == kappa.reason
        assert entry["confusion"]["a"]["boundary"] == pair.confusion.a.boundary
    assert data["fleiss_kappa"]["value"] == result.fleiss_kappa.value
    assert [d["id"] for d in data["documents"]["excluded"]] == [e.id for e in result.documents.excluded] == ["d3"]
