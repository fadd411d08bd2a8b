"""A Markdown report of an agreement result, e.g. for ``$GITHUB_STEP_SUMMARY``.

Plain string building, no dependencies: the tables are those of
:func:`annotator.agreement.tables.agreement_tables`, in their order. Every name that comes from data (document ids, layer
names, labels, reasons) is escaped, so an id like ``a|b`` or ``<script>`` cannot break a table
or inject markup into the summary page.
"""

from annotator.agreement.report import safe_text, undefined_figures
from annotator.agreement.results import AgreementResult
from annotator.agreement.tables import TableSpec, agreement_tables

_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "~": "\\~",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)


def escape(text: object) -> str:
    """``text`` safe inside Markdown (and inside a table cell): one line, specials escaped.

    Line breaks and other non-printable characters become visible escapes (``\\n``) first.
    """
    return safe_text(text).translate(_SPECIAL)


def markdown_table(table: TableSpec) -> list[str]:
    """A table description as Markdown table lines (every cell escaped)."""
    lines = ["| " + " | ".join(column.name for column in table.columns) + " |",
             "|" + "|".join("---" for _ in table.columns) + "|"]
    lines.extend("| " + " | ".join(escape(cell.text) for cell in row.cells) + " |" for row in table.rows)
    return lines


def _count(value: int) -> str:
    return f"{value:,}"


#: The section heading put before a table (the others follow the previous table directly).
HEADINGS = {
    "pairs": "Pairs",
    "per_label": "Per label",
    "disagreements": "Disagreements per pair",
    "lowest": "Lowest agreement",
    "excluded": "Excluded documents",
}


def render_markdown(result: AgreementResult, *, title: str = "Inter-annotator agreement") -> str:
    """The whole report as GitHub-flavoured Markdown, ending with a newline."""
    docs = result.documents
    out: list[str] = [f"## {escape(title)}", ""]
    out.append(
        "Layers: "
        + (", ".join(f"**{escape(layer)}**" for layer in result.layers) or "none")
        + " · labels: "
        + (", ".join(escape(label) for label in result.labels) or "none")
    )
    if result.not_started:
        out.append("")
        out.append("Not started (no document done, left out): "
                   + ", ".join(escape(layer) for layer in result.not_started))
    out.append("")
    out.append(
        f"Documents: {_count(docs.total)} in total, {_count(docs.used)} compared "
        f"(done by at least two layers), {_count(len(docs.excluded))} excluded."
    )
    out.append("")

    for table in agreement_tables(result):
        if table.key in HEADINGS:
            out += [f"### {HEADINGS[table.key]}", ""]
        out.extend(markdown_table(table))
        out.append("")
        if table.note:
            out += [table.note, ""]

    undefined = list(undefined_figures(result))
    if undefined:
        out += ["### Undefined figures", ""]
        out.extend(f"- {escape(name)}: {escape(reason)}" for name, reason in undefined)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
