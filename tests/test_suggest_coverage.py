"""Number words, months and function words of the languages the tables lacked (Icelandic,
Maltese, Luxembourgish, Albanian), fractions and numerals fused with their noun: found in text the
document detector calls another language (langdetect has no Icelandic, Maltese or Luxembourgish)."""

import pytest

from annotator.suggest import suggest_text
from annotator.suggest.languages import decide, paragraph_evidence, script_of


def _figures(text: str, langs: list[str]) -> list[str]:
    return [text[c.start : c.end] for c in suggest_text(text, langs) if c.label == "FIGURE"]


@pytest.mark.parametrize(
    ("text", "detected", "figures"),
    [
        # Icelandic, detected as Norwegian: declined numerals, "one" with a scale word, a fused age
        ("Liðið vann með fjögurra marka mun fyrir framan sex þúsund áhorfendur og eitt þúsund gesti "
         "sem komu frá útlöndum, og ráðherrann er fertugur í dag.", "no",
         ["fjögurra", "sex þúsund", "eitt þúsund", "fertugur"]),
        # Maltese, detected as Estonian: counting forms before a noun, "one" after its noun
        ("Il-pulizija qalet li huwa seraq tliet karozzi u erba’ muturi, u kien hemm persuna waħda "
         "biss fil-kamra meta waslu.", "et", ["tliet", "erba", "waħda"]),
        # Luxembourgish, detected as German: a day and a month are a date, "zwou" a count
        ("De Gemengerot huet den 12. Mäerz zwou Decisiounen iwwer d'Schoul geholl, déi vun der "
         "Regierung ënnerstëtzt ginn.", "de", ["zwou"]),
        ("Në qytet kanë mbërritur dy mijë turistë dhe tre autobusë me nxënës nga shkollat.", "sq",
         ["dy mijë", "tre"]),
    ],
)
def test_numbers_of_the_languages_the_detector_lacks(text, detected, figures):
    assert _figures(text, [detected]) == figures


def test_maltese_one_of_is_not_a_count():
    assert "waħda" not in _figures("Kienet waħda minn għaxar medalji li nsterqu mill-mużew.", ["mt"])


@pytest.mark.parametrize(
    ("text", "lang", "figure"),
    [
        ("La tasa repuntó tres décimas hasta el 3,3%.", "es", "tres décimas"),
        ("Ceny elektriny stúpnu približne o tretinu.", "sk", "tretinu"),
        ("Η κακοκαιρία σάρωσε τη χώρα το τελευταίο τριήμερο.", "el", "τριήμερο"),
        ("W tym roku zanotowano pięciokrotnie więcej pożarów.", "pl", "pięciokrotnie"),
    ],
)
def test_fractions_and_numerals_fused_with_their_noun(text, lang, figure):
    assert figure in _figures(text, [lang])


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        ("það er ekki ljóst hvort hún hefur verið með þeim frá upphafi", "is"),
        ("il-ministru qal li huwa kien fil-belt biex jara x'qed jiġri", "mt"),
        ("de Minister huet gesot datt et net méi wéi virun zwee Joer ass", "lb"),
    ],
)
def test_function_words_name_the_languages_the_detector_lacks(words, lang):
    tokens = words.replace("-", " ").replace("'", " ").split()
    assert lang in decide(*paragraph_evidence(tokens, [script_of(t) for t in tokens]))


@pytest.mark.parametrize(
    ("text", "lang", "figures"),
    [
        ("Der Preis stieg auf 57 Cent pro Kilowattstunde.", "de", ["57"]),  # "Cent" is no French hundred here
        ("Temperatures will hit 30C (86F) during the day.", "en", ["30", "86"]),
        ("Odwołano pociąg IC nr 58103/2 z Olsztyna, a 12 pociągów się spóźniło.", "pl", ["12"]),
        ("Рада ухвалила Закон №1514, за нього проголосували 250 депутатів.", "uk", ["250"]),
        ("He was stopped outside Terminal 1 with a CZ model 70 pistol and two rounds.", "en", ["two"]),
        ("Is-serq ta' medalji tas-seklu 17 ġie skopert.", "mt", []),
        ("A ban has been lifted, and another one is due next week.", "en", []),
        ("El BCE sube los tipos medio punto, a medio plazo.", "es", ["medio"]),
        ("Padlo je 43 milimetrov dežja v pol ure.", "sl", ["43", "pol"]),
    ],
)
def test_identifiers_units_and_halves(text, lang, figures):
    assert _figures(text, [lang]) == figures


def test_a_function_word_at_a_sentence_start_is_no_name():
    text = "Il-pulizija waslet fil-post. Meta l-ispettur staqsieh, ma wieġeb xejn. Fi żjara oħra tkellem."
    assert [text[c.start : c.end] for c in suggest_text(text, ["mt"]) if c.label in ("ACTOR", "LOCATION")] == []


@pytest.mark.parametrize(
    ("text", "lang", "person"),
    [
        ("Þetta sagði Guðmundur Ingi Guðbrandsson í gær.", "is", "Guðmundur Ingi Guðbrandsson"),
        ("The decision was welcomed by Siobhán Kavanagh on Monday.", "en", "Siobhán Kavanagh"),
        ("Kryeministri takoi Besnik Gjoni në Tiranë.", "sq", "Besnik Gjoni"),
        ("Refusing bail, Judge Harrington said the case was serious.", "en", "Harrington"),  # the title stays out
    ],
)
def test_given_names_of_the_languages_the_tables_lacked(text, lang, person):
    assert person in [text[c.start : c.end] for c in suggest_text(text, [lang]) if c.label == "ACTOR"]


@pytest.mark.parametrize(
    ("text", "lang", "figure"),
    [
        ("Au fost evacuaţi şapte oameni din clădire.", "ro", "şapte"),  # cedilla spelling
        ("Sąd skazał ich razem z dwiema kobietami.", "pl", "dwiema"),
        ("Do nemocnice previezli piatich zranených.", "sk", "piatich"),
        ("Постраждали десятки людей, серед них двоє дітей і кількасот будинків.", "uk", "кількасот"),
        ("У пратэсце ўдзельнічалі некалькі тысяч чалавек.", "be", "некалькі тысяч"),
        ("Van caure quaranta litres per metre quadrat.", "ca", "quaranta"),
    ],
)
def test_more_case_forms_and_languages(text, lang, figure):
    assert figure in _figures(text, [lang])


@pytest.mark.parametrize(
    ("text", "lang", "figures"),
    [
        ("Pank pakub viieaastase perioodiga hoiustele intressi.", "et", ["viieaastase"]),
        ("EKP tegi neljapäeval otsuse.", "et", []),  # Thursday, not "four days"
        ("Ein dreijähriges Kind wurde verletzt.", "de", ["dreijähriges"]),
        ("Osmiletý chlapec přežil.", "cs", ["Osmiletý"]),
        ("Uhvaćen je dvogodišnji plan.", "hr", ["dvogodišnji"]),
        ("Kustannukset voivat kolminkertaistua vuoteen 2100 mennessä.", "fi", []),  # a verb
    ],
)
def test_numerals_fused_with_a_unit(text, lang, figures):
    assert _figures(text, [lang]) == figures


def test_a_number_word_at_a_sentence_start_is_no_place():
    text = "Negadījumos cietuši divi cilvēki. Viens velosipēdists cietis ceļu satiksmes negadījumā."
    spans = {(text[c.start : c.end], str(c.label)) for c in suggest_text(text, ["lv"])}
    assert ("Viens", "FIGURE") in spans and ("Viens", "LOCATION") not in spans
