"""Matching keys: one spelling-tolerant key per word, across Latin, Greek and Cyrillic.

``key`` folds case and diacritics (``annotator.text.canonical.fold``), transliterates Greek and
Cyrillic to Latin, and merges the spellings that transliteration conventions disagree on
(j/y/i, w/v, sh/sz/š, kh/ch/h, zh/ž, cz/č/ts, doubled letters, a glide between vowels), so that
"Tokajev", "Tokayev", "Tokaev", "Токаев" and "Τοκάγεφ" share a key, as do "Almaty", "Ałmaty",
"Алматы" and "Αλμάτι". Keys are for comparing words, never for offsets.

``stem`` and ``suffix_ok`` let a gazetteer entry match its inflected forms: the entry's key with
a final vowel (or a Baltic/Greek nominative ending) removed, followed by a case ending of the
languages at hand ("Ałmat|ach", "Kazahstan|ului", "Interfax|u", "Kasakhstan|s").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from annotator.suggest.memo import LIMIT
from annotator.text.canonical import fold

# Serbian "љ" and "њ" are written "lj" and "nj" in Latin letters, keyed "li" and "ni": "Краљево" and
# "Kraljevo" share a key.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e",
    "ж": "z", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "ј": "i", "к": "k", "л": "l",
    "љ": "li", "м": "m", "н": "n", "њ": "ni", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "ћ": "c", "ђ": "z", "у": "u", "ў": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "z",
    "ш": "s", "щ": "s", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "қ": "k", "ғ": "g", "ң": "n", "ү": "u", "ұ": "u", "ө": "o", "һ": "h", "ә": "a",
}
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "t", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "h", "ψ": "ps", "ω": "o",
}
_GREEK_DIGRAPHS = re.compile(r"γ(?=[εηιυ]|αι|ει|οι)|ου|αι|ει|οι|μπ|γκ|γγ|τσ|τζ|ευ|αυ|φ$")
_GREEK_DIGRAPH_MAP = {
    "ου": "u", "αι": "e", "ει": "i", "οι": "i", "μπ": "b", "γκ": "g", "γγ": "ng", "τσ": "c",
    "τζ": "z", "ευ": "ev", "αυ": "av", "φ": "v",
}
_LATIN_DIGRAPHS = re.compile(r"tsch|dzh|sch|tch|sh|ch|kh|zh|sz|cz|cs|zs|dz|ts|tz|ph|th|gh|ck")
_LATIN_DIGRAPH_MAP = {
    "tsch": "c", "dzh": "z", "sch": "s", "tch": "c", "sh": "s", "ch": "h", "kh": "h", "zh": "z",
    "sz": "s", "cz": "c", "cs": "c", "zs": "z", "dz": "z", "ts": "c", "tz": "c", "ph": "f",
    "th": "t", "gh": "g", "ck": "k",
}
_SINGLE = str.maketrans({"j": "i", "y": "i", "w": "v", "q": "k", "x": "ks", "ı": "i", "'": "", "’": ""})
_DOUBLE = re.compile(r"(.)\1+")
_HAS_DOUBLE = re.compile(r"(.)\1")
_GLIDE = re.compile(r"(?<=[aeou])i(?=[aeiou])")
# Greek and Cyrillic letters to Latin, for one str.translate (Cyrillic first where both exist)
_TO_LATIN = str.maketrans({**_GREEK, **_CYRILLIC})

@lru_cache(maxsize=LIMIT)
def key(word: str) -> str:
    """The matching key of one word (a pure function of the word, cached)."""
    # Romanian â and î spell one sound: "Kârgâzstan" and "Kîrgîzstan" are one name.
    plain = fold(word.replace("â", "î").replace("Â", "Î")) if "â" in word or "Â" in word else folded(word)
    if not plain.isascii():
        plain = _GREEK_DIGRAPHS.sub(_greek_digraph, plain).translate(_TO_LATIN)
    plain = _LATIN_DIGRAPHS.sub(_latin_digraph, plain)
    plain = plain.translate(_SINGLE)
    if _HAS_DOUBLE.search(plain):
        plain = _DOUBLE.sub(_first_letter, plain)
    return _GLIDE.sub("", plain)


@lru_cache(maxsize=LIMIT)
def folded(word: str) -> str:
    """Case- and diacritic-folded word (cached)."""
    return fold(word)


def _latin_digraph(match: re.Match[str]) -> str:
    return _LATIN_DIGRAPH_MAP[match.group()]


def _first_letter(match: re.Match[str]) -> str:
    return match.group(1)


def _greek_digraph(match: re.Match[str]) -> str:
    text = match.group()
    return "ι" if text == "γ" else _GREEK_DIGRAPH_MAP[text]


def split_words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a literal list."""
    return frozenset(text.split())


