"""Layers: one annotator's annotations, the machine suggestions, or the gold standard."""

import re

from annotator.model.errors import InputError, ProtectedLayer
from annotator.model.quoting import quoted

MACHINE = "machine"
GOLD = "gold"
RESERVED_LAYERS = frozenset({MACHINE, GOLD})

_LAYER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def is_human_layer(layer: str) -> bool:
    """True for an annotator's layer (neither ``machine`` nor ``gold``)."""
    return layer not in RESERVED_LAYERS


def validate_layer_name(name: str) -> str:
    """Return ``name`` if it is a usable layer/annotator name, else raise InputError (a ValueError).

    Names end up in file names, reports and the screen, so they are restricted to letters,
    digits, ``.``, ``_`` and ``-``: no markup, escape sequences, spaces or path separators.
    """
    if not isinstance(name, str) or not _LAYER_NAME.fullmatch(name):
        raise InputError(
            f"invalid layer name {quoted(name)}: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def validate_annotator_name(name: str) -> str:
    """Return ``name`` if a person may annotate under it: a valid layer name that is not
    ``machine`` or ``gold`` (those are written only by suggest and imports, and by merge,
    curate and gold imports). Raises InputError or ProtectedLayer (ValueErrors) with a one-line reason otherwise."""
    validate_layer_name(name)
    if name == MACHINE:
        raise ProtectedLayer(f"{quoted(name)} is a protected layer, written only by 'annotator suggest' and imports: "
                         "annotate under your own name")
    if name == GOLD:
        raise ProtectedLayer(f"{quoted(name)} is a protected layer, written only by 'annotator merge', 'annotator curate' "
                         "and gold imports: annotate under your own name")
    return name
