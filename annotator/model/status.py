"""Per-document status of a layer."""

from enum import StrEnum


class Status(StrEnum):
    """Where a layer stands on a document. ``todo`` is implied when nothing is recorded."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
