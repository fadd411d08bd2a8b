"""National bodies and parties (annotator/suggest/data/bodies.tsv): every entry names its source,
and the names are found in their case forms."""

from importlib import resources

import pytest

from annotator.suggest import suggest_text


def _actors(text: str, lang: str) -> list[str]:
    return [text[c.start : c.end] for c in suggest_text(text, [lang]) if c.label == "ACTOR"]


def test_every_entry_names_its_source():
    text = resources.files("annotator.suggest").joinpath("data", "bodies.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) >= 90
    assert len({r[0] for r in rows}) == len(rows)
    for row in rows:
        assert len(row) == 4 and row[3].startswith("https://"), row[0]


@pytest.mark.parametrize(
    ("text", "lang", "actor"),
    [
        ("Eesti Panga president ütles, et intressid jäävad kõrgeks.", "et", "Eesti Panga"),  # irregular form listed
        ("Valdyba vakar priėmė sprendimą, pranešė Lietuvos banko atstovai.", "lt", "Lietuvos banko"),  # regular ending
        ("Styrräntan höjs, skriver riksbanken.", "sv", "riksbanken"),  # lower case
        ("Die Klage wies das Bundesverfassungsgericht ab.", "de", "Bundesverfassungsgericht"),
        ("V novem sklicu Državnega zbora bo 41 poslancev.", "sl", "Državnega zbora"),
        ("Kokoomuksen kannatus nousi, kertoo kysely.", "fi", "Kokoomuksen"),
    ],
)
def test_bodies_in_their_case_forms(text, lang, actor):
    assert actor in _actors(text, lang)


def test_every_agency_names_its_source():
    text = resources.files("annotator.suggest").joinpath("data", "agencies.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) >= 20 and len({r[0] for r in rows}) == len(rows)
    for row in rows:
        assert len(row) == 4 and row[3].startswith("https://"), row[0]


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("Podatke je za RTV Slovenija in POP TV pridobila Mediana.", "sl", "RTV Slovenija"),
        ("Det skriver VG torsdag.", "da", "VG"),
        ("Lo riferisce l'Adnkronos.", "it", "Adnkronos"),
    ],
)
def test_agencies_and_broadcasters(text, lang, source):
    assert source in [text[c.start : c.end] for c in suggest_text(text, [lang]) if c.label == "SOURCE"]


def test_a_square_named_like_a_newspaper_stays_a_place():
    text = "Protestatarii au înconjurat Piața Republicii."
    assert not [c for c in suggest_text(text, ["ro"]) if c.label == "SOURCE"]
