"""The wide first-name list (data/firstnames.tsv.gz, built by annotator/suggest/firstnames_build.py
from gender-guesser's nam_dict.txt): a first name it knows, before a surname, makes a person even
at a sentence start; common words and big towns are not in it."""

from annotator.suggest import suggest_text
from annotator.suggest.firstnames_build import read_names
from annotator.suggest.lexicon import wide_first_names


def _actors(text: str, lang: str) -> list[str]:
    return [text[c.start : c.end] for c in suggest_text(text, [lang]) if c.label == "ACTOR"]


def test_a_first_name_of_the_wide_list_opens_a_sentence():
    # news_dev fi-football-mtv: "Linda" is in no hand list, and the sentence starts with it
    text = "Helmareilta kova voitto\n\nLinda Sällström iski kaksi maalia Valko-Venäjän verkkoon."
    assert "Linda Sällström" in _actors(text, "fi")


def test_a_sentence_initial_word_before_a_first_name_stays_out():
    # news_dev pt-storm-almada: "Segundo" (according to) is no part of the name
    text = "Segundo Inês de Medeiros (PS), perante a possibilidade de um desabamento na zona."
    assert not any(span.startswith("Segundo") for span in _actors(text, "pt"))


def test_the_list_keeps_names_and_leaves_out_common_words_and_big_towns():
    names = wide_first_names()
    assert {"linda", "ines", "mario"} <= names.keys()
    assert not {"will", "are", "florence", "paris", "royal"} & names.keys()


def test_the_builder_reads_nam_dict_lines():
    # name in columns 4-29, a "+" in column 30 marks a repeated form, frequencies from column 31
    line = "F  Linda".ljust(30) + "1  8 4"
    expanded = "F  Kaethe".ljust(29) + "+ 1"
    assert read_names(line + "$\n" + expanded + "$\n# comment") == {"Linda": 8}
