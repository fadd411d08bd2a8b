"""The suggester's fast paths give exactly what their plain definitions give.

Each shortcut taken for speed (a per-character fold table, tokens read with their gaps, sentence
starts from the enders, an exclusion pattern the engine can skip through, tweet signatures looked
for only on lines with a handle, per-word memos) is checked here against the straightforward
formulation it replaced, on hand-picked cases and on generated text.
"""

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.suggest.doc import _ENDERS, _OPENERS, DocView
from annotator.suggest.languages import (
    _CLOSE,
    _CYRILLIC_LANGS,
    _DETECTABLE,
    _SERBIAN,
    _UKRAINIAN,
    _WORDS,
    _normal,
    paragraph_evidence,
    script_of,
)
from annotator.suggest.memo import WordMemo
from annotator.suggest.rules.figures import _TEXT_EXCLUSIONS
from annotator.suggest.rules.tweets import _TWEET_AUTHOR
from annotator.suggest.rules.tweets import find as tweet_authors
from annotator.suggest.suggester import DefaultSuggester
from annotator.text.canonical import fold
from annotator.text.sentences import ABBREVIATIONS
from annotator.text.tokenize import gaps_and_tokens, tokenize

# Text made of the pieces the rules care about, so that generated examples exercise them.
PIECES = [
    " ", " ", "\n", "\t", "\u00a0", ".", ",", ":", "!", "?", "…", "-", "–", "—", "/", "'", "’", '"', "«", "»",
    "(", ")", "@", "#", "(@", "0", "5", "17", "2022", "06.01.2022", "17:20", "5 pm", "17h20", "https://t.co/x1",
    "www.x.cz/1", "HTTP://A", "Dr", "ul", "a", "B", "Almaty", "Алматы", "Αλμάτι", "Kârgâzstan", "ǽ", "ß",
    "Ł", "ø", "e\u0301", "🇰🇿", "😀", "Reuters", "Tokajev", "word", "Word", "douăzeci", "dvadsaťpäť",
]
pieced_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


def reference_fold(text: str) -> str:
    """fold as first defined: NFD of the whole string, combining marks dropped."""
    folded = text.translate(str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return folded.replace("ł", "l").replace("ø", "o").replace("æ", "ae").replace("ß", "ss")


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, pieced_text))
def test_fold_by_table_is_fold_by_decomposition(text):
    assert fold(text) == reference_fold(text)


def test_fold_of_every_character_in_the_european_scripts():
    for code in range(0x20, 0x2000):
        ch = chr(code)
        assert fold(ch) == reference_fold(ch), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, pieced_text))
def test_tokens_with_gaps_are_the_tokens(text):
    pairs = gaps_and_tokens(text)
    tokens = tokenize(text)
    assert [w for _, w in pairs] == [t.text for t in tokens]
    previous_end = 0
    for (gap, _), token in zip(pairs, tokens, strict=True):
        assert gap == text[previous_end:token.start]
        previous_end = token.end


@settings(max_examples=300, deadline=None)
@given(pieced_text)
def test_doc_view_offsets_match_the_tokenizer(text):
    doc = DocView(text)
    assert [(t.start, t.end, t.text) for t in tokenize(text)] == list(
        zip(doc.starts, doc.ends, doc.words, strict=True))


def reference_sentence_starts(doc: DocView) -> list[bool]:
    """The scan the rule describes: a start after an ender, openers in between not counting."""
    starts, pending = [False] * doc.n, True
    for i, word in enumerate(doc.words):
        if doc.newline_before[i]:
            pending = True
        starts[i] = pending
        if word in _OPENERS:
            continue
        pending = word in _ENDERS
        if word == "." and i > 0 and not doc.gaps[i]:
            before = doc.lower[i - 1]
            if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
                pending = False
    return starts


@settings(max_examples=400, deadline=None)
@given(pieced_text)
def test_sentence_starts_match_the_scan(text):
    doc = DocView(text)
    assert doc.sent_start == reference_sentence_starts(doc)


def test_sentence_starts_examples():
    doc = DocView('Dr. Novak said: „Stop.“ — Then «Almaty» fell. a.\nB')
    starts = [w for w, s in zip(doc.words, doc.sent_start, strict=True) if s]
    assert starts == ["Dr", "„", "Stop", "“", "—", "Then", "a", "B"]


