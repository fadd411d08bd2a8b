"""A cheap language guess per paragraph, from function words and script.

The suggester uses languages only to choose case endings and number words, so a guess among
close languages (Czech or Slovak, Norwegian or Danish) is good enough. Languages given by the
caller (the document's detected languages) are added to the guess, except in a long paragraph
that clearly shows another language and no sign of them (``paragraph_languages``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

_STOPWORDS = {
    "en": "the and of to in is that for on with was as by at from have has are be it said this were which not they",
    "de": "der die das und ist nicht mit von den des im dem zu auf für sich ein eine einer wurde sind wie auch bei nach aus",
    "fr": "le la les et des est une dans que pour sur par pas avec qui du au ont été il elle ces aux ce",
    "es": "el la los las y de que en un una por con para es se del al fue han como sus lo más",
    "it": "il la le e di che un una per con del della sono è nel alla dei gli ha da non si ai",
    "pt": "o a os as e de que em um uma por com para do da dos das foi são não se ao mais",
    "nl": "de het een en van is dat op te zijn met voor niet die er door aan ook werd naar bij",
    "cs": "a se je na v že to s z do jsou byl by ve pro jako které který také podle však bylo už",
    "sk": "a sa je na v že to s z do sú bol by vo pre ako ktoré ktorý tiež podľa však bolo už aby",
    "pl": "i w na z że się do jest nie to o jak po przez oraz są był było od dla co przy także",
    "sl": "in je na v da se z za so pa ki to tudi po od iz bil bilo kot ter",
    "hr": "i je u na da se su za od a iz kao što koji ili bio bilo nije te prema",
    "sr": "и је у на да се су за од а из као што који или био било није те према",
    "hu": "a az és hogy nem is egy van meg volt de ki mint már el csak ez azt szerint pedig",
    "ro": "și în de la cu a pe care că din este o un au fost să pentru mai nu ale al sunt",
    "el": "και το η ο της του τα των σε με να για που στην στο από θα οι τον την είναι",
    "ru": "и в на что с по не из за как это от для к был было он она они также о",
    "uk": "і в на що з по не із за як це від для до був було він вона вони також та",
    "tr": "ve bir bu için ile de da olarak çok daha gibi olan en ise ama sonra kadar",
    "lt": "ir kad yra į su iš bet tai buvo kaip jo jie dėl taip pat nuo",
    "lv": "un ir ka no ar par uz kā arī bet tas to bija lai ko viņš",
    "et": "ja on et ei see oli ka kui mis aga nagu ning oma seda ta nad",
    "sv": "och att det som en är av för på med till den har inte om var de ett",
    "da": "og at det som en er af for på med til den har ikke om var de et blev",
    "no": "og at det som en er av for på med til den har ikke om var de et ble",
    "fi": "ja on että ei se oli ovat kun mutta myös hän joka sen ole tai kuin",
    # languages langdetect has no profile for (it calls them Norwegian, German, Estonian...)
    "is": "að í á það ekki við með fyrir eru hefur verið þegar eftir sem um hún hann þau þeir frá úr",
    "mt": "li ta tal tas tat fil mill għal għall minn huwa hija kien kienet biex wkoll fuq jew lil meta hemm qed fi",
    "lb": "vun vum ass net fir déi gëtt huet hunn goufen gouf ze awer ginn dës hien eng sech wéi iwwer mat an",
    "sq": "dhe të në për që me një nga është ka se u janë më ishte por edhe kjo ky",
}
_WORDS: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words.split():
        _WORDS.setdefault(_w, []).append(_lang)



def is_function_word(word: str) -> bool:
    """True if the lower-case ``word`` is one of the function words (stop words) of a language
    above: "the", "und", "și", "και" (used to leave such words out of consistency checks)."""
    return word.lower() in _WORDS


def function_word_in(word: str, langs: frozenset[str]) -> bool:
    """True if the lower-case ``word`` is a function word of one of ``langs`` (Maltese "meta",
    "fi"): capitalised at a sentence start it is no name."""
    found = _WORDS.get(word.lower())
    return bool(found) and not langs.isdisjoint(found)


_UKRAINIAN = set("іїєґ")
_SERBIAN = set("ђјљњћџ")


def script_of(word: str) -> str:
    """"g" for a Greek word, "c" for a Cyrillic one, "" otherwise (by its first letter)."""
    first = word[:1]
    if first < "\u0370":
        return ""
    if "\u0370" <= first <= "\u03ff" or "\u1f00" <= first <= "\u1fff":
        return "g"
    if "\u0400" <= first <= "\u04ff":
        return "c"
    return ""


NO_HINTS: frozenset[str] = frozenset()  # the script hints of a paragraph without Cyrillic words


# each function word: its languages, each with its share of the word's one point of evidence
_SHARES = {word: tuple((lang, 1.0 / len(langs)) for lang in langs) for word, langs in _WORDS.items()}
Shares = tuple[tuple[str, float], ...]


def function_word_shares(word: str) -> Shares:
    """The languages the lower-case ``word`` is a function word of, each with its share of one
    point ("de": nine languages, a ninth each); empty for any other word."""
    return _SHARES.get(word, ())


def scores_of(shares: Iterable[Shares]) -> dict[str, float]:
    """Function-word evidence per language of a paragraph from its words' ``function_word_shares``,
    added up in the order of the words."""
    scores: dict[str, float] = {}
    for word_shares in filter(None, shares):
        for lang, share in word_shares:
            scores[lang] = scores.get(lang, 0.0) + share
    return scores


def function_word_scores(words: Iterable[str]) -> dict[str, float]:
    """Function-word evidence per language of a paragraph's lower-case words: each function word
    adds one, shared among the languages it is a function word of."""
    return scores_of(map(function_word_shares, words))


def paragraph_evidence(words: Sequence[str], scripts: Sequence[str]) -> tuple[dict[str, float], int, int, AbstractSet[str]]:
    """Function-word evidence per language, Greek and Cyrillic word counts and script hints of a
    paragraph whose words' scripts (``script_of``) are known (its plain formulation is the
    reference in tests/test_suggest_fast_paths.py)."""
    return (function_word_scores(words), *script_evidence(words, scripts))


def script_evidence(words: Sequence[str], scripts: Sequence[str]) -> tuple[int, int, AbstractSet[str]]:
    """The script part of ``paragraph_evidence``: the Greek and Cyrillic word counts and the
    script hints ("uk", "sr": letters only those languages write) of a paragraph's lower-case
    ``words``, whose ``script_of`` are ``scripts``."""
    greek = scripts.count("g")
    cyrillic = scripts.count("c")
    if not cyrillic:
        return greek, cyrillic, NO_HINTS
    hints: set[str] = set()
    for word, script in zip(words, scripts, strict=True):
        if script == "c":
            if _UKRAINIAN.intersection(word):
                hints.add("uk")
            if _SERBIAN.intersection(word):
                hints.add("sr")
    return greek, cyrillic, hints


def decide(scores: dict[str, float], greek: int, cyrillic: int, hints: AbstractSet[str],
           given: Iterable[str] = ()) -> frozenset[str]:
    """Languages from the evidence of ``paragraph_evidence``; ``given`` ones are always included."""
    result = _shown(scores, greek, hints)
    result |= _given(tuple(given))[0]
    if cyrillic > 2 and result.isdisjoint(_RUSSIAN_KIN):
        result.add("ru")
    return frozenset(result)


_RUSSIAN_KIN = frozenset({"ru", "uk", "sr", "bg"})  # Cyrillic text in none of these is read as Russian


def _shown(scores: dict[str, float], greek: int, hints: AbstractSet[str]) -> set[str]:
    """The languages ``decide`` reads in the evidence: Greek for more than two Greek words, and
    those whose function words (and script hints, worth two each) score at least 1.5 and at least
    0.6 of the best score."""
    if hints:
        scores = dict(scores)
        for hint in hints:
            scores[hint] = scores.get(hint, 0.0) + 2
    shown = {"el"} if greek > 2 else set()
    if scores:
        best = max(scores.values())
        if best >= 1.5:
            bar = max(1.5, 0.6 * best)
            shown.update(lang for lang, s in scores.items() if s >= bar)
    return shown


# Languages whose function words (or script) the evidence above can show: a given one of these
# that a long paragraph shows no sign of is not that paragraph's language
_DETECTABLE = frozenset(_STOPWORDS) | {"el"}
_CYRILLIC_LANGS = frozenset({"ru", "uk", "sr", "bg", "mk", "be"})
_CLOSE = ({"cs", "sk"}, {"sr", "hr", "bs", "sl", "mk"}, {"ru", "uk", "be", "bg"}, {"no", "da", "sv"},
          {"lt", "lv"}, {"fi", "et"}, {"es", "ca", "gl", "pt"})
# each language of a group above: all the languages close to it (itself among them)
_NEAR: dict[str, frozenset[str]] = {}
for _group in _CLOSE:
    for _lang in _group:
        _NEAR[_lang] = _NEAR.get(_lang, frozenset()) | _group


def paragraph_languages(evidence: tuple, given: Iterable[str]) -> frozenset[str]:
    """The languages of a long paragraph: those its own evidence (``paragraph_evidence``) shows,
    with the ``given`` ones (the document's) that it does not contradict: one with any function
    word (or letter of its script) in the paragraph, one close to a shown language, one the
    evidence cannot show (no function words listed above). A given language the paragraph shows
    no sign of at all while it clearly shows another is left out: an English tweet quoted in a
    Greek article takes no Greek case endings. Without clear evidence, the given languages are
    kept."""
    scores, greek, cyrillic, hints = evidence
    own = _shown(scores, greek, hints)  # decide(*evidence): without the given languages
    if cyrillic > 2 and own.isdisjoint(_RUSSIAN_KIN):
        own.add("ru")
    if not own:
        return decide(*evidence, given)
    near = set(own)
    for lang in own:
        near.update(_NEAR.get(lang, ()))
    for lang in _given(tuple(given))[1]:
        shown = scores.get(lang, 0) > 0 or (lang == "el" and greek > 0) or (lang in _CYRILLIC_LANGS and cyrillic > 0)
        if shown or lang in near or lang not in _DETECTABLE:
            own.add(lang)
    return frozenset(own)


@lru_cache(maxsize=1024)
def _given(given: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The ``given`` languages as ``decide`` includes them (normalised, "und" and empty ones
    left out before) and as ``paragraph_languages`` weighs them (left out after): the same few
    lists come with every document, so they are worked out once."""
    return (frozenset(_normal(lang) for lang in given if lang and lang != "und"),
            frozenset(lang for lang in map(_normal, given) if lang and lang != "und"))


def _normal(lang: str) -> str:
    lang = lang.lower().replace("_", "-").split("-")[0]
    return {"nb": "no", "nn": "no"}.get(lang, lang)
