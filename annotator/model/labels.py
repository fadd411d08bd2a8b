"""The label scheme of the project (see docs/guidelines.md).

Adding a label: add it to ``Label`` (the order is the order of the number keys in the TUI),
give it a colour and a marker in ``annotator/tui/theme.py``, and describe it in the guidelines.
"""

from enum import StrEnum


class Label(StrEnum):
    """A span label. The value is what is stored and exported."""

    ACTOR = "ACTOR"
    FIGURE = "FIGURE"
    LOCATION = "LOCATION"
    SOURCE = "SOURCE"


LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def is_label(value: object) -> bool:
    """True if ``value`` is one of the scheme's labels (case-sensitive, as stored)."""
    return isinstance(value, str) and value in LABELS