# The exclusions as first written: a word boundary before a digit, or a URL. A clock time has
# an hour of 0-24 and minutes (and seconds) of 0-59, so a score such as "89:68" or "0:60" is none.
READABLE_EXCLUSIONS = re.compile(
    r"""
    \b(?=\d)(?:
      \d{4}-\d{1,2}-\d{1,2}\b
    | \d{1,2}[./]\d{1,2}[./]\d{2,4}\b
    | \d{1,2}\.\s?\d{1,2}\.(?:\s?\d{4})?(?!\d)
    | (?:[01]?\d|2[0-4]):[0-5]\d(?::[0-5]\d)?\b
    | \d{1,2}h\d{2}\b
    | \d{1,2}\s?(?:a\.m\.|p\.m\.|am\b|pm\b)
    )
    | (?:https?://|www\.)\S+
    """,
    re.VERBOSE | re.IGNORECASE,
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(pieced_text, st.text(alphabet="0123456789 .-/:,hHapmAPMwWtps_x\né", max_size=30)))
def test_exclusion_pattern_matches_its_readable_form(text):
    assert [m.span() for m in _TEXT_EXCLUSIONS.finditer(text)] == [
        m.span() for m in READABLE_EXCLUSIONS.finditer(text)]


def test_exclusion_examples():
    text = "x5:30 3.15:30 2022-1-6 at 5 PM, see www.x.cz/1.2.2022 or HTTP://A"
    spans = [text[a:b] for a, b in (m.span() for m in _TEXT_EXCLUSIONS.finditer(text))]
    assert spans == ["15:30", "2022-1-6", "5 PM", "www.x.cz/1.2.2022", "HTTP://A"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["—", "–", "-", " ", "\t", "\n", "(@", "(", ")", "@", "ab", "X", "🇰🇿", "a1_",
                                 "\u00a0", "Nexta TV", "(@nexta_tv)"]), max_size=25).map("".join))
def test_tweet_authors_found_line_by_line_as_in_the_whole_text(text):
    whole = [(m.start(1), m.start(1) + len(name)) for m in _TWEET_AUTHOR.finditer(text)
             for name in [m.group(1).rstrip(" \t|:,")] if any(ch.isalpha() for ch in name)]
    assert [(c.start, c.end) for c in tweet_authors(DocView(text), None)] == whole


def test_word_memo_computes_once_and_forgets_past_its_limit():
    calls = []
    memo: WordMemo[str, int] = WordMemo(lambda w: calls.append(w) or len(w), limit=3)
    assert memo.over(["ab", "abc", "ab"]) == [2, 3, 2]
    assert calls == ["ab", "abc"]
    memo.over(["x", "y"])
    assert len(memo) <= 3


def test_word_memos_belong_to_one_suggester():
    first, second = DefaultSuggester(), DefaultSuggester()
    assert not first.memos and first.memos is not second.memos
    first.suggest("Reuters: 20 people died in Almaty.")
    assert first.memos and not second.memos
    assert first.with_extra(None).memos is first.memos


def test_suggestions_do_not_depend_on_what_was_suggested_before():
    """Memos are an optimisation only: a document gets the same spans whether the suggester has
    seen other documents or not."""
    texts = [
        "Reuters: Kazakh President Kassym-Jomart Tokayev said 20 people died in Almaty.",
        "Agentúra TASR uviedla, že v Almaty zahynulo dvadsaťpäť ľudí a zranených bolo 1.200.",
        "Το πρακτορείο Ίντερφαξ μετέδωσε ότι δεκάδες διαδηλωτές συνελήφθησαν στο Αλμάτι.",
    ]
    fresh = [DefaultSuggester().suggest(t) for t in texts]
    suggester = DefaultSuggester()
    warm = [suggester.suggest(t) for t in reversed(texts)][::-1]
    assert fresh == warm
    assert all(fresh)


def reference_evidence(words: list[str]) -> tuple[dict[str, float], int, int, set[str]]:
    """paragraph_evidence as first written: every word looked at once for all of it."""
    scores: dict[str, float] = {}
    greek = cyrillic = 0
    hints: set[str] = set()
    for word in words:
        langs = _WORDS.get(word)
        if langs:
            for lang in langs:
                scores[lang] = scores.get(lang, 0.0) + 1.0 / len(langs)
        first = word[:1]
        if "\u0370" <= first <= "\u03ff" or "\u1f00" <= first <= "\u1fff":
            greek += 1
        elif "\u0400" <= first <= "\u04ff":
            cyrillic += 1
            if _UKRAINIAN.intersection(word):
                hints.add("uk")
            if _SERBIAN.intersection(word):
                hints.add("sr")
    return scores, greek, cyrillic, hints


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*sorted(_WORDS)[::50], "алматы", "їжак", "ђак", "αλμάτι", "word", "ǽ"]), max_size=30))
def test_paragraph_evidence_is_the_plain_word_count(words):
    assert paragraph_evidence(words, [script_of(w) for w in words]) == reference_evidence(words)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, pieced_text))
