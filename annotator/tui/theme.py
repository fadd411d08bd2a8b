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

from annotator.model import LABELS, Label


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


def _numbered(label: Label, letter: str, colour: str, text_colour: str) -> LabelTheme:
    """A label's theme; its key is its place in ``Label`` (1 for the first)."""
    return LabelTheme(label, str(LABELS.index(label) + 1), letter, colour, text_colour)


#: The one definition of each label's key, letter and colours (the CSS below is made from it).
LABEL_THEMES: dict[str, LabelTheme] = {
    theme.label: theme
    for theme in (
        _numbered(Label.ACTOR, "A", "blue", "bright_white"),
        _numbered(Label.FIGURE, "F", "magenta", "bright_white"),
        _numbered(Label.LOCATION, "L", "green", "black"),
        _numbered(Label.SOURCE, "S", "yellow", "black"),
    )
}

_FALLBACK_COLOURS = ["cyan", "red", "bright_blue", "bright_magenta", "bright_green", "bright_red"]


# -- component classes: the labels' looks in CSS ------------------------------------------------
# The article and the span panel draw labels with component classes, so that a Textual theme or
# an app's CSS can restyle them (``ArticleView > .label--actor { background: red; }``). Their
# default CSS is generated from ``LABEL_THEMES``. Without colour the widgets use the colourless
# styles above instead (bold, underline, reverse), whatever the CSS says.
def component_name(label: str, *, suggestion: bool, mark: bool) -> str:
    """``label--actor``, ``label--actor-mark``, ``suggestion--actor``, ``suggestion--actor-mark``."""
    return f"{'suggestion' if suggestion else 'label'}--{label.lower()}{'-mark' if mark else ''}"


COMPONENT_CLASSES: set[str] = {
    component_name(label, suggestion=suggestion, mark=mark)
    for label in LABEL_THEMES for suggestion in (False, True) for mark in (False, True)
}


def component_css(widget: str) -> str:
    """The default CSS of the label component classes for ``widget`` (a type selector)."""
    rules = []
    for label, look in LABEL_THEMES.items():
        colour, text = f"ansi_{look.colour}", f"ansi_{look.text_colour}"
        for suggestion in (False, True):
            for mark in (False, True):
                name = component_name(label, suggestion=suggestion, mark=mark)
                if suggestion:
                    body = f"color: {colour}; text-style: {'bold' if mark else 'italic underline'};"
                else:
                    body = f"color: {text}; background: {colour};" + (" text-style: bold;" if mark else "")
                rules.append(f"{widget} > .{name} {{ {body} }}")
    return "\n".join(rules)


class LabelLooks:
    """For a widget that draws labels: their styles from its component classes (colourless
    without colour; the theme's for a label without a component class), cached until the
    widget's styles change; a restyle bumps the widget's ``_version`` so that it forgets the rows it has
    cached. Put it before the widget class in the bases."""

    no_color: bool = False
    _looks: dict[tuple[str, bool, bool], Style]
    _looks_seen: tuple | None = None

    def label_style(self, label: str, *, suggestion: bool = False, mark: bool = False) -> Style:
        looks = self.__dict__.setdefault("_looks", {})
        key = (label, suggestion, mark)
        style = looks.get(key)
        if style is None:
            look = label_theme(label)
            if self.no_color or label not in LABEL_THEMES:
                style = (look.suggestion_mark_style if mark else look.suggestion_style)(self.no_color) if suggestion \
                    else (look.mark_style if mark else look.span_style)(self.no_color)
            else:
                style = self.get_component_rich_style(  # type: ignore[attr-defined]
                    component_name(label, suggestion=suggestion, mark=mark), partial=True)
            looks[key] = style
        return style

    def refresh_looks(self) -> bool:
        """Read the looks again (after a style change); True if any of them changed."""
        self.__dict__["_looks"] = {}
        seen = tuple(self.label_style(label, suggestion=suggestion, mark=mark)
                     for label in LABEL_THEMES for suggestion in (False, True) for mark in (False, True))
        changed = self._looks_seen is not None and seen != self._looks_seen
        self._looks_seen = seen
        return changed

    def on_mount(self) -> None:
        self.no_color = self.app.no_color  # type: ignore[attr-defined]
        self.refresh_looks()

    def notify_style_update(self) -> None:
        """A theme or CSS restyled the labels: bump the widget's ``_version`` (the key of its
        cached rows) and redraw."""
        super().notify_style_update()  # type: ignore[misc]
        if self.is_mounted and self.refresh_looks():  # type: ignore[attr-defined]
            self._version += 1  # type: ignore[attr-defined]
            self.refresh()  # type: ignore[attr-defined]


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