# -- inflection ---------------------------------------------------------------------------
_ENDINGS = ("as", "is", "us", "os", "a", "e", "i", "o", "u")
MIN_STEM = 4


def stem(word_key: str, shortest: int = 3) -> str:
    """The key without a final vowel or nominative ending, if at least 3 letters remain (a stem
    of 3 letters only matches with an ending: "Čína" -> "Číny", never "Čín")."""
    for ending in _ENDINGS:
        if word_key.endswith(ending) and len(word_key) - len(ending) >= (shortest if len(ending) == 1 else MIN_STEM):
            return word_key[: -len(ending)]
    return word_key


_VOWELS = frozenset("aeiouy")


def oblique_stems(word_key: str) -> tuple[str, ...]:
    """Stems a name takes before case endings besides its key and ``stem``: Finnic consonant
    gradation and final-vowel change ("Riihimäki" -> "Riihimäe-llä", "Helsinki" -> "Helsingi-ssä",
    "järvi" -> "järve-", "Lahti" -> "Lahde-", "Kauniainen" -> "Kauniaise-") and the Slavic
    fleeting vowel ("Sisak" -> "Sisk-a", "Čačak" -> "Čačk-u"). Keys, as ``key`` writes them."""
    out = []
    k = word_key
    if k.endswith("nki"):
        out.append(k[:-3] + "ngi")
    if k.endswith("hti"):
        out.append(k[:-3] + "hde")
    if k.endswith("ki") and len(k) > 4 and k[-3] in _VOWELS:
        out.append(k[:-2] + "e")
    if k.endswith("i") and len(k) > 4 and k[-2] not in _VOWELS:
        out.append(k[:-1] + "e")
    if k.endswith("inen") and len(k) > 6:
        out.append(k[:-4] + "ise")
    if k.endswith("us") and len(k) > 5:
        out.append(k[:-2] + "ukse")  # "Kokoomus" -> "Kokoomukse-n"
    if len(k) >= 5 and k[-2] in "aeo" and k[-1] in "kc" and k[-3] not in _VOWELS:
        out.append(k[:-2] + k[-1])
    return tuple(out)


