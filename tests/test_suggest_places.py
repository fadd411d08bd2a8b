"""LOCATION suggestions besides towns: regions without their descriptor noun, places that share a
name with an outlet (label-spec: descriptor words around a name are left out)."""

import pytest

from annotator.suggest import suggest_text
from annotator.suggest.lexicon import subdivision_concepts


def _spans(text: str, lang: str) -> list[tuple[str, str]]:
    return [(text[c.start : c.end], c.label) for c in suggest_text(text, [lang])]


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("Další dva lidi zabila chřipka v Olomouckém kraji a jednoho člověka v Praze.", "cs", "Olomouckém"),
        ("Gripo epidemijos paskelbtos Kauno mieste ir rajone.", "lt", "Kauno"),
        ("Nuo trečiadienio epidemija atšaukiama ir Vilniaus miesto savivaldybėje.", "lt", "Vilniaus"),
    ],
)
def test_a_region_without_its_descriptor_noun(text, lang, place):
    assert (place, "LOCATION") in _spans(text, lang)


def test_regions_are_read_in_code_order():
    """pycountry gives a country's subdivisions as a set ordered by object identity, which
    changes from one process to the next: read in code order, the same region wins where two
    share a name (Navarra, the province and the autonomous community) in every process."""
    ids = [c.id for c in subdivision_concepts()]
    by_country: dict[str, list[str]] = {}
    for concept_id in ids:
        by_country.setdefault(concept_id.removeprefix("region:")[:2], []).append(concept_id)
    assert all(codes == sorted(codes) for codes in by_country.values())


def test_an_outlet_named_like_a_city_is_the_city_without_a_media_word():
    text = "Vakar gripo epidemijos pabaigą paskelbė Klaipėdos rajono savivaldybė."
    assert ("Klaipėdos", "LOCATION") in _spans(text, "lt")


