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


@pytest.mark.parametrize(
    ("lang", "text", "figure"),
    [
        ("sl", "Krka je v prvih devetih mesecih letos ustvarila 1,09 milijarde evrov prihodkov", "1,09 milijarde"),
        ("hr", "na kojem se temelji optužnica za izvlačenje 1,2 milijarde kuna", "1,2 milijarde"),
        ("et", "SKP kasv oli 4,9 protsenti, SKP maht 28 miljardit eurot", "28 miljardit"),
        ("lt", "susitikimo organizavimas Lietuvai kainavo 37 milijonus eurų.", "37 milijonus"),
        ("cs", "Stát by z nich mohl podle něj dostat až 42 miliard korun.", "42 miliard"),
        ("lt", "Į šalį atvyko apie 2,5 tūkst. Kolektyvinio saugumo", "2,5 tūkst"),
    ],
)
def test_scale_words_in_their_case_forms(lang, text, figure):
    assert figure in _figures(text, lang)


def test_a_scale_word_alone_in_a_case_form():
    text = "je prihodke od prodaje povečala za deset odstotkov na dobro milijardo evrov"
    assert _figures(text, "sl") == ["deset", "milijardo"]


def test_data_words_expand_their_braces():
    from annotator.suggest.lexicon import expand_braces

    assert expand_braces("milijon{,a,ov}") == ["milijon", "milijona", "milijonov"]
    assert expand_braces("{mi,bi}lijon{,a}") == ["milijon", "milijona", "bilijon", "bilijona"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("cs", "Za celý letošní rok firma očekává zisk 65 až 75 miliard korun.", ["65 až 75 miliard"]),
        ("es", "El precio del gas licuado pasó de 60 a 120 tenges por litro.", ["60", "120"]),
        ("hr", "gotovo 1600 njih jačine od 2 do 2,9.", ["1600", "2", "2,9"]),
        ("es", "ante el Barcelona con un marcador de 2-1, en el marco", ["2-1"]),
        ("hu", "A címvédő Ferencváros 4-1-re győzött", ["4-1-re"]),
    ],
)
def test_ranges_and_results_are_one_figure_but_from_and_to_are_two(lang, text, expected):
    assert _figures(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es", "Mbappé abrió el marcador en el minuto 21, definiendo", []),
        ("es", "El Barcelona reaccionó al 37’ cuando", []),
        ("it", "La Juventus ha aperto le marcature al 14° minuto con", []),
        ("fi", "Guro Reiten 0–1, 90+8. Emma Koivisto (Heidi Kollanen) 1–1.", ["0–1", "1–1"]),
        ("hu", "56 döntetlen mellett ez volt a 95. FTC-diadal.", ["56"]),
        ("sl", "je postavil Monsef Bakrar v 80.\n\nDinamo je ima z", []),
        ("sv", "prioriterat då allvarligt sjuka covid 19-patienter", []),
        ("de", "unter anderem einen Audi A 7 in der", []),
        ("sv", "har återvänt till klubben efter ett tungt 2023 och man kan", []),
        ("fi", "voivat kolminkertaistua vuoteen 2100 mennessä.", []),
        ("sv", "inflationsmålet infördes i början av 90-talet.", []),
        ("et", "Reformierakonnal oli kell 00.07 seisuga 31,6 protsenti häältest", ["31,6"]),
    ],
)
def test_match_minutes_names_years_and_clock_times_are_not_figures(lang, text, expected):
    assert _figures(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "figure"),
    [
        ("lt", "gripo epidemijos jau paskelbtos devyniolikoje šalies miestų ir rajonų.", "devyniolikoje"),
        ("lt", "Dėl audros dar šešiose savivaldybėse svarstoma", "šešiose"),
        ("lt", "kuriame dalyvauja 31 valstybė narė ir keturios partnerės.", "keturios"),
        ("hu", "A főváros 23 kerületéből tizenhármat ellenzéki jelöltek szereztek meg", "tizenhármat"),
        ("uk", "Укренерго: графіки відключень діятимуть у дев’яти областях", "дев’яти"),
        ("cs", "Nejméně dva lidské životy a více než stovku zraněných", "stovku"),
        ("hr", "NAJMANjE dve osobe su poginule, a četiri su teško povređene", "dve"),
        ("pt", "Exterior garante dois terços da faturação", "dois terços"),
        ("sl", "glasovalo je kar 69,43 odstotka od milijon 697.200 volilnih upravičencev", "milijon 697.200"),
        ("da", "blev idømt to et halvt års fængsel for våbenbesiddelse", "to et halvt"),
        ("de", "zu achteinhalb Jahren Haft sowie zur Zahlung", "achteinhalb"),
        ("hu", "Olyat tett ma a Magyar Nemzeti Bank, amelyre másfél éve nem volt példa.", "másfél"),
        ("nl", "heeft vorig jaar bijna een half miljard euro verlies geleden", "een half miljard"),
        ("fi", "palotilastossa on reilut pari tuhatta metsäpaloa", "pari tuhatta"),
        ("fi", "Pelastuslaitoksella on ollut päivän mittaan parikymmentä maastopalojen sammutustehtävää", "parikymmentä"),
        ("it", "Ci sono due dispersi e oltre un migliaio di persone evacuate", "un migliaio"),
    ],
)
def test_number_words_in_case_forms_halves_and_fractions(lang, text, figure):
    assert figure in _figures(text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("cs", "dva lidi zabila chřipka v Olomouckém kraji a jednoho člověka v Praze.", ["dva", "jednoho"]),
        ("hr", "smanjeni za jedan do dva bazna boda", ["jedan", "dva"]),
        ("et", "langes tulemus siiski ühe mandaadi võrra", ["ühe"]),
        ("cs", "řekl serveru Novinky.cz jeden z Čechů žijících", []),
        ("bg", "последната от които срещу един от най-големите", []),
        ("lv", "vakarā ziņa numur viens Latvijas Televīzija", []),
        ("pt", "crescer mais de 47 por cento face a 2003", ["47"]),
    ],
)
def test_one_counts_where_there_is_no_article_but_not_in_one_of(lang, text, expected):
    assert _figures(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("lt", "Alytaus arenoje 96:83 (23:14, 24:24, 29:24, 20:21) nugalėjo", ["96:83", "23:14", "24:24", "29:24", "20:21"]),
        ("fi", "Maalit: 7. Guro Reiten 0–1, 90+8. Emma Koivisto (Heidi Kollanen) 1–1.", ["0–1", "1–1"]),
        ("cs", "Zákaz vycházení platil od 23:00 do 7:00.", []),
    ],
)
def test_results_and_scorer_lists(lang, text, expected):
    assert _figures(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("it", "da un ulteriore evento di magnitudo 3.6.\n\nLE DUE SCOSSE", ["3.6", "DUE"]),
        ("hr", "a prema podacima EMSC-a, magnituda je iznosila 5.3.\n\nGrađani su u strahu", ["5.3"]),
        ("lv", "avārija notikusi ap pulksten 19.20 Jūrmalā, Skolas ielā.", []),
        ("it", "Le urne resteranno aperte dalle 7 alle 23 di oggi e dalle 7 alle 15 di", []),
        ("fr", "La préfecture des Deux-Sèvres a indiqué vendredi", []),
        ("sr", "У земљотресу је погинуло двоје људи, око 180 је задобило", ["двоје", "180"]),
        ("hu", "egészen biztosan több százezer szavazatról van szó.", ["több százezer"]),
        ("sv", "Tiotusentals hushåll står under natten", ["Tiotusentals"]),
        ("hu", "a Fidesz–KDNP negyedszer is kétharmaddal győzött, a 199 fős országgyűlés", ["kétharmaddal", "199"]),
        ("nl", "en Jens Toornstra (één treffer, drie assists)", ["één", "drie"]),
    ],
)
def test_magnitudes_clock_words_names_and_more_number_words(lang, text, expected):
    assert _figures(text, lang) == expected