# Case endings by language, in ordinary spelling; keyed when the module loads.
_SUFFIXES_BY_LANG: dict[str, str] = {
    "slavic_w": (
        "a u e i y o om em ou ie ii ach ami ów ow ov ovi owi ą ę ě ej iej ego emu ym im ách ích ech "
        "mi ovia ovou ovej ovho ovom ovým ovu ova ove ovo ová ové ową owa owej owie owego owemu owym "
        "ją ji ju je ja iu ia ią ovom ovi ou om em ém ám ách iach ach ach ov ou ama ima oj om ih ima "
        "u em iem em ie ę ą ovi ovim ovih ovoj ova ega oga og"
    ),
    "slavic_e": "а у е ом ой ою ей ы и ам ами ах ов ев ым им ого ему ая ую ий ии ію ії ою ою ові еві ю я і",
    "ro": "ul ului ei a ia lui le ele ilor ii iei l",
    "el": "ς ου ο α η ων ες ους ης ας",
    "hu": (
        "ban ben ba be ból ből ra re ról ről on en ön nak nek val vel tól től hoz hez höz ig ot et at "
        "öt t ért ként nál nél n ban nal nel ot"
    ),
    "fi": (
        "n a ä ssa ssä sta stä an än en in lla llä lle lta ltä na nä ksi iin ihin ista istä issa issä "
        "ille illa illä ilta iltä ia iä ina inä iksi ien han hin hun"
    ),
    "et": "i is ist isse iga ile il ilt ini s st sse ga le l lt ni d de",
    "lt": "as o os ui ą e u a ai ų ams uose is io iui į yje iai ių ose oje ą ai ams aus iaus ės ėje ę ėse uje umi",
    "lv": "a as ai u ā ās ām s i am os ā ē es ei",
    "gmc": "s es n en",
    "nordic": "s",  # the genitive only: "-en", "-n" are the definite article ("Manden", "Retten")
}
_LANG_GROUPS = {
    "sk": "slavic_w", "cs": "slavic_w", "pl": "slavic_w", "sl": "slavic_w", "hr": "slavic_w",
    "sr": "slavic_w", "bs": "slavic_w", "ru": "slavic_e", "uk": "slavic_e", "be": "slavic_e",
    "bg": "slavic_e", "mk": "slavic_e", "ro": "ro", "el": "el", "hu": "hu", "fi": "fi", "et": "et",
    "lt": "lt", "lv": "lv", "de": "gmc", "nl": "gmc", "sv": "nordic", "da": "nordic", "no": "nordic",
    "nb": "nordic", "nn": "nordic", "is": "nordic", "lb": "gmc",
}


def _keyed(words: str) -> frozenset[str]:
    return frozenset(key(w) for w in words.split())


_SUFFIX_KEYS = {group: _keyed(words) for group, words in _SUFFIXES_BY_LANG.items()}
# Cyrillic endings also apply to Serbian and Bulgarian text written in Cyrillic, and the Latin
# Slavic ones to transliterated Russian.
_SUFFIX_KEYS["slavic_w"] = _SUFFIX_KEYS["slavic_w"] | _SUFFIX_KEYS["slavic_e"]
_SUFFIX_KEYS["slavic_e"] = _SUFFIX_KEYS["slavic_w"]
ALL_SUFFIXES = frozenset().union(*_SUFFIX_KEYS.values())


@cache
def suffixes_for(langs: frozenset[str]) -> frozenset[str]:
    """Case-ending keys for these languages; every language's if none is known."""
    groups = {_LANG_GROUPS[lang] for lang in langs if lang in _LANG_GROUPS}
    known = any(lang in _LANG_GROUPS or lang in _NO_CASE for lang in langs)
    return frozenset().union(*(_SUFFIX_KEYS[g] for g in groups)) if known else ALL_SUFFIXES


# Languages without case endings on names (genitive by apostrophe or none).
_NO_CASE = {"en", "fr", "es", "it", "pt", "ca", "tr", "mt", "ga"}


_ADJECTIVE_ENDINGS = frozenset({"i", "eho", "emu", "ih", "im", "ou", "imi"})


def inflects_to(entry_key: str, entry_stem: str, token_key: str, suffixes: frozenset[str]) -> bool:
    """True if ``token_key`` is the entry's key or stem followed by one of ``suffixes``."""
    if token_key == entry_key:
        return True
    if entry_key.endswith("o") and (token_key[len(entry_key) - 1 :] in _ADJECTIVE_ENDINGS or (
            entry_key.endswith("ko") and token_key == entry_key[:-1] + "e")):
        # "Rusko" declines to Ruska, Rusku, Ruskom; "Ruský", "ruského", "Slovenské" are adjectives
        return False
    for base, is_stem in ((entry_key, False), (entry_stem, True)):
        if len(base) >= 2 and token_key.startswith(base):
            rest = token_key[len(base) :]
            if not rest:
                # "Rosja" -> "Rosji" ("rosi"): only where such endings exist
                if is_stem and len(base) >= MIN_STEM and "i" in suffixes:
                    return True
                continue
            if rest in suffixes or (base[-1] + rest) in suffixes:
                return True
    for base in oblique_stems(entry_key):
        if token_key.startswith(base) and token_key[len(base) :] in suffixes:
            return True
    return False
