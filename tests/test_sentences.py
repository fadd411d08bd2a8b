"""Sentence splitting."""

from annotator.text import split_sentences


def sentences(text, protected=()):
    return [" ".join(t.text for t in s) for s in split_sentences(text, protected=protected)]


def test_splits_at_sentence_ends_and_paragraphs():
    assert sentences("Sú mŕtvi. Ležia na ulici!\nNový odsek") == ["Sú mŕtvi .", "Ležia na ulici !", "Nový odsek"]


def test_never_inside_numbers_abbreviations_or_initials():
    assert sentences("Rundt 20.000 banditter. Dr. Smith and J. K. Rowling came.") == [
        "Rundt 20.000 banditter .",
        "Dr . Smith and J . K . Rowling came .",
    ]


def test_ordinal_day_is_not_a_sentence_end():
    assert sentences("Bildet er fra 6. januar. Neste.") == ["Bildet er fra 6 . januar .", "Neste ."]


def test_never_inside_a_protected_span():
    text = "The Almaty. Tokajev group spoke."
    start = text.index("Almaty")
    end = text.index(" group")
    assert sentences(text, [(start, end)]) == ["The Almaty . Tokajev group spoke ."]
    assert sentences(text) == ["The Almaty .", "Tokajev group spoke ."]


def test_closing_quotes_stay_with_their_sentence():
    assert sentences('„Pokoj,“ vyhlásil. "Nie." Áno.') == ['„ Pokoj , “ vyhlásil .', '" Nie . "', "Áno ."]


def test_an_abbreviation_the_suggester_knows_ends_no_sentence():
    # From the Polish seed: "(ros. ODKB)", the Russian abbreviation of the alliance's name.
    text = "Organizacji Układu o Bezpieczeństwie Zbiorowym (ros. ODKB) – wojska wejdą."
    words = [[text[t.start:t.end] for t in sentence] for sentence in split_sentences(text)]
    assert len(words) == 1
    from annotator.suggest.doc import DocView

    doc = DocView(text)
    assert not doc.sent_start[doc.words.index("ODKB")]
