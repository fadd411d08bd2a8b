"""Suggestions on the kinds of news the first rules missed (issue 18): match reports (scores,
clubs named by their town), company results, rivers and counties written as one compound. Each case is a phrase from a real article
of tests/data/news_dev.jsonl or of the same kind."""

import pytest

from annotator.suggest import suggest_text


def _spans(text: str, lang: str) -> set[tuple[str, str]]:
    return {(text[c.start : c.end], str(c.label)) for c in suggest_text(text, [lang])}


@pytest.mark.parametrize(
    ("text", "lang", "expected", "absent"),
    [
        # a score in colons is a FIGURE; a clock time (an hour and minutes) is not
        ("Lietuviai įveikė estus (89:68), o rungtynės prasidės 19:30.", "lt", {("89:68", "FIGURE")}, {"19:30"}),
        # the number of a league is part of its name
        ("Marseille a détrôné le champion de la tête de la Ligue 1 lundi.", "fr", set(), {"1"}),
        # a company or club after its descriptor, the descriptor left out
        ("El grupo Inditex logró un beneficio neto de 432 millones de euros.", "es", {("Inditex", "ACTOR")}, set()),
        ("Čistý zisk skupiny ČEZ za tři čtvrtletí stoupl.", "cs", {("ČEZ", "ACTOR")}, set()),
        ("A construtora Mota-Engil reportou lucros de dois milhões de euros.", "pt", {("Mota-Engil", "ACTOR")}, set()),
        ("Der Elektrokonzern Siemens hat seine Zahlen vorgestellt.", "de", {("Siemens", "ACTOR")}, set()),
        # no name starts with a particle after a sentence-initial common word
        ("Accionistas da EDP aprovam dividendos de 695 milhões.", "pt", set(), {"da EDP"}),
        # rivers, lakes and counties written as one word with their kind of place
        ("Riihimäellä Vantaanjoki on noussut, ja Espoonjoki nousee Kirkkojärvellä.", "fi",
         {("Vantaanjoki", "LOCATION"), ("Espoonjoki", "LOCATION"), ("Kirkkojärvellä", "LOCATION")}, set()),
        ("Madis Müller ütles Viljandimaa ettevõtlusgalal.", "et", {("Viljandimaa", "LOCATION")}, set()),
        ("Ved Gudenåen er der forhøjet vandstand.", "da", {("Gudenåen", "LOCATION")}, set()),
        # in a match report a club named by its town is an ACTOR, the town of a preposition a place
        ("Marseille a battu le Paris Saint-Germain 1-0 au stade Vélodrome, à Marseille, en Ligue 1.", "fr",
         {("Marseille", "ACTOR"), ("Paris Saint-Germain", "ACTOR")}, set()),
        ("Slavia otočila derby se Spartou a po výhře 3:1 vede ligu.", "cs",
         {("Slavia", "ACTOR"), ("Spartou", "ACTOR")}, set()),
        ("Real Madrid y el Malmö FF jugarán en Madrid.", "es", {("Real Madrid", "ACTOR"), ("Malmö FF", "ACTOR")}, set()),
        # without a score a town stays a place
        ("Marseille a accueilli le sommet européen lundi.", "fr", {("Marseille", "LOCATION")}, set()),
        # a place after a word for its kind, the word left out; not a person after a title
        ("Le séisme a frappé le district de Khogyani de la province de Nangarhar.", "fr",
         {("Khogyani", "LOCATION"), ("Nangarhar", "LOCATION")}, set()),
        ("Moradores retirados da localidade da Banática, por precaução.", "pt", {("Banática", "LOCATION")}, set()),
        ("Il presidente della regione Alberto Cirio ha parlato.", "it", {("Alberto Cirio", "ACTOR")}, set()),
        ("Tresenje tal je zahtevalo žrtve v vasi Majske Poljane blizu Gline.", "sl", {("Majske Poljane", "LOCATION")}, set()),
        ("Juhtumi lõpetanud Harju maakohtu kohtunik põhjendab otsust.", "et", {("Harju", "LOCATION")}, set()),
        # a person by an initial and a surname
        ("Abiejuose mačuose nežaidė L. Dončičius, o M. Normantas pelnė taškų.", "lt",
         {("L. Dončičius", "ACTOR"), ("M. Normantas", "ACTOR")}, set()),
        # the Lithuanian locative of a name in -us
        ("Praėjusią vasarą Vilniuje stipresni buvo lietuviai.", "lt", {("Vilniuje", "LOCATION")}, set()),
    ],
)
def test_news_kinds(text, lang, expected, absent):
    found = _spans(text, lang)
    assert expected <= found, found
    assert not {s for s, _ in found} & absent, found
