"""A Markdown report of an agreement result, e.g. for ``$GITHUB_STEP_SUMMARY``.

Plain string building, no dependencies. Every name that comes from data (document ids, layer
names, labels, reasons) is escaped, so an id like ``a|b`` or ``<script>`` cannot break a table
or inject markup into the summary page.
"""

from annotator.agreement.report import exclusion_groups, number, safe_text, undefined_figures
from annotator.agreement.results import AgreementResult

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


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _count(value: int) -> str:
    return f"{value:,}"


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

    fleiss, alpha = result.fleiss_kappa, result.krippendorff_alpha
    out.extend(
        _table(
            ["figure", "value", "documents", "tokens"],
            [
                [
                    "Fleiss' κ (all layers)",
                    number(fleiss.value),
                    _count(fleiss.documents),
                    _count(fleiss.tokens),
                ],
                [
                    "Krippendorff's α",
                    number(alpha.value),
                    _count(alpha.documents),
                    _count(alpha.tokens),
                ],
            ],
        )
    )
    out.append("")

    pairs = result.pairs
    if pairs:
        out += ["### Pairs", ""]
        rows = []
        for pair in pairs:
            exact, overlap, tokens = pair.spans.exact, pair.spans.overlap, pair.tokens
            rows.append(
                [
                    escape(pair.a),
                    escape(pair.b),
                    _count(pair.documents),
                    number(exact.precision.value),
                    number(exact.recall.value),
                    number(exact.f1.value),
                    number(overlap.f1.value),
                    _count(tokens.n),
                    number(tokens.cohen_kappa.value),
                ]
            )
        out.extend(
            _table(
                [
                    "A",
                    "B",
                    "documents",
                    "exact P",
                    "exact R",
                    "exact F1",
                    "overlap F1",
                    "tokens",
                    "Cohen's κ",
                ],
                rows,
            )
        )
        out += ["", "Precision is measured against B, recall against A.", ""]

    out += ["### Per label", ""]
    rows = []
    for label in result.labels:
        entry = result.per_label[label]
        row = [escape(label), number(entry.fleiss_kappa.value), number(entry.krippendorff_alpha.value)]
        rows.append(row)
    out.extend(_table(["label", "Fleiss' κ", "Krippendorff's α"], rows))
    out.append("")
    if pairs:
        rows = []
        for pair in pairs:
            for label in result.labels:
                spans = pair.spans.per_label[label]
                rows.append(
                    [
                        escape(label),
                        escape(pair.name),
                        _count(spans.exact.n_reference),
                        _count(spans.exact.n_other),
                        number(spans.exact.f1.value),
                        number(spans.overlap.f1.value),
                        number(pair.tokens.per_label[label].value),
                    ]
                )
        out.extend(
            _table(["label", "pair", "spans A", "spans B", "exact F1", "overlap F1", "Cohen's κ"], rows)
        )
        out.append("")

        out += ["### Disagreements per pair", ""]
        rows = []
        for pair in pairs:
            conf = pair.confusion
            top = ", ".join(
                f"{escape(p.a_label)}→{escape(p.b_label)} {_count(p.count)}"
                for p in conf.label_pairs[:3]
            )
            rows.append(
                [
                    escape(pair.name),
                    _count(conf.a.exact),
                    f"{_count(conf.a.boundary)} / {_count(conf.b.boundary)}",
                    f"{_count(conf.a.label)} / {_count(conf.b.label)}",
                    _count(conf.a.miss),
                    _count(conf.b.miss),
                    top or "–",
                ]
            )
        out.extend(
            _table(
                [
                    "pair (A vs B)",
                    "exact",
                    "boundary A / B",
                    "label A / B",
                    "only in A",
                    "only in B",
                    "label confusions (A→B)",
                ],
                rows,
            )
        )
        out += [
            "",
            "Spans of each layer by how the other layer treats them: an identical span (exact), an "
            "overlapping span with the same label but other boundaries (boundary), only overlapping "
            "spans with another label (label), or nothing overlapping (only in A / only in B).",
            "",
        ]

    lowest = result.lowest_documents
    if lowest:
        out += ["### Lowest agreement", ""]
        rows = [
            [
                escape(doc.id),
                number(doc.f1),
                _count(doc.pairs),
                ", ".join(f"{escape(layer)} {_count(n)}" for layer, n in doc.spans.items()),
            ]
            for doc in lowest
        ]
        out.extend(_table(["document", "mean exact F1", "pairs", "spans"], rows))
        out.append("")

    groups = exclusion_groups(result)
    if groups:
        out += ["### Excluded documents", ""]
        rows = [[escape(g.reason), _count(g.count), ", ".join(escape(i) for i in g.examples)] for g in groups]
        out.extend(_table(["reason", "documents", "examples"], rows))
        out.append("")

    undefined = list(undefined_figures(result))
    if undefined:
        out += ["### Undefined figures", ""]
        out.extend(f"- {escape(name)}: {escape(reason)}" for name, reason in undefined)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
