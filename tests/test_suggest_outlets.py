"""The outlets of every European country (annotator/suggest/data/outlets.tsv): every line names its
source, outlets are found in the languages the other tables lacked, and the spelling checks keep
words that share a matching key with an outlet from reading as one."""

from importlib import resources

import pytest

from annotator.suggest import suggest_text


def _sources(text: str, lang: str) -> list[str]:
    return [text[c.start : c.end] for c in suggest_text(text, [lang]) if c.label == "SOURCE"]


def test_every_outlet_line_names_its_source():
    text = resources.files("annotator.suggest").joinpath("data", "outlets.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) >= 60 and len({r[0] for r in rows}) == len(rows)
    for row in rows:
        assert len(row) == 4 and row[3].startswith("https://") and row[1] in ("", "word", "cue"), row[0]


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("Þetta kemur fram í frétt Morgunblaðsins í dag.", "is", "Morgunblaðsins"),
        ("Skont The Malta Independent, il-qorti ċaħdet il-talba.", "mt", "The Malta Independent"),
        ("Wéi de Luxemburger Wort bericht, ass d'Strooss zou.", "lb", "Luxemburger Wort"),
        ("The story was first reported by the Irish Examiner.", "en", "Irish Examiner"),
        ("Det melder Adresseavisen mandag.", "no", "Adresseavisen"),
        ("Про це повідомляє Економічна правда.", "uk", "Економічна правда"),
        ("Kako prenosi Dnevni avaz, sjednica je odgođena.", "bs", "Dnevni avaz"),
        ("Wie FOCUS online berichtet, steigen die Preise.", "de", "FOCUS online"),
    ],
)
def test_outlets_of_the_languages_the_other_tables_lacked(text, lang, source):
    assert source in _sources(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Il-Ministru tas-Saħħa żar l-isptar.", "mt"),  # "tas" shares a key with "Tass", not its letters
        ("Alt annet utstyr tas ut av helikopteret.", "no"),
        ("Le point noir demeure les académies.", "fr"),  # a later word of "Le Point" in lower case
        ("Ευρωπαϊκό Μηχανισμό Πολιτικής Προστασίας", "el"),  # not the Polish weekly "Polityka"
        ("prokurátora Generálnej prokuratúry SR Michala", "sk"),  # SR: Slovenská republika
    ],
)
def test_words_sharing_a_key_with_an_outlet_are_not_sources(text, lang):
    assert _sources(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("Ríkisstjórnin fundaði í gær.\n\nHeimild: Kjarninn", "is", "Kjarninn"),
        ("Η κυβέρνηση ανακοίνωσε μέτρα.\n\nΠηγή: Newsbomb", "el", "Newsbomb"),
        ("Il-Gvern ħabbar miżuri ġodda.\n\nRitratt: Newsbook", "mt", "Newsbook"),
        ("Агенція повідомила, що видання Главком отримало документи.", "uk", "Главком"),
    ],
)
def test_credit_cues_and_media_words_of_more_languages(text, lang, source):
    assert source in _sources(text, lang)
