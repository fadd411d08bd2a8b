"""Provenance of gold spans: where each one came from, as a short text in ``spans.provenance``.

- ``merge:unanimous:alice,bob`` — added by ``annotator merge``; the layers that agreed;
- ``curator:carol:followed=alice,bob`` — a curator took that version; the layers that had it;
- ``curator:carol:edited`` — a curator drew or changed the span by hand.

Layer and curator names cannot contain ``:``, ``,`` or ``=`` (see ``validate_layer_name``), so
the text parses back unambiguously.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

MERGE = "merge"
CURATOR = "curator"
FOLLOWED = "followed="
EDITED = "edited"


def merged(strategy: str, layers: Sequence[str]) -> str:
    return f"{MERGE}:{strategy}:{','.join(layers)}"


def followed(curator: str, layers: Sequence[str]) -> str:
    return f"{CURATOR}:{curator}:{FOLLOWED}{','.join(layers)}"


def edited(curator: str) -> str:
    return f"{CURATOR}:{curator}:{EDITED}"


@dataclass(frozen=True, slots=True)
class Provenance:
    """A parsed provenance: ``kind`` is ``merge``, ``curator`` or ``other``."""

    kind: str
    who: str  # the merge strategy, or the curator
    layers: tuple[str, ...] = ()
    edited: bool = False
    raw: str = ""


def parse(text: str | None) -> Provenance | None:
    if not text:
        return None
    parts = text.split(":", 2)
    if len(parts) == 3 and parts[0] == MERGE:
        return Provenance(MERGE, parts[1], tuple(p for p in parts[2].split(",") if p), raw=text)
    if len(parts) == 3 and parts[0] == CURATOR:
        if parts[2] == EDITED:
            return Provenance(CURATOR, parts[1], edited=True, raw=text)
        if parts[2].startswith(FOLLOWED):
            layers = tuple(p for p in parts[2][len(FOLLOWED):].split(",") if p)
            return Provenance(CURATOR, parts[1], layers, raw=text)
    return Provenance("other", "", raw=text)


def describe(text: str | None, alias: Callable[[str], str] = str) -> str:
    """A short phrase for the screen and reports, with layer names passed through ``alias``
    (to hide annotators' names in anonymous curation)."""
    found = parse(text)
    if found is None:
        return "no provenance"
    names = ", ".join(alias(layer) for layer in found.layers)
    if found.kind == MERGE:
        return f"merged ({found.who}: {names})"
    if found.kind == CURATOR:
        if found.edited:
            return f"edited by {found.who}"
        return f"{found.who} followed {names}" if names else f"chosen by {found.who}"
    return found.raw
