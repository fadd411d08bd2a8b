"""SOURCE and its boundaries on snippets of real news (news_dev2): credit lines, slash partners,
and the checks that keep a word, a place's code or a body's name from reading as an outlet."""

import pytest

from annotator.suggest import suggest_text


def _spans(text: str, lang: str) -> set[tuple[str, str]]:
    return {(text[c.start : c.end], str(c.label)) for c in suggest_text(text, [lang])}


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("Mainz/Daun (dpa/lrs) - Ein Mann", "de", "lrs"),  # an agency's desk in its credit
        ("sismologique français.\n\nLQ / AFP", "fr", "LQ"),
        ("bekertoernooi.\n\nFoto: Photo News", "nl", "Photo News"),
        ("штета.\n\nИзвор: Морава инфо", "sr", "Морава инфо"),  # outranks the region
        ("írja a formációról a Szabad Európa.", "hu", "Szabad Európa"),
    ],
)
def test_sources_in_credits_and_native_names(text, lang, source):
    assert (source, "SOURCE") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("mis on selle ajaloo kõrgeim tase.", "et", "tase"),  # a word, not TASS with an ending
        ("LE DUE SCOSSE AD ASCOLI", "it", "AD"),  # a capital heading's word
        ("Vila de Rei, Proença-a-Nova, Vila", "pt", "Nova"),  # inside a compound
        ("ЗЕМЉОТРЕС У КРАЉЕВУ\n\nДанас у 12:28 на подручју", "sr", "Данас"),  # "today"
        ("Agencija RS za okolje (Arso) je", "sl", "RS"),  # a body's name, not an agency
    ],
)
def test_words_codes_and_bodies_are_not_sources(text, lang, word):
    assert (word, "SOURCE") not in _spans(text, lang)


def test_italian_province_code_is_a_place():
    assert ("AP", "LOCATION") in _spans("nei Comuni di Folignano (AP), Ascoli", "it")


def test_common_word_outlet_with_a_media_word_stays():
    assert ("Danas", "SOURCE") in _spans("Kako piše list Danas, vlada je pala.", "sr")


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("powiedział PAP-owi", "pl", "PAP-owi"),  # Polish ending after a hyphen
        ("Pranešė BNS-ui.", "lt", "BNS-ui"),
        ("rääkis Postimehele.", "et", "Postimehele"),  # an irregular stem listed
        ("kertoi MTV Uutisille.", "fi", "MTV Uutisille"),
        ("sagte er dem Bayerischen Rundfunk.", "de", "Bayerischen Rundfunk"),
    ],
)
def test_outlets_in_their_case_forms(text, lang, source):
    assert (source, "SOURCE") in _spans(text, lang)


def test_a_pollster_agency_is_not_a_source():
    text = "Podle průzkumu agentury STEM s novelou nesouhlasí 58 procent lidí."
    assert ("STEM", "SOURCE") not in _spans(text, "cs")


def test_a_broadcaster_named_by_a_word_needs_a_media_word():
    assert ("Novega", "SOURCE") not in _spans("Matična družba Krka iz Novega mesta je", "sl")
    assert ("Nova", "SOURCE") in _spans("Podle televize Nova je", "cs")


def test_a_german_noun_is_not_an_outlet_without_a_media_word():
    assert ("Welt", "SOURCE") not in _spans("Das ist die schönste Stadt der Welt, sagte er.", "de")
    assert ("Bild-Zeitung", "SOURCE") in _spans("Das berichtet die Bild-Zeitung.", "de")