def test_an_import_tokenizes_once_and_gives_the_view_the_same_tokens(text):
    """An import's analysis tokenizes a text once (``gaps_and_tokens``): the offsets it stores are
    ``token_spans``', and the suggester's view built from its pairs (and offsets) is the one built
    from the text."""
    from annotator.formats.analysis import _analysed
    from annotator.text.tokenize import pack_offsets, token_spans

    (_, _, n_tokens, blob), pairs = _analysed(text)
    assert (n_tokens, blob) == (len(token_spans(text)), pack_offsets(token_spans(text)))
    own_view = DocView(text)
    for given_view in (DocView(text, tokens=pairs), DocView(text, tokens=pairs, offsets=blob)):
        for name in ("starts", "ends", "gaps", "words", "sent_start", "para"):
            assert getattr(given_view, name) == getattr(own_view, name)


def test_the_seeds_suggested_from_the_analysis_tokens_are_the_same():
    from pathlib import Path

    from annotator.formats.analysis import _analysed
    from annotator.suggest.runner import languages_of
    from annotator.text import canonicalize, split_date_header

    suggester = DefaultSuggester()
    for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
        text = split_date_header(canonicalize(path.read_text(encoding="utf-8")))[0]
        (lang, paragraphs, _, blob), pairs = _analysed(text)
        langs = languages_of(lang, paragraphs)
        assert suggester.suggest(text, langs, pairs, blob) == suggester.suggest(text, langs)


@settings(max_examples=200, deadline=None)
@given(st.one_of(pieced_text, any_text))
def test_tokens_found_by_word_facts_are_those_a_scan_finds(text):
    """``DocView.where`` from the one scan of every rule's word facts gives the tokens a plain
    scan of the words gives, for each fact; a view built without the facts scans for them."""
    from annotator.suggest.suggester import _FACTS

    doc, plain = DocView(text, facts=_FACTS), DocView(text)
    for fact in _FACTS.facts:
        expected = [i for i, word in enumerate(doc.words) if fact(word)]
        assert list(doc.where(fact)) == expected == list(plain.where(fact)), fact.__name__


@settings(max_examples=500, deadline=None)
@given(st.one_of(pieced_text, st.text(alphabet="0123456789 .,-–/:;(hHapmAPMwWtpsſ_xé\n", max_size=40)))
@example("WwW.x.cz/1.2.2022, httpſ://a/5 HTTPS://b xwww.c 1ww.d ://e s://f")
@example("://www.://https://")
def test_patterns_tried_where_digits_begin_find_what_a_search_finds(text):
    """A pattern that begins with a digit, tried only where a run of digits begins
    (``matches_from`` at ``DocView.digit_starts``), finds what searching the whole text finds;
    so do the exclusions of figures, tried there and where a web address may begin (the long
    "ſ" is an "s" to a pattern that ignores case: "httpſ://")."""
    from annotator.suggest.doc import matches_from
    from annotator.suggest.rules.clubs import _SCORE
    from annotator.suggest.rules.figures import _SCORE_RUN, _exclusions

    doc = DocView(text)
    for pattern in (_SCORE, _SCORE_RUN):
        assert [m.span() for m in matches_from(pattern, text, doc.digit_starts())] == [
            m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in _exclusions(doc)] == [m.span() for m in _TEXT_EXCLUSIONS.finditer(text)]


def reference_decide(scores, greek, cyrillic, hints, given=()):
    """languages.decide as first written."""
    result = {_normal(lang) for lang in given if lang and lang != "und"}
    scores = dict(scores)
    for hint in hints:
        scores[hint] = scores.get(hint, 0.0) + 2
    if greek > 2:
        result.add("el")
    if scores:
        best = max(scores.values())
        if best >= 1.5:
            result.update(lang for lang, s in scores.items() if s >= max(1.5, 0.6 * best))
    if cyrillic > 2 and not result & {"ru", "uk", "sr", "bg"}:
        result.add("ru")
    return frozenset(result)


def reference_paragraph_languages(evidence, given):
    """languages.paragraph_languages as first written."""
    own = reference_decide(*evidence)
    if not own:
        return reference_decide(*evidence, given)
    near = set(own)
    for group in _CLOSE:
        if group & own:
            near |= group
    scores, greek, cyrillic = evidence[0], evidence[1], evidence[2]
    kept = set()
    for lang in map(_normal, given):
        if not lang or lang == "und":
            continue
        shown = scores.get(lang, 0) > 0 or (lang == "el" and greek > 0) or (lang in _CYRILLIC_LANGS and cyrillic > 0)
        if shown or lang in near or lang not in _DETECTABLE:
            kept.add(lang)
    return own | kept


