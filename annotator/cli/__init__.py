"""The command line: a thin face of the library. Each command opens the database, calls one
library function and turns its errors into a one-line message with a non-zero exit status.

A bare ``annotator`` (no command) opens the annotation TUI.
"""

from annotator.cli.main import main

__all__ = ["main"]