@pytest.mark.parametrize(
    ("text", "lang", "state"),
    [
        ("Viņš attaisnoja PSRS agresīvo politiku.", "lv", "PSRS"),  # pycountry's iso3166-3 catalogues
        ("Armia ZSRR wkroczyła do Polski.", "pl", "ZSRR"),
        ("Распад СССР изменил карту мира.", "ru", "СССР"),
        ("Die Grenze der DDR wurde geöffnet.", "de", "DDR"),
    ],
)
def test_former_states_and_their_abbreviations(text, lang, state):
    assert (state, "LOCATION") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "venue"),
    [
        ("Juventus-Inter 4-3: Vittoria epica all'Allianz Stadium.", "it", "Allianz Stadium"),
        ("En el encuentro disputado este domingo en el Estadio Santiago Bernabéu, el Real Madrid ganó.", "es",
         "Estadio Santiago Bernabéu"),
        ("Ajax ging met 0-2 onderuit in de Johan Cruijff ArenA.", "nl", "Johan Cruijff ArenA"),
        ("Újra nyert NB I-es mérkőzést a Groupama Arénában.", "hu", "Groupama Arénában"),
        ("Lillebroren blev taget med på Odense Banegård Center den 10. oktober.", "da", "Odense Banegård Center"),
        ("Dinamo je pobijedio pred 14.000 gledatelja na stadionu Maksimir.", "hr", "Maksimir"),  # lower case: a descriptor
    ],
)
def test_a_named_venue_is_one_location(text, lang, venue):
    assert (venue, "LOCATION") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "street"),
    [
        ("Avārija notikusi ap pulksten 19.20 Jūrmalā, Skolas ielā.", "lv", "Skolas ielā"),
        ("Mitingai vyks prie Vyriausybės rūmų V. Kudirkos aikštėje kasdien.", "lt", "V. Kudirkos aikštėje"),
        ("Strela je udarila v stanovanjsko hišo v Apihovi ulici v Ljubljani.", "sl", "Apihovi ulici"),
        ("Vidner til hændelsen, der fandt sted på Jernaldervej i Hasle, kan kontakte politiet.", "da", "Jernaldervej"),
        ("Han gick längs Solvägen i Berga när en bil kom.", "sv", "Solvägen"),
        ("Kolari tapahtui Hannunkadun ja Varastokujan risteyksessä.", "fi", "Varastokujan"),
        ("Der Unfall geschah vor dem Haus Goethestraße 12 am Abend.", "de", "Goethestraße"),
    ],
)
def test_a_street_keeps_its_street_word(text, lang, street):
    assert (street, "LOCATION") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("Motorvejen er lukket efter ulykken.", "da", "Motorvejen"),  # a common noun at a sentence start
        ("Es gab keinen Ausweg aus der Krise.", "de", "Ausweg"),  # German nouns are capitalised
        ("Pašalusios Neries krantine vaikščioti nėra saugu.", "lt", "Neries krantine"),  # an embankment, not a street
    ],
)
def test_a_common_noun_with_a_street_word_is_no_street(text, lang, word):
    assert (word, "LOCATION") not in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("Ha plogut molt a Figueres (Alt Empordà) i a Olot (Garrotxa) durant la nit.", "ca", "Alt Empordà"),
        ("Ha plogut molt a Figueres (Alt Empordà) i a Olot (Garrotxa) durant la nit.", "ca", "Garrotxa"),
        ("O incêndio começou em Odemira (Beja) e chegou a Mértola.", "pt", "Beja"),
        ("Alerta de cod roșu în județele Gorj, Vâlcea, Argeș și Prahova.", "ro", "Argeș"),
        ("Neurje je zajelo naselja Podstenje, Šembije, Zarečje in Topolc.", "sl", "Zarečje"),
    ],
)
def test_a_place_known_by_its_company(text, lang, place):
    """The region in parentheses after a place, a member of a list of places."""
    assert (place, "LOCATION") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("O comandante do distrito de Faro (CDOS) falou à imprensa.", "pt", "CDOS"),
        ("Macron, Scholz, Germany and France signed the treaty.", "en", "Macron"),
    ],
)
def test_an_acronym_or_a_person_beside_places_stays_no_place(text, lang, word):
    assert (word, "LOCATION") not in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("Os operacionais que estiveram no terreno voltaram a casa.", "pt", "Os"),  # the article, not Osh
        ("Bila je riječ o elektivnom operativnom zahvatu.", "hr", "Bila"),  # "was", not Basel
        ("Ένας 77χρονος έχασε τη ζωή του.", "el", "Ένας"),  # "one", not Enna
        ("Tai antrasis toks susitikimas šiais metais.", "lt", "Tai"),  # "that", not Thailand
    ],
)
def test_a_stop_word_is_no_place(text, lang, word):
    assert (word, "LOCATION") not in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("Москва заявила о новых мерах.", "ru", "Москва"),  # a place's own name, though a stop word there
        ("Das Hochwasser an der Oder steigt weiter.", "de", "Oder"),
        ("Strela je udarila v stanovanjsko hišo v občini Ivančna Gorica.", "sl", "Ivančna Gorica"),  # over "Gorica"
    ],
)
def test_a_place_named_like_a_stop_word_or_holding_a_shorter_place(text, lang, place):
    assert (place, "LOCATION") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("Le séisme, dont l’épicentre est situé dans le Maine-et-Loire, a été ressenti.", "fr", "Maine-et-Loire"),
        ("La préfecture des Deux-Sèvres a indiqué vendredi qu'il n'y avait pas de dégâts.", "fr", "Deux-Sèvres"),
        ("Også på Sjælland var der styr på det.", "da", "Sjælland"),
    ],
)
def test_french_departments_and_danish_regions(text, lang, place):
    assert (place, "LOCATION") in _spans(text, lang)


def test_a_translation_of_a_region_named_like_a_common_word_is_no_place():
    """"Landes" is left out as a common word; so is its Serbian form "Land"."""
    assert ("Land", "LOCATION") not in _spans("Er hat 2500 Soldaten in das zentralasiatische Land entsandt.", "de")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Nejvíc zasažené je Vsetínsko a Zlínsko, zjistila agentura.", "Vsetínsko"),
        ("Třetí stupeň platil ve Strážnici na Hodonínsku.", "Hodonínsku"),
        ("Na Ostravsku pršelo celou noc.", "Ostravsku"),
    ],
)
def test_a_czech_region_named_after_its_town(text, place):
    assert (place, "LOCATION") in _spans(text, "cs")


def test_a_czech_adjective_of_a_town_is_no_region():
    assert _spans("Vsetínská nemocnice je plná.", "cs") == []


