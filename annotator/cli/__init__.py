"""The command line: a thin face of the library. Each command opens the database, calls one
library function and turns its errors into a one-line message with a non-zero exit status.

A bare ``annotator`` opens the annotation TUI (the default command).
"""

from annotator.cli.main import main

__all__ = ["main"]
