"""``annotator team``, ``annotator assign`` and ``annotator layer``: running a team.

Roles guard against mistakes, not against malice: anyone who can write the database file can
change anything in it. File permissions are the security boundary.
"""

from __future__ import annotations

import click
import orjson

from annotator.cli.common import db_option, open_store, user_errors
from annotator.store.team import ANNOTATOR, CURATOR


def _me(name: str | None) -> str:
    from annotator.model import validate_layer_name
    from annotator.store.store import default_annotator

    return validate_layer_name(name or default_annotator())


def _names(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _json(value: object) -> None:
    click.echo(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())


as_option = click.option(
    "--as", "actor", help="Your name, checked against the team's curators (default: your OS user name)."
)
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="A table, or JSON for scripts.")


# -- team ---------------------------------------------------------------------------------------------
@click.group("team")
def team_group() -> None:
    """Members and their roles. With no team defined, anyone may do anything (solo use).

    Once a team is defined, only members may open the annotation screen (identity: --annotator,
    else the OS user name), and only curators may merge, curate, assign and change the team.
    Roles guard against mistakes; file permissions on the database are the security boundary.
    """


@team_group.command("add")
@db_option
@click.argument("name")
@click.option("--curator", "is_curator", is_flag=True, help="Make NAME a curator (merge, curate, assign, team).")
@as_option
@user_errors
def team_add(db_path, name, is_curator, actor) -> None:
    """Add NAME to the team, or change their role. Once the team has a curator, only curators
    may change it."""
    store = open_store(db_path)
    role = CURATOR if is_curator else ANNOTATOR
    outcome = store.add_member(name, role, actor=_me(actor))
    click.echo({"added": f"Added {name} as {role}", "changed": f"{name} is now {role}",
                "unchanged": f"{name} is already {role}"}[outcome])


@team_group.command("list")
@db_option
@format_option
@user_errors
def team_list(db_path, fmt) -> None:
    """List the members and their roles."""
    members = open_store(db_path, read_only=True).members()
    if fmt == "json":
        _json([{"name": n, "role": r} for n, r in members.items()])
        return
    if not members:
        click.echo("No team defined: anyone may annotate, merge and curate (solo use).")
        return
    for name, role in members.items():
        click.echo(f"{name}\t{role}")


@team_group.command("remove")
@db_option
@click.argument("name")
@as_option
@user_errors
def team_remove(db_path, name, actor) -> None:
    """Remove NAME from the team (their layer and work stay). The only curator cannot be
    removed while other members remain."""
    open_store(db_path).remove_member(name, actor=_me(actor))
    click.echo(f"Removed {name}")


# -- assign -------------------------------------------------------------------------------------------
@click.command("assign")
@db_option
@click.option("--annotators", help="Comma-separated annotators (default: every team member whose role is annotator).")
@click.option("--overlap", type=click.IntRange(min=1), default=1, show_default=True,
              help="How many annotators each document goes to.")
@click.option("--double", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="The fraction of documents (chosen at random) that go to one annotator more.")
@click.option("--seed", type=int, help="Seed of the random choices: the same seed gives the same assignment "
              "(default: a new one, printed).")