def reference_languages(doc: DocView, given):
    """The languages of the document and of each paragraph as the view first found them: each
    paragraph's words looked at one by one (``reference_evidence``), the document's evidence the
    sum of its paragraphs'."""
    paragraphs: dict[int, list[int]] = {}
    for i, pid in enumerate(doc.para):
        paragraphs.setdefault(pid, []).append(i)
    evidence, words = {}, {}
    for pid, tokens in paragraphs.items():
        count = sum(doc.alpha[i] for i in tokens)
        if count:
            evidence[pid], words[pid] = reference_evidence([doc.lower[i] for i in tokens]), count
    total: dict[str, float] = {}
    greek = cyrillic = 0
    hints: set[str] = set()
    for scores, g, c, h in evidence.values():
        for lang, value in scores.items():
            total[lang] = total.get(lang, 0.0) + value
        greek, cyrillic, hints = greek + g, cyrillic + c, hints | h
    langs = reference_decide(total, greek, cyrillic, hints, given)
    para_langs = {}
    for pid in paragraphs:
        if pid not in evidence:
            para_langs[pid] = langs
        elif words[pid] < 12:
            para_langs[pid] = reference_decide(*evidence[pid], given) | langs
        else:
            para_langs[pid] = reference_paragraph_languages(evidence[pid], given) or langs
    return langs, para_langs, words


# words of paragraphs: function words of one language ("the", "které", "ktoré") and of several
# ("in", "je", "a", "de", "и"), Greek and Cyrillic words (with Ukrainian and Serbian letters), names
LANGUAGE_WORDS = [
    "the", "and", "of", "in", "is", "a", "de", "la", "je", "na", "v", "se", "které", "jsou", "ktoré", "sú",
    "że", "и", "на", "је", "και", "το", "της", "och", "og", "ja", "és", "și", "für", "Almaty", "Алматы",
    "їжак", "ђак", "Αλμάτι", "Τοκάγεφ", "word", "17", ".", "Reuters",
]
paragraph = st.lists(st.sampled_from(LANGUAGE_WORDS), max_size=30).map(" ".join)
GIVEN = st.lists(st.sampled_from(["en", "sk", "cs", "el", "ru", "uk", "sr", "nb", "en-US", "de_AT", "und", "",
                                  "und-x", "xx", "hr"]), max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph, max_size=6).map("\n".join), GIVEN)
@example("in in in", [])  # a score just at the bar (1.5)
@example("které jsou které Almaty Almaty Almaty Almaty Almaty Almaty Almaty Almaty Almaty", ["sk"])  # close
@example("Алматы ђак Алматы и на", ["uk"])
def test_the_views_languages_are_the_plain_paragraph_by_paragraph_ones(text, languages):
    from annotator.suggest.normalize import suffixes_for

    doc = DocView(text, languages)
    langs, para_langs, words = reference_languages(doc, languages)
    assert (doc.langs, doc.para_langs, doc.para_words) == (langs, para_langs, words)
    assert doc.suffixes == {pid: suffixes_for(found) for pid, found in para_langs.items()}


def test_the_shared_masks_are_those_each_rule_computed():
    """``Context.place_tokens`` and ``town_tokens``, found once per document for the rules that
    read them, are the masks each of those rules used to compute from the anchors."""
    from annotator.suggest.base import Candidate
    from annotator.suggest.rules import Context, tokens_covered

    text = "Grad Sveti Ivan Zelina i Zagreb, te Hrvatska vojska u Osijeku."
    doc = DocView(text)
    anchors = [Candidate(5, 22, "LOCATION", 0.7, "town:geonames", 45), Candidate(25, 31, "LOCATION", 0.9, "location:x", 60),
               Candidate(36, 51, "ACTOR", 0.9, "org:x", 60), Candidate(54, 61, "LOCATION", 0.6, "town:geonames", 45)]
    context = Context(DefaultSuggester().gazetteer, None, anchors)
    assert context.place_tokens(doc) == tokens_covered(doc, [c for c in anchors if c.label == "LOCATION"])
    assert context.town_tokens(doc) == tokens_covered(doc, [c for c in anchors if c.provenance.startswith("town:")])
    assert context.place_tokens(doc) is context.place_tokens(doc)


@settings(max_examples=200, deadline=None)
@given(st.one_of(any_text, pieced_text))
def test_a_words_forms_are_the_plain_ones(text):
    """The view's forms of a word (one string object where they are equal) are its plain forms."""
    from annotator.suggest.doc import _word_info, lower_form
    from annotator.suggest.normalize import folded, key

    for word in {token.text for token in tokenize(text)}:
        lower, folded_form, key_form = _word_info(word)[:3]
        assert (lower, folded_form, key_form) == (
            lower_form(word), folded(word), key(word) if word[0].isalpha() else word)


@settings(max_examples=200, deadline=None)
@given(st.one_of(pieced_text, any_text))
def test_a_tokens_index_by_offset_counts_the_tokens_that_start_before(text):
    """``DocView.token_index`` (a bisection) is the number of tokens that start before an offset:
    a span's first token, and one past its last."""
    doc = DocView(text)
    for offset in range(-1, len(text) + 2):
        assert doc.token_index(offset) == sum(1 for start in doc.starts if start < offset)
