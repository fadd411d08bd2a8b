"""How labels look and which keys apply them.

Every label has a key, a letter and a colour. The colours are the eight basic ANSI colours, so
they stay distinct on 16-colour terminals, and the letter is always drawn next to the span
(``[A Putin]``), so colour is never the only cue. Machine suggestions have no background, are
italic and underlined, and carry a ``?`` (``[A? Putin]``) until they are accepted.

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

    @property
    def span_style(self) -> Style:
        """An accepted span: the text on the label's colour."""
        return Style(color=self.text_colour, bgcolor=self.colour)

    @property
    def mark_style(self) -> Style:
        """The ``[A`` ... ``]`` marks around an accepted span."""
        return Style(color=self.text_colour, bgcolor=self.colour, bold=True)

    @property
    def suggestion_style(self) -> Style:
        """A machine suggestion not yet accepted: coloured text, italic, underlined."""
        return Style(color=self.colour, italic=True, underline=True)

    @property
    def suggestion_mark_style(self) -> Style:
        return Style(color=self.colour, bold=True, dim=True)

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


# The rest of the article view.
CURSOR_STYLE = Style(reverse=True, bold=True)
SELECTION_STYLE = Style(color="bright_white", bgcolor="bright_black", bold=True, underline=True)
SEARCH_STYLE = Style(color="black", bgcolor="bright_cyan")
FOREIGN_GUTTER_STYLE = Style(color="bright_cyan", bold=True)
CONTINUATION_GUTTER_STYLE = Style(color="bright_cyan", dim=True)
