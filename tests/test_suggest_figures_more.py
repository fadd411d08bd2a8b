"""FIGURE in the languages the real news set added: Bulgarian and Macedonian number words, "на сто"
(per cent), ranges of hours, Cyrillic month names."""

import pytest

from annotator.suggest import suggest_text


def _figures(text: str, lang: str) -> list[str]:
    return [text[c.start : c.end] for c in suggest_text(text, [lang]) if c.label == "FIGURE"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Еден граѓанин и двајца спасувачи загинаа.", "mk", ["двајца"]),
        ("Евакуирани са около три хиляди души.", "bg", ["три хиляди"]),
        ("Основният лихвен процент е 3,53 на сто от 1 септември.", "bg", ["3,53"]),
        ("Sandorių laikas pratęstas nuo 12 iki 14 valandos, pranešė 3 bankai.", "lt", ["3"]),
        ("A maior preocupação é das 20/21 horas até às 23 horas, disse; 5 casas.", "pt", ["5"]),
    ],
)
def test_figures(text, lang, expected):
    assert _figures(text, lang) == expected
