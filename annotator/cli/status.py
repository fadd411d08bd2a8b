"""``annotator status``."""

import click
import orjson

from annotator.cli.common import db_option, open_store, stdout_console, user_errors
from annotator.model import LABELS
from annotator.store import Store
from annotator.suggest.runner import acceptance_rates


def print_status(store: Store, fmt: str = "text") -> None:
    """Documents, languages, and each layer's progress and spans per label."""
    overview = store.overview()
    overview["acceptance"] = acceptance_rates(store)
    overview["team"] = store.members()
    overview["assignments"] = store.assignment_progress()
    overview["flags"] = store.flag_counts()
    if fmt == "json":
        click.echo(orjson.dumps(overview, option=orjson.OPT_INDENT_2).decode())
        return
    from rich.table import Table

    console = stdout_console()
    languages = ", ".join(f"{lang} {n}" for lang, n in overview["languages"].items()) or "none"
    console.print(f"[bold]{overview['documents']}[/] documents ({languages})", highlight=False)
    table = Table(title="Layers", title_justify="left")
    table.add_column("layer")
    table.add_column("done", justify="right")
    table.add_column("in progress", justify="right")
    table.add_column("skipped", justify="right")
    for label in LABELS:
        table.add_column(label, justify="right")
    table.add_column("spans", justify="right")
    for layer, info in overview["layers"].items():
        table.add_row(
            layer,
            f"{info['done']}/{info['total']}",
            str(info["statuses"]["in_progress"]),
            str(info["statuses"]["skipped"]),
            *[str(info["spans"].get(label, 0)) for label in LABELS],
            str(info["n_spans"]),
        )
    console.print(table)
    _print_team(console, overview)
    decided = {label: v for label, v in overview["acceptance"].items() if v["accepted"] + v["rejected"]}
    if decided:
        rates = Table(title="Suggestions accepted by annotators", title_justify="left")
        for column in ("label", "accepted", "rejected", "rate"):
            rates.add_column(column, justify="left" if column == "label" else "right")
        for label, value in decided.items():
            rates.add_row(label, str(value["accepted"]), str(value["rejected"]), f"{value['rate']:.0%}")
        console.print(rates)


def _print_team(console, overview: dict) -> None:
    """Each assigned annotator's progress against their assignment, with roles and flags."""
    from rich.table import Table
    from rich.text import Text

    progress, flags, team = overview["assignments"], overview["flags"], overview["team"]
    names = sorted(set(progress) | set(flags) | set(team))
    if not names:
        return
    table = Table(title="Team: progress against the assignment", title_justify="left")
    for column in ("annotator", "role", "assigned", "done", "in progress", "skipped", "todo", "flagged docs"):
        table.add_column(column, justify="left" if column in ("annotator", "role") else "right")
    for name in names:
        row = progress.get(name)
        cells = ([str(row["done"]), str(row["in_progress"]), str(row["skipped"]), str(row["todo"])]
                 if row else ["-", "-", "-", "-"])
        table.add_row(Text(name), Text(team.get(name, "-")), str(row["assigned"]) if row else "0", *cells,
                      str(flags.get(name, {}).get("documents", 0)))
    console.print(table)


@click.command("status")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A table, or JSON for scripts.")
@user_errors
def status_command(db_path, fmt) -> None:
    """Show documents, languages, each layer's progress and spans per label, each annotator's
    progress against their assignment (with roles and flagged documents), and how often
    annotators accept the machine suggestions of each label."""
    print_status(open_store(db_path, read_only=True), fmt)


COMMANDS = [status_command]
