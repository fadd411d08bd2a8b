"""Names vulture (see ``tests/test_dead_code.py``) cannot see being used; each with its reason.

Not a test module: vulture reads it as one more source in which these names are used.
"""

import sqlite3

from annotator.curation.merge import Strategy
from annotator.formats.output import _Utf8Text
from annotator.store.team import Flag, TeamMixin
from annotator.tui.app import AnnotatorApp

sqlite3.Cursor.row_factory  # sqlite3's attribute: set on a cursor so that its rows are read by name
Strategy.MAJORITY  # chosen by value: merge --strategy majority
_Utf8Text.writable  # part of the file protocol its callers may ask about
Flag.created_at  # a column of the flags table, read into the dataclass by name
TeamMixin.assigned_documents  # team API, for the work list of an annotator
AnnotatorApp.ansi_color  # Textual's App attribute: send ANSI colours as they are
