"""The article layout: wrapping with code-point offsets preserved (no Textual involved)."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from annotator.tui.layout import Layout, display_text


def rows(layout: Layout) -> list[str]:
    return [layout.text[s:e] for s, e in zip(layout.starts, layout.ends, strict=True)]


def test_layout_and_editing_import_no_textual():
    code = (
        "import sys, annotator.tui.layout, annotator.tui.editing, annotator.tui.session;"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_wraps_at_spaces_and_keeps_paragraphs():
    text = "Hello world, this is a test of wrapping.\n\nSecond paragraph here."
    layout = Layout(text, 12)
    assert rows(layout) == ["Hello world, ", "this is a ", "test of ", "wrapping.", "", "Second ", "paragraph ",
                            "here."]
    assert all(cell_len(r.rstrip()) <= 12 for r in rows(layout))


def test_every_offset_maps_to_one_row_and_back():
    text = "Kazašský prezident Kasym-Žomart Tokajev v piatok oznámil.\nΑλμάτι 中文字符 🇰🇿 flag."
    layout = Layout(text, 10)
    for offset in range(len(text)):
        row, column = layout.position(offset)
        assert layout.starts[row] <= offset <= layout.ends[row]
        if text[offset] not in " \n":
            assert layout.offset_at(row, column) == offset


def test_wide_characters_take_two_cells():
    text = "中文字符中文字符"  # 8 characters, 16 cells
    layout = Layout(text, 6)
    assert rows(layout) == ["中文字", "符中文", "字符"]
    assert layout.column_of(text.index("文")) == 2


def test_long_word_is_broken_between_graphemes():
    text = "x" * 25
    layout = Layout(text, 10)
    assert [len(r) for r in rows(layout)] == [10, 10, 5]


def test_control_characters_are_visible_and_keep_offsets():
    text = "red \x1b[31mred\x1b[0m bell\x07 del\x7f tab\there"
    shown = display_text(text)
    assert len(shown) == len(text)
    assert "\x1b" not in shown and "\x07" not in shown and "\x7f" not in shown
    assert "␛[31mred␛[0m" in shown
    assert "\t" not in shown


def test_marks_take_cells_and_rewrap_only_their_paragraph():
    text = "aaa bbb ccc ddd\nsecond paragraph stays"
    layout = Layout(text, 15)
    assert rows(layout)[0] == "aaa bbb ccc ddd"
    second = layout.starts[1:]
    # a 3-cell mark before "ddd" pushes it to the next row
    moved = layout.update_marks({12: 3}, {})
    assert moved
    assert rows(layout)[:2] == ["aaa bbb ccc ", "ddd"]
    assert layout.starts[2:] == second
    assert layout.column_of(12) == 3  # the mark is drawn before the character
    layout.update_marks({12: 0}, {})
    assert rows(layout)[0] == "aaa bbb ccc ddd"


def test_column_counts_marks_before_and_after():
    text = "ab cd ef"
    layout = Layout(text, 40, before={3: 3}, after={5: 1})
    assert layout.column_of(3) == 6  # "ab " + "[A "
    assert layout.column_of(6) == 3 + 3 + 2 + 1 + 1  # "ab ", mark, "cd", "]", " "
    assert layout.offset_at(0, 4) == 3  # a click on the mark lands on the span


words = st.lists(
    st.one_of(st.sampled_from(["a", "bb", "Tokajev", "20.000", "中文", "🇰🇿", "x" * 30, "\x1b[1m"]),
              st.just("\n")),
    min_size=0, max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(words, st.integers(min_value=1, max_value=30), st.data())
def test_incremental_marks_equal_a_fresh_layout(parts, width, data):
    text = " ".join(parts)
    layout = Layout(text, width)
    before: dict[int, int] = {}
    after: dict[int, int] = {}
    if text:
        for _ in range(data.draw(st.integers(0, 4))):
            offset = data.draw(st.integers(0, len(text) - 1))
            w = data.draw(st.integers(0, 4))
            b_change = {offset: w}
            a_change = {offset + 1: data.draw(st.integers(0, 2))}
            layout.update_marks(b_change, a_change)
            for marks, change in ((before, b_change), (after, a_change)):
                for k, v in change.items():
                    if v:
                        marks[k] = v
                    else:
                        marks.pop(k, None)
    fresh = Layout(text, width, before=before, after=after)
    assert layout.starts == fresh.starts
    assert layout.ends == fresh.ends
    # rows tile the text: each row starts where the previous ended (or after a newline)
    for i in range(1, layout.height):
        gap = text[layout.ends[i - 1]:layout.starts[i]]
        assert gap in ("", "\n")
    assert layout.starts[0] == 0 and layout.ends[-1] == len(text)


@settings(max_examples=40, deadline=None)
@given(words, st.integers(min_value=4, max_value=30))
def test_rows_fit_the_width_except_hanging_spaces_and_long_graphemes(parts, width):
    text = " ".join(parts)
    layout = Layout(text, width)
    for r in rows(layout):
        shown = display_text(r).rstrip(" ")
        assert cell_len(shown) <= width or len(shown) == 1
