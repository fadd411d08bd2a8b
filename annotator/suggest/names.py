"""What looks like a name, for the pattern rules: function words, name particles, capitalised
words that may be part of a name, and known first names with or without a case ending."""

from __future__ import annotations

from annotator.suggest.doc import DocView, lower_form
from annotator.suggest.lexicon import word_lists
from annotator.suggest.memo import WordMemo
from annotator.suggest.normalize import ALL_SUFFIXES, key, split_words

FUNCTION_WORDS = split_words("""o of the for de des del della dell di do da du la le pentru și si i a and und et y e en van von
    degli dello delle dei dos das
    voor för for af av og och ja ve és is na w we z ze za v vo s so k ku u od po pri pred nad pod
    în din pe cu al ale ai cel cea cei cele un una unei unui în
    em no ao à au aux im am an auf aus bei mit nach zu zum zur vom dem der die das den ein eine einer
    il lo gli les el los las al del
    ο η το οι τα του της των τον την στο στη στην στον στις στους από με για και σε
    в во на с со к по из от у о об за до при і та з із й
    ile için bir bu az egy ja ning ir un på med til fra från fram the a an this that these those
    it its he she we they his her our their""")
NAME_PARTICLES = split_words("von van der den de da di del della dalla lo li la le al el dos das du ter ten zu bin ibn ben")


def in_list(doc: DocView, i: int, category: str) -> bool:
    """Token i is a word whose key is in the word list ``category`` (data/words.tsv)."""
    return doc.alpha[i] and doc.key(i) in word_lists()[category]


def name_like(doc: DocView, i: int) -> bool:
    """A capitalised word that may be part of a name."""
    return doc.memos[name_like_word][doc.words[i]]


def name_like_words(doc: DocView) -> WordMemo[str, bool]:
    """``name_like`` by word (``memo[doc.words[i]]``), for a rule that asks it often."""
    return doc.memos[name_like_word]


def name_like_word(word: str) -> bool:
    """A capitalised word that may be part of a name (``name_like`` of a token reading it)."""
    if not word[0].isalpha() or not word[0].isupper() or len(word) == 1:
        return False
    k = key(word)
    lists = word_lists()
    return not (k in lists["nonname"] or k in lists["generic"] or k in lists["title"]
                or k in lists["ministrydomain"] or lower_form(word) in FUNCTION_WORDS)


def inside_longer_name(doc: DocView, i: int, j: int) -> bool:
    """Tokens i..j are part of a longer capitalised name: a capitalised word right after them
    ("Milan Škriniar"), or one before them that does not start a sentence ("Pedro Santander")."""
    after = j + 1 < doc.n and doc.gaps[j + 1] and not doc.newline_before[j + 1] and name_like(doc, j + 1) \
        and not doc.allcaps[j + 1]
    before = i > 0 and doc.gaps[i] and not doc.newline_before[i] and name_like(doc, i - 1) \
        and not doc.allcaps[i - 1] and not doc.sent_start[i - 1]
    return bool(after or before)


def is_first_name(doc: DocView, i: int) -> bool:
    """A known first name, possibly with a case ending ("Kassyma", "Nursułtana")."""
    return doc.memos[_first_name_key][doc.key(i)]


def first_name_keys(doc: DocView) -> WordMemo[str, bool]:
    """``is_first_name`` by key (``memo[doc.key(i)]``), for a rule that asks it often."""
    return doc.memos[_first_name_key]


def _first_name_key(k: str) -> bool:
    first_names = word_lists()["firstname"]
    if k in first_names:
        return True
    for cut in (1, 2, 3):
        if len(k) - cut >= 4 and k[:-cut] in first_names and k[-cut:] in ALL_SUFFIXES:
            return True
        base = k[:-cut]
        if len(base) >= 3 and k[-cut:] in ALL_SUFFIXES and (base + "a") in first_names:
            return True
    return False
