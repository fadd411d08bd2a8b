"""The label scheme: one ``Label`` StrEnum whose values are what is stored and exported, and one
theme per label (key, letter, colours) in the enum's order."""

import json

import orjson

from annotator.model import LABELS, Label, is_label
from annotator.tui.theme import LABEL_THEMES, label_theme


def test_labels_are_the_stored_strings():
    assert LABELS == ("ACTOR", "FIGURE", "LOCATION", "SOURCE") == tuple(Label)
    assert all(type(label) is str for label in LABELS)  # plain strings, as read from the database
    assert Label.ACTOR == "ACTOR" and f"{Label.ACTOR}" == str(Label.ACTOR) == "ACTOR"
    assert json.dumps([Label.ACTOR]) == orjson.dumps([Label.ACTOR]).decode() == '["ACTOR"]'
    assert is_label(Label.SOURCE) and is_label("SOURCE") and not is_label("source")


def test_every_label_has_one_theme_keyed_in_the_enum_order():
    assert list(LABEL_THEMES) == list(Label)
    assert [theme.key for theme in LABEL_THEMES.values()] == [str(i) for i in range(1, len(Label) + 1)]
    for field in ("letter", "colour"):
        values = [getattr(theme, field) for theme in LABEL_THEMES.values()]
        assert len(set(values)) == len(values), field
    assert label_theme("ACTOR") is LABEL_THEMES[Label.ACTOR]  # a stored string finds its theme
    assert label_theme("PER").letter == "P"  # an unknown label gets a fallback, not a crash