@click.option("--only-new", is_flag=True, help="Assign only the documents not assigned yet (imported since).")
@click.option("--replace", is_flag=True, help="Drop the existing assignment and assign every document again.")
@click.option("--list", "list_", is_flag=True, help="Print the assignment instead of changing it.")
@format_option
@as_option
@user_errors
def assign_command(db_path, annotators, overlap, double, seed, only_new, replace, list_, fmt, actor) -> None:
    """Assign documents to annotators: each document to --overlap of them, balanced (the numbers
    of documents differ by at most one), reproducible with --seed.

    --overlap 1 --double 0.2 gives each document to one annotator and a random 20% to two (to
    measure agreement cheaply). The annotation screen walks each annotator's own queue first;
    'annotator status' shows their progress against it. --list prints
    [{"id": ..., "annotators": [...]}, ...] with --format json.
    """
    from annotator.curation.assign import assign_documents, assignment_list

    store = open_store(db_path, read_only=list_)
    if list_:
        ctx = click.get_current_context()
        changing = [f"--{p.replace('_', '-')}" for p in ("annotators", "seed", "only_new", "replace")
                    if ctx.get_parameter_source(p) == click.core.ParameterSource.COMMANDLINE]
        if changing:
            raise click.UsageError(f"--list prints the assignment: it cannot be combined with {changing[0]}")
        rows = assignment_list(store)
        if fmt == "json":
            _json(rows)
            return
        for row in rows:
            click.echo(f"{row['id']}\t{','.join(row['annotators']) or '-'}")
        return
    summary = assign_documents(store, _names(annotators), overlap, actor=_me(actor), double=double, seed=seed,
                               only_new=only_new, replace=replace)
    if fmt == "json":
        _json({"documents": summary.documents, "seed": summary.seed, "assigned": summary.new_per_annotator,
               "total": summary.per_annotator})
        return
    if not summary.documents:
        click.echo("Nothing to assign: every document is assigned already.")
        return
    given = ", ".join(f"{n} {c}" for n, c in summary.new_per_annotator.items())
    click.echo(f"Assigned {summary.documents} document(s) (seed {summary.seed}): {given}")
    if summary.per_annotator != summary.new_per_annotator:
        click.echo("In total: " + ", ".join(f"{n} {c}" for n, c in summary.per_annotator.items()))


# -- layer --------------------------------------------------------------------------------------------
@click.group("layer")
def layer_group() -> None:
    """List, rename and delete layers (a mistyped --annotator creates a stray layer).

    Layers with no done document are left out of 'agreement' and 'curate' unless named.
    machine and gold cannot be renamed or deleted.
    """


@layer_group.command("list")
@db_option
@format_option
@user_errors
def layer_list(db_path, fmt) -> None:
    """Every layer: its kind, team role, spans and statuses; "not started" when no document
    is done (left out of agreement and curation by default)."""
    infos = open_store(db_path, read_only=True).layer_infos()
    if fmt == "json":
        _json([info.to_json() for info in infos])
        return
    if not infos:
        click.echo("No layers yet.")
        return
    click.echo("layer\tkind\tmember\tspans\tdone\tin progress\tskipped\tstate")
    for info in infos:
        state = "started" if info.started else "not started"
        click.echo(f"{info.name}\t{info.kind}\t{info.member or '-'}\t{info.spans}\t{info.done}\t"
                   f"{info.in_progress}\t{info.skipped}\t{state}")


@layer_group.command("rename")
@db_option
@click.argument("old")
@click.argument("new")
@as_option
@user_errors
def layer_rename(db_path, old, new, actor) -> None:
    """Rename layer OLD to NEW everywhere (spans, statuses, decisions, history, assignments,
    flags, team membership). NEW must not exist yet. With a team, curators only."""
    store = open_store(db_path)
    me = _me(actor)
    store.require_role(me, CURATOR, "rename layers")
    store.rename_layer(old, new, actor=me)
    click.echo(f"Renamed layer {old} to {new}")


@layer_group.command("delete")
@db_option
@click.argument("name")
@click.option("--backup", "backup_path", type=click.Path(dir_okay=False),
              help="Where to write the backup taken first (default: beside the database).")
@as_option
@user_errors
def layer_delete(db_path, name, backup_path, actor) -> None:
    """Delete layer NAME (its spans, statuses, decisions, flags and assignments), after backing
    up the whole database. The deletion is logged; the backup is the way back. With a team,
    curators only."""
    store = open_store(db_path)
    me = _me(actor)
    store.require_role(me, CURATOR, "delete layers")
    backup = store.delete_layer(name, actor=me, backup=backup_path)
    click.echo(f"Deleted layer {name}" + (f" (backup: {backup})" if backup else ""))


COMMANDS = [team_group, assign_command, layer_group]
