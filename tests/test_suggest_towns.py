"""Towns from GeoNames (annotator/suggest/rules/towns.py): case forms per language family, and the
guards that keep ordinary words and persons' names from being proposed as towns."""

import pytest

from annotator.suggest import suggest_text
from annotator.suggest.declension import nominatives
from annotator.suggest.normalize import key, oblique_stems


def _locations(text: str, lang: str) -> list[str]:
    return [text[c.start : c.end] for c in suggest_text(text, [lang]) if c.label == "LOCATION"]


@pytest.mark.parametrize(
    ("text", "lang", "town"),
    [
        ("Vesi nousi eilen Riihimäellä nopeasti.", "fi", "Riihimäellä"),  # Finnic gradation: -mäki -> -mäellä
        ("Az árhullám pénteken Komáromnál tetőzik.", "hu", "Komáromnál"),
        ("Ekstremali situacija paskelbta ir Akmenės rajone.", "lt", "Akmenės"),
        ("Glābēji strādāja arī Pļaviņām tuvumā.", "lv", "Pļaviņām"),
        ("Potres je prizadel območje okoli Siska.", "sl", "Siska"),  # Slavic fleeting vowel: Sisak -> Siska
        ("Največ škode je nastalo v Petrinji.", "sl", "Petrinji"),
        ("Hubo muertos en Paiporta y en Albacete.", "es", "Paiporta"),
        ("Vandstanden steg ved Bjerringbro i nat.", "da", "Bjerringbro"),
        # the declension tables (data/declensions.tsv) turn the word back into its nominative
        ("Epidemiją nutraukė Ignalinos, Kauno, Kėdainių ir Ukmergės rajonų savivaldybės.", "lt", "Kėdainių"),
        ("Gripo epidemijos paskelbtos Prienų, Rokiškio rajonuose.", "lt", "Prienų"),
        ("Chřipka zabila jednoho člověka v Praze.", "cs", "Praze"),
        ("Suurimpia vaikutuksia odotetaan Kotkan ja Haminan satamassa.", "fi", "Haminan"),
    ],
)
def test_towns_in_their_case_forms(text, lang, town):
    assert town in _locations(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("La vicepresidenta Teresa Ribera aseguró que habrá ayudas.", "es", "Ribera"),  # a person's name
        ("Mimo to linie lotnicze wznowiły loty.", "pl", "Mimo"),  # a sentence-initial word
        ("Das Wetter wurde schlecht. Die Region Mangistau meldet Schnee.", "de", "Region"),
        ("Kasims-Žomarts Tokajevs lūdza palīdzību.", "lv", "Kasims"),  # part of a hyphenated name
        # a town whose name is a common word of the language (data/town_words.tsv), with no preposition
        ("Forsvarsadvokaten udtaler sig. Sagen drejer sig om en pistol.", "da", "Sagen"),
        ("Han var til stede hos anklagemyndigheden og Retten i Odense.", "da", "Retten"),
        ("Faltan plazas de magistrados en la Sala de lo Penal.", "es", "Sala"),
        # Nordic "-en" is the definite article, not a case ending: "Manden" is "the man"
        ("Bilisten blev anholdt. Manden fremtilles torsdag i grundlovsforhør.", "da", "Manden"),
    ],
)
def test_words_that_are_not_towns_here(text, lang, word):
    assert word not in _locations(text, lang)


def test_a_word_the_document_also_writes_in_lower_case_is_not_a_town():
    text = "Medicina e medicina: la medicina di base a Bologna è in crisi."
    assert _locations(text, "it") == ["Bologna"]


def test_oblique_stems():
    assert key("Riihimäe") in oblique_stems(key("Riihimäki"))
    assert key("Helsingi") in oblique_stems(key("Helsinki"))
    assert key("Sisk") in oblique_stems(key("Sisak"))
    assert oblique_stems(key("Praha")) == ()


def test_nominatives_from_the_declension_tables():
    def noms(word, lang):
        return nominatives((key(word), frozenset({lang})))

    assert key("Kėdainiai") in noms("Kėdainių", "lt")
    assert key("Kaunas") in noms("Kauno", "lt")
    assert key("Ogre") in noms("Ogres", "lv")
    assert key("Rovaniemi") in noms("Rovaniemellä", "fi")
    assert key("Tampere") in noms("Tampereella", "fi")  # doubled letters merge in keys
    assert key("Tallinn") in noms("Tallinnas", "et")
    assert key("Praha") in noms("Praze", "cs")
    assert key("Dráva") in noms("Dráván", "hu")
    assert noms("Praze", "fr") == ()  # a language without tables: none


def test_a_serbian_town_in_cyrillic_letters_and_a_case_ending():
    """"Краљево" keys as "Kraljevo" does: "љ" is "lj"."""
    text = "Данас у 12:28 на подручју Краљева забележен је земљотрес."
    assert ("Краљева", "LOCATION") in [(text[c.start:c.end], c.label) for c in suggest_text(text, ["sr"])]


def test_a_small_town_by_its_name_in_its_own_country_language():
    """GeoNames names Birgu "Vittoriosa"; a Maltese text calls it by its alternate name."""
    text = "Raġel mixli li seraq żewġ mudelli mill-mużew fil-Birgu inħeles mill-arrest."
    assert ("Birgu", "LOCATION") in [(text[c.start:c.end], c.label) for c in suggest_text(text, ["mt"])]


def test_a_longer_town_name_written_with_a_typographic_apostrophe():
    text = "Allagati Castenaso, Ozzano dell’Emilia e Pianoro."
    assert ("Ozzano dell’Emilia", "LOCATION") in [(text[c.start:c.end], c.label) for c in suggest_text(text, ["it"])]


def test_a_word_with_a_capital_inside_is_no_town():
    text = "Le Réseau national de surveillance sismique (RéNaSS) a enregistré la secousse."
    assert ("RéNaSS", "LOCATION") not in [(text[c.start:c.end], c.label) for c in suggest_text(text, ["fr"])]
    text = "Het schip lag in de haven van IJmuiden."
    assert ("IJmuiden", "LOCATION") in [(text[c.start:c.end], c.label) for c in suggest_text(text, ["nl"])]


def test_the_towns_of_a_script_are_the_latin_towns_of_its_countries():
    """One pass of the file builds every script's towns: a Greek or Cyrillic word is matched
    against the towns of the countries that write in its letters, which the Latin towns hold
    too."""
    from annotator.suggest.rules.towns import _SCRIPT_COUNTRIES, towns

    latin = towns("latin")
    for script, countries in _SCRIPT_COUNTRIES.items():
        some = towns(script)
        assert some.words and set(some.countries.values()) <= countries
        assert all(latin.words[name] >= pop for name, pop in some.words.items())