@pytest.mark.parametrize(
    ("text", "lang", "street"),
    [
        ("C’est avec optimisme que la Rue de Grenelle aborde la rentrée.", "fr", "Rue de Grenelle"),
        ("Les manifestants ont remonté l'avenue des Champs-Élysées.", "fr", "avenue des Champs-Élysées"),
        ("Manifestação na Praça do Comércio em Lisboa.", "pt", "Praça do Comércio"),
    ],
)
def test_a_street_word_with_a_particle_before_the_name(text, lang, street):
    assert (street, "LOCATION") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Die Prozesse, die das Landgericht Landshut im vergangenen Jahr bewältigte.", "Landshut"),
        ("Auch die Stadtwerke Konstanz heben die Preise um 100 Prozent.", "Konstanz"),
    ],
)
def test_a_german_town_after_a_body_named_by_it(text, place):
    assert (place, "LOCATION") in _spans(text, "de")


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("També ha plogut a Sant Pau de Segúries, on ha deixat 91 litres.", "ca", "Sant Pau de Segúries"),
        ("Les comarques més afectades són el Baix Penedès i l'Alt Empordà.", "ca", "Baix Penedès"),
        ("Strela je poškodovala tudi drevo v Veliki Nedelji v občini Ormož.", "sl", "Veliki Nedelji"),
        ("Os bombeiros seguiram para a Aldeia da Pedralva durante a noite.", "pt", "Aldeia da Pedralva"),
        ("Los fuegos localizados en La Torre de Esteban Hambrán siguen activos.", "es", "La Torre de Esteban Hambrán"),
    ],
)
def test_a_place_of_several_words_that_begins_with_a_toponym_word(text, lang, place):
    assert (place, "LOCATION") in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("El abogado José de San Aurelio habló con la prensa.", "es", "San Aurelio"),  # part of a person's name
        ("Евакуирани са хора от Свети Влас Иван Николов каза пред БТА.", "bg", "Свети Влас Иван Николов"),
    ],
)
def test_a_toponym_word_inside_or_before_a_person_name(text, lang, word):
    assert (word, "LOCATION") not in _spans(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "station"),
    [
        ("Wstrzymano ruch pociągów na odcinku Poznań Główny - Wrocław Główny.", "pl", "Poznań Główny"),
        ("Da Milano Centrale sono stati annullati vari treni.", "it", "Milano Centrale"),
    ],
)
def test_a_main_station_named_after_its_town(text, lang, station):
    assert (station, "LOCATION") in _spans(text, lang)


def test_a_station_word_after_no_town_is_no_station():
    text = "Główny Urząd Statystyczny podał nowe dane."
    assert all(label != "LOCATION" for _, label in _spans(text, "pl"))


def test_a_main_station_beside_a_town_the_towns_rule_leaves_alone():
    text = "Pociąg IC relacji Olsztyn Główny - Kołobrzeg został odwołany."
    assert ("Olsztyn Główny", "LOCATION") in _spans(text, "pl")


def test_regions_that_share_the_descriptor_after_the_last():
    text = "Výstrahy platia v celom Bratislavskom, Trnavskom a Nitrianskom kraji."
    spans = _spans(text, "sk")
    assert ("Bratislavskom", "LOCATION") in spans and ("Trnavskom", "LOCATION") in spans


def test_a_greek_village_and_its_region_in_the_genitive_are_two_places():
    text = "Πυρκαγιές εκδηλώθηκαν στην Πολυθέα Μεσσηνίας και στα Τεμένη Χανίων."
    spans = _spans(text, "el")
    for place in ("Πολυθέα", "Μεσσηνίας", "Τεμένη", "Χανίων"):
        assert (place, "LOCATION") in spans


def test_a_greek_person_after_a_preposition_is_no_place_pair():
    text = "Η πρόταση στάλθηκε στον Γιώργο Παπανδρέου χθες."
    assert ("Γιώργο", "LOCATION") not in _spans(text, "el")


def test_a_place_spelt_alike_but_for_diacritics():
    """Icelandic "Ísland" and Czech "Číně" differ from Island and Čína by diacritics their language
    writes; Catalan "Vallès" is not Wales, though their spelling keys agree."""
    assert ("Ísland", "LOCATION") in _spans("Svíþjóð tapaði gegn Ísland í gær.", "is")
    assert ("Číně", "LOCATION") in _spans("Vojáci se vrátili z Číně domů.", "cs")
    text = "Els 28 litres de Caldes de Montbui, al Vallès, durant la nit."
    assert all(c.provenance != "location:wales" for c in suggest_text(text, ["ca"]))


def test_northern_ireland_is_one_place():
    text = "Last summer a hosepipe ban was introduced in Northern Ireland, although it has since been lifted."
    assert ("Northern Ireland", "LOCATION") in _spans(text, "en")


def test_a_county_without_its_descriptor_after_the_name():
    """Swedish "Uppsala län" is the county's official name; "län" is the descriptor left out."""
    text = "Stormen var som starkast under natten över Stockholm och Uppsala län."
    spans = _spans(text, "sv")
    assert ("Uppsala", "LOCATION") in spans and ("Uppsala län", "LOCATION") not in spans
