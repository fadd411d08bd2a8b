"""The old name of :func:`annotator.formats.output.open_output`, kept for callers written before
it: an output path is replaced atomically only when it is a regular file or a new path; a
symlink is followed, a FIFO, a device or ``-`` is written directly."""

from annotator.formats.output import open_output as atomic_writer

__all__ = ["atomic_writer"]
