"""annotator.text.visible: nothing a terminal would obey gets through, and lengths are kept."""

from annotator.curation.report import printable
from annotator.text.visible import visible_table
from annotator.tui.layout import display_text

HOSTILE = "a\x1b[31mb\x07\tc\x7f\x85\u2028\u202e\u2066d\ne"


def test_every_control_becomes_one_visible_character():
    table = visible_table(newline="⏎", line_separator="↵")
    shown = HOSTILE.translate(table)
    assert len(shown) == len(HOSTILE) and shown.isprintable()
    assert "plain text, ü ✓".translate(table) == "plain text, ü ✓"


def test_the_article_keeps_newlines_and_the_report_shows_them():
    assert display_text(HOSTILE).split("\n") == [display_text(HOSTILE[:-2]), "e"]
    assert "\n" not in printable(HOSTILE) and len(printable(HOSTILE)) == len(HOSTILE)
