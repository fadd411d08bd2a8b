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


@pytest.mark.parametrize(
    ("lang", "text", "figure"),
    [
        ("fi", "Noin 17 tuhatta ihmistä.", "17 tuhatta"), ("et", "Umbes 17 tuhat inimest.", "17 tuhat"),
        ("lv", "Aptuveni 17 tūkstoši cilvēku.", "17 tūkstoši"), ("lt", "Apie 17 tūkstančių žmonių.", "17 tūkstančių"),
        ("hu", "Mintegy 17 ezer ember.", "17 ezer"), ("cs", "Asi 17 tisíc lidí.", "17 tisíc"),
        ("sl", "Okoli 17 tisoč ljudi.", "17 tisoč"), ("hr", "Oko 17 tisuća ljudi.", "17 tisuća"),
        ("bg", "Около 17 хиляди души.", "17 хиляди"), ("mk", "Околу 17 илјади луѓе.", "17 илјади"),
        ("da", "Omkring 17 tusind personer.", "17 tusind"), ("nl", "Zo'n 17 duizend mensen.", "17 duizend"),
        ("pt", "Cerca de 17 mil pessoas.", "17 mil"), ("el", "Περίπου 17 χιλιάδες άνθρωποι.", "17 χιλιάδες"),
    ],
)
def test_a_number_and_its_scale_word_are_one_figure(lang, text, figure):
    assert _figures(text, lang) == [figure]
