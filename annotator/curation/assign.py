"""Assigning documents to annotators: each document to ``overlap`` of them (some to one more, to
measure agreement cheaply), balanced and reproducible.

The plan is greedy: documents in a shuffled order each go to the annotators with the fewest
documents so far, ties broken at random. Whatever the number of annotators per document, the
counts then never differ by more than one (the least loaded are always the ones that grow), and
the same seed gives the same plan.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotator.model import InputError, quoted, validate_annotator_name
from annotator.store import Store
from annotator.store.team import CURATOR


def plan_assignment(doc_ids: Sequence[str], annotators: Sequence[str], overlap: int, *, double: float = 0.0,
                    seed: int | None = None, counts: Mapping[str, int] | None = None) -> dict[str, list[str]]:
    """doc id -> the annotators it goes to (sorted), for every document in ``doc_ids``.

    Each document goes to ``overlap`` annotators; a random ``double`` fraction of them (rounded)
    to ``overlap + 1``. ``counts`` are documents the annotators already have (an assignment of
    new documents keeps the whole balanced)."""
    names = list(dict.fromkeys(annotators))
    if not names:
        raise InputError("no annotators to assign to")
    if not 1 <= overlap <= len(names):
        raise InputError(f"--overlap must be between 1 and the number of annotators ({len(names)}), got {overlap}")
    if not 0.0 <= double <= 1.0:
        raise InputError(f"--double is a fraction of the documents, between 0 and 1, got {double}")
    if double > 0 and overlap + 1 > len(names):
        raise InputError(f"--double gives some documents to {overlap + 1} annotators, but there are only {len(names)}")
    rng = random.Random(seed)
    order = list(doc_ids)
    rng.shuffle(order)
    extra = set(order[: round(double * len(order))])
    load = {name: int((counts or {}).get(name, 0)) for name in names}
    plan: dict[str, list[str]] = {}
    for doc_id in order:
        k = overlap + (1 if doc_id in extra else 0)
        chosen = sorted(names, key=lambda n: (load[n], rng.random()))[:k]
        for name in chosen:
            load[name] += 1
        plan[doc_id] = sorted(chosen)
    return {doc_id: plan[doc_id] for doc_id in doc_ids}


@dataclass
class AssignSummary:
    """What ``assign_documents`` did."""

    documents: int
    seed: int
    per_annotator: dict[str, int] = field(default_factory=dict)  # documents now assigned, in total
    new_per_annotator: dict[str, int] = field(default_factory=dict)  # documents given by this run


def assign_documents(store: Store, annotators: Sequence[str] | None, overlap: int, *, actor: str,
                     double: float = 0.0, seed: int | None = None, only_new: bool = False,
                     replace: bool = False) -> AssignSummary:
    """Plan and store an assignment. Without ``only_new`` every document is assigned, which is
    refused if some already are (unless ``replace``); with it, only documents not yet assigned.

    With a team, only a curator may assign, to members; without ``annotators``, to every member
    whose role is annotator."""
    store.require_role(actor, CURATOR, "assign documents")
    members = store.members()
    if not annotators:
        annotators = [n for n, r in members.items() if r != CURATOR]
        if not annotators:
            raise InputError("name the annotators with --annotators (or define a team with 'annotator team add')")
    names = list(dict.fromkeys(annotators))
    for name in names:
        validate_annotator_name(name)
        if members and name not in members:
            raise InputError(f"{quoted(name)} is not a member of the team (members: {', '.join(members)})")
    existing = store.assignments()
    if only_new and replace:
        raise InputError("--only-new keeps the assignment and --replace redoes it: choose one")
    if existing and not only_new and not replace:
        raise InputError(f"{len(existing)} document(s) are already assigned: use --only-new to assign the "
                         "documents imported since, or --replace to redo the whole assignment")
    all_ids = store.document_ids()
    doc_ids = [d for d in all_ids if d not in existing] if only_new else all_ids
    counts: dict[str, int] = {}
    if only_new:
        for assigned in existing.values():
            for name in assigned:
                counts[name] = counts.get(name, 0) + 1
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    plan = plan_assignment(doc_ids, names, overlap, double=double, seed=seed, counts=counts)
    if plan:
        store.assign(plan, actor=actor, replace=replace,
                     note={"annotators": names, "overlap": overlap, "double": double, "seed": seed,
                           "only_new": only_new})
    new: dict[str, int] = dict.fromkeys(names, 0)
    for assigned in plan.values():
        for name in assigned:
            new[name] += 1
    total: dict[str, int] = {}
    for assigned in store.assignments().values():
        for name in assigned:
            total[name] = total.get(name, 0) + 1
    return AssignSummary(len(plan), seed, dict(sorted(total.items())), new)


def assignment_list(store: Store) -> list[dict]:
    """``[{"id": ..., "annotators": [...]}, ...]`` for every document, in import order."""
    assigned = store.assignments()
    return [{"id": doc_id, "annotators": assigned.get(doc_id, [])} for doc_id in store.document_ids()]
