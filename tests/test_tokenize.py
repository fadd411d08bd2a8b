"""The tokenizer: offsets, the label spec's boundaries, scripts."""

import re

from hypothesis import given
from hypothesis import strategies as st

from annotator.text import tokenize
from annotator.text.tokenize import token_at


def texts(s: str) -> list[str]:
    return [t.text for t in tokenize(s)]


def test_numbers_stay_whole_and_ranges_split():
    assert texts("20.000 3000 1,5 17:20") == ["20.000", "3000", "1,5", "17:20"]
    assert texts("50-65") == ["50", "-", "65"]
    assert texts("26.") == ["26", "."]


def test_punctuation_quotes_hash_at_hyphen_apostrophe():
    assert texts("„Tokajev“ «banditter» ”x’") == ["„", "Tokajev", "“", "«", "banditter", "»", "”", "x", "’"]
    assert texts("#Almaty @nexta_tv") == ["#", "Almaty", "@", "nexta", "_", "tv"]
    assert texts("CSTO-alliansen") == ["CSTO", "-", "alliansen"]
    assert texts("Kazakistan’a Almaty's 748-an") == ["Kazakistan", "’", "a", "Almaty", "'", "s", "748", "-", "an"]


def test_scripts_and_diacritics():
    assert texts("Ałmatach Ίντερφαξ Интерфакс Kassîm-Jomart Țara") == [
        "Ałmatach", "Ίντερφαξ", "Интерфакс", "Kassîm", "-", "Jomart", "Țara",
    ]
    # a combining accent stays inside its word
    assert texts("Аста\u0301на") == ["Аста\u0301на"]


def test_letters_and_digits_are_separate_tokens():
    assert texts("Khabar24") == ["Khabar", "24"]


def test_urls_are_one_token():
    assert texts("pic.twitter.com/L5KfehIrQf.") == ["pic.twitter.com/L5KfehIrQf", "."]
    assert texts("see https://t.co/abc123, then") == ["see", "https://t.co/abc123", ",", "then"]


def test_token_at():
    tokens = tokenize("ab cd")
    assert token_at(tokens, 0) == 0
    assert token_at(tokens, 2) is None
    assert token_at(tokens, 4) == 1


@given(st.text())
def test_offsets_rebuild_the_text(text):
    tokens = tokenize(text)
    rebuilt = []
    position = 0
    for token in tokens:
        gap = text[position : token.start]
        assert gap.strip() == ""  # only whitespace between tokens
        assert text[token.start : token.end] == token.text
        assert token.text and not any(ch.isspace() for ch in token.text)
        rebuilt.append(gap + token.text)
        position = token.end
    assert text[position:].strip() == ""
    assert "".join(rebuilt) + text[position:] == text


words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=8)
separators = st.sampled_from(["-", "'", "’", "#", "@", "„", "“", "«", "»", "”", " ", ", ", ". "])


@given(st.lists(st.tuples(words, separators), min_size=1, max_size=8))
def test_spec_boundaries_fall_on_token_boundaries(parts):
    """Span boundaries the spec allows — at hyphens, apostrophes, quotes, # and @ — are token
    boundaries, so no span ever needs a token split."""
    text = "".join(w + sep for w, sep in parts)
    starts = {t.start for t in tokenize(text)}
    ends = {t.end for t in tokenize(text)}
    for match in re.finditer(r"[^\W\d_]+", text):
        assert match.start() in starts
        assert match.end() in ends
