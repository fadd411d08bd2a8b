"""How labels look and which keys apply them.

Every label has a key, a letter and a colour. The colours are the eight basic ANSI colours, so
they stay distinct on 16-colour terminals, and the letter is always drawn next to the span
(``[A Putin]``), so colour is never the only cue. Machine suggestions have no background, are
italic and underlined, and carry a ``?`` (``[A? Putin]``) until they are accepted. Every style
has a colourless variant (for ``NO_COLOR``) built from bold, underline and reverse video only.

Adding a label: add it to ``annotator.model.labels.Label``, then give it a ``LabelTheme`` here.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style

from annotator.model import LABELS


@dataclass(frozen=True, slots=True)
class LabelTheme:
    """The look of one label and the key that applies it."""

    label: str
    key: str
    letter: str
    colour: str
    text_colour: str

    def span_style(self, no_color: bool = False) -> Style:
        """An accepted span: the text on the label's colour (bold without colour)."""
        if no_color:
            return Style(bold=True)
        return Style(color=self.text_colour, bgcolor=self.colour)

    def mark_style(self, no_color: bool = False) -> Style:
        """The ``[A`` ... ``]`` marks around an accepted span (reversed without colour)."""
        if no_color:
            return Style(bold=True, reverse=True)
        return Style(color=self.text_colour, bgcolor=self.colour, bold=True)

    def suggestion_style(self, no_color: bool = False) -> Style:
        """A machine suggestion not yet accepted: coloured text, italic, underlined."""
        if no_color:
            return Style(italic=True, underline=True)
        return Style(color=self.colour, italic=True, underline=True)

    def suggestion_mark_style(self, no_color: bool = False) -> Style:
        """The ``[A?`` ... ``]`` marks of a suggestion: bold, never dim (dim shades vanish on
        some terminals and without colour)."""
        if no_color:
            return Style(bold=True)
        return Style(color=self.colour, bold=True)

    def markup_style(self, *, suggestion: bool = False, mark: bool = False, no_color: bool = False) -> str:
        """The same looks as a style string, for ``Content``."""
        if suggestion:
            style = self.suggestion_mark_style(no_color) if mark else self.suggestion_style(no_color)
        else:
            style = self.mark_style(no_color) if mark else self.span_style(no_color)
        return str(style)

    def open_mark(self, suggestion: bool) -> str:
        """Drawn before the span's first character."""
        return f"[{self.letter}? " if suggestion else f"[{self.letter} "

    def close_mark(self, suggestion: bool) -> str:
        """Drawn after the span's last character."""
        return "]"


LABEL_THEMES: dict[str, LabelTheme] = {
    "ACTOR": LabelTheme("ACTOR", "1", "A", "blue", "bright_white"),
    "FIGURE": LabelTheme("FIGURE", "2", "F", "magenta", "bright_white"),
    "LOCATION": LabelTheme("LOCATION", "3", "L", "green", "black"),
    "SOURCE": LabelTheme("SOURCE", "4", "S", "yellow", "black"),
}

_FALLBACK_COLOURS = ["cyan", "red", "bright_blue", "bright_magenta", "bright_green", "bright_red"]


def label_theme(label: str) -> LabelTheme:
    """The theme of ``label``; labels without one get a fallback (never a crash)."""
    theme = LABEL_THEMES.get(label)
    if theme is None:
        index = LABELS.index(label) if label in LABELS else 0
        theme = LabelTheme(label, str(index + 1), label[:1] or "?",
                           _FALLBACK_COLOURS[index % len(_FALLBACK_COLOURS)], "black")
    return theme


# The rest of the article view. Without colour (``NO_COLOR``) every state is told apart by
# bold, underline and reverse video alone: accepted spans are bold between reversed marks,
# suggestions underlined between bold marks, the selection and search matches reversed, and the
# cursor reverses whatever is under it.
CURSOR_STYLE = Style(reverse=True, bold=True)
SELECTION_STYLE = Style(color="bright_white", bgcolor="bright_black", bold=True, underline=True)
SEARCH_STYLE = Style(color="black", bgcolor="bright_cyan")
FOREIGN_GUTTER_STYLE = Style(color="bright_cyan", bold=True)
CONTINUATION_GUTTER_STYLE = Style(color="bright_cyan", dim=True)

NO_COLOR_SELECTION_STYLE = Style(reverse=True)
NO_COLOR_SEARCH_STYLE = Style(reverse=True, italic=True)
NO_COLOR_CURSOR_ON_REVERSE_STYLE = Style(reverse=False, bold=True, underline=True)
NO_COLOR_FOREIGN_GUTTER_STYLE = Style(bold=True)
NO_COLOR_CONTINUATION_GUTTER_STYLE = Style()


def selection_style(no_color: bool) -> Style:
    return NO_COLOR_SELECTION_STYLE if no_color else SELECTION_STYLE


def search_style(no_color: bool) -> Style:
    return NO_COLOR_SEARCH_STYLE if no_color else SEARCH_STYLE


def gutter_styles(no_color: bool) -> tuple[Style, Style]:
    """(first row of a paragraph in another language, its other rows)."""
    if no_color:
        return NO_COLOR_FOREIGN_GUTTER_STYLE, NO_COLOR_CONTINUATION_GUTTER_STYLE
    return FOREIGN_GUTTER_STYLE, CONTINUATION_GUTTER_STYLE
