"""FIGURE: numerals in digits and in words.

Digits are FIGURE unless they are part of a date, a year, a clock time, an ordinal, a name
("Khabar-24", "G7"), a URL, a hashtag or a handle. A range ("50-65") is one span, and so is a
numeral with its scale word ("20 тысяч", "3 millones", "20 de mii"). Number words come from
``data/numbers.tsv`` for the languages of the paragraph: cardinals in their case forms,
collective words ("zeci", "δεκάδες", "hundreds"), multiplier phrases ("pár stoviek",
"flere hundre", "a few hundred") and, for compounding languages, one-word compounds
("fünfundzwanzig", "dvadsaťpäť").

A range written with a word is one span ("65 až 75 miliard") unless a from-word opens it ("de 60
a 120" is two numbers); a result is one span ("2-1", "96:83 (23:14, ...)", "4-1-re"); a match
minute ("minuto 21", "37’", "90+8") is no FIGURE; "one" counts where the language has no
indefinite article ("jednoho", "vieną"), but not in "one of".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set
from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_FIGURE, Candidate
from annotator.suggest.doc import DocView, lower_form, matches_from
from annotator.suggest.lexicon import number_words
from annotator.suggest.normalize import folded, split_words
from annotator.suggest.rules import Context, Rule
from annotator.text.canonical import fold

# -- months, for dates ----------------------------------------------------------------------
_MONTHS = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
januar februar marz april mai juni juli august september oktober november dezember janner
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro
januari februari maart april mei juni juli augustus september oktober november december
ledna unora brezna dubna kvetna cervna cervence srpna zari rijna listopadu prosince
leden unor brezen duben kveten cerven cervenec srpen rijen listopad prosinec
januar januara februara marca aprila maja juna jula augusta septembra oktobra novembra decembra
januari februari marec april maj jun jul august september oktober november december
stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrzesnia pazdziernika listopada grudnia
styczen luty marzec kwiecien maj czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien
sijecnja veljace ozujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga prosinca
januara februara marta aprila maja juna jula avgusta septembra oktobra novembra decembra
januar februar marec april maj junij julij avgust september oktober november december
januar februar mart april maj jun jul avgust septembar oktobar novembar decembar
januar februar marcius aprilis majus junius julius augusztus szeptember oktober november december
ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie
ocak subat mart nisan mayis haziran temmuz agustos eylul ekim kasim aralik
tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesakuuta heinakuuta elokuuta syyskuuta lokakuuta marraskuuta joulukuuta
tammikuu helmikuu maaliskuu huhtikuu toukokuu kesakuu heinakuu elokuu syyskuu lokakuu marraskuu joulukuu
jaanuar veebruar marts aprill mai juuni juuli august september oktoober november detsember
sausio vasario kovo balandzio geguzes birzelio liepos rugpjucio rugsejo spalio lapkricio gruodzio
janvaris februaris marts aprilis maijs junijs julijs augusts septembris oktobris novembris decembris
januar februar mars april mai juni juli august september oktober november desember
januari februari mars april maj juni juli augusti september oktober november december
ιανουαριου φεβρουαριου μαρτιου απριλιου μαιου ιουνιου ιουλιου αυγουστου σεπτεμβριου οκτωβριου νοεμβριου δεκεμβριου
ιανουαριος φεβρουαριος μαρτιος απριλιος μαιος ιουνιος ιουλιος αυγουστος σεπτεμβριος οκτωβριος νοεμβριος δεκεμβριος
января февраля марта апреля мая июня июля августа сентября октября ноября декабря
январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
сiчня сiчня сичня лютого березня квiтня травня червня липня серпня вересня жовтня листопада грудня
січня квітня
януари февруари март април май юни юли август септември октомври ноември декември
јануари февруари март април мај јуни јули август септември октомври ноември декември
јануар фебруар март април мај јун јул август септембар октобар новембар децембар
januar februar maerz abrell abrel mee juni juli august september oktober november dezember
januar februar mars april mai juni juli agust september oktober november desember
jannar frar marzu april mejju gunju lulju awwissu settembru ottubru novembru dicembru
janar shkurt mars prill maj qershor korrik gusht shtator tetor nentor dhjetor
gener febrer marc abril maig juny juliol agost setembre octubre novembre desembre
"""
_MONTH_SET = frozenset(_MONTHS.split())
# case endings of two or three letters a month name takes (folded): "januárban",
# "tammikuussa", "Ocakta"; "marcador" is no Polish "marca" with an ending
_MONTH_ENDINGS = frozenset(split_words("""om em ie ju ja je ra re ig ot et os is ta te da de in un ul ni ks st
    ssa sta lla ksi ban ben tol bol nal nel rol ist ile iks lui nda nde"""))

_YEAR_WORDS = split_words("roku rok r year years anul anului jahr jahres jahre année an año ano anno jaar ar aret vuonna vuoden "
    "vuoteen vuodesta vuodelle vuodeksi yılında yili yilinda evben evi έτος ετος году года год г m metais gada aastal")
_QUALIFIERS = split_words("""about around over approximately almost nearly some roughly more than less fewer up to at least
    rundt omkring cirka ca cca circa drygt nesten nästan over snaut knapt
    približne priblizne asi zhruba takmer skoro vyše viac ponad okolo około prawie blisko ponad
    peste aproximativ aproape circa
    περίπου πάνω από σχεδόν
    около почти более свыше порядка примерно
    yaklaşık yaklasik kadar
    körülbelül mintegy közel több mint
    etwa rund über knapp fast mehr als
    environ plus près presque
    unos alrededor cerca casi más
    circa quasi oltre
    cerca quase mais
    ongeveer bijna ruim
    noin lähes yli
    umbes ligi üle
    apie beveik daugiau
    aptuveni gandrīz vairāk""")
_TIME_BEFORE = split_words("kl klokka klokken klockan kello klo kell pulksten godz godzinie ore ora orele alle dalle saat στις ob")
# before an hour with minutes ("a las 20.00", "v 7.00", "gegen 14.30", "fram till 18.00")
_TIME_PREPOSITIONS = split_words("o od do po ob u v ve at um a à alle ore klo kello kl godz hod las les vers gegen bis ab seit "
    "till fran från tot om от до в с")
_MINUTES = frozenset({"00", "05", "10", "15", "20", "25", "30", "35", "40", "45", "50", "55"})
_TIME_AFTER = frozenset(fold(w) for w in split_words(
    "uhr h hod hodin hodín godz óra órakor órától órára órát val ч час часов ώρα saat am pm horas hora hrs hs "
    "heures heure uur tuntia valandos valandą val sati sat sata часа часът часот óráig órakor"))
# a range of hours: "nuo 12 iki 14 valandos", "das 20/21 horas", "od 8 do 10 sati"
_RANGE_WORDS = frozenset({"iki", "do", "to", "bis", "a", "až", "az", "-", "–", "/", "till", "tot", "à", "ate", "até", "и"})
_TIME_HYPHEN_SUFFIXES = split_words("tiden tida tiden. tiaan aikaan")  # Swedish "vid 15-tiden"
# a decade: "90-talet", "80-luvulla", "90-ndan"
_DECADE_HYPHEN_SUFFIXES = split_words("tal talet talets talen tallet luku luvulla luvun luvulta luvulle ndan nda")
# A point in a match, not a count: "minuto 21", "al 37’", "al 14° minuto", "90+8", "v 80."
_MINUTE_WORDS = split_words("minuto minute minuta minutu min minutul perc")
_MINUTE_MARKS = frozenset({"'", "’", "′"})
_STOPPAGE_BASES = frozenset({"45", "90", "105", "120"})
# before "N°" the article that makes it an ordinal ("al 14° minuto", "il 30°")
_ORDINAL_ARTICLES = split_words("al il del nel dal lo la le el o do no ao")
# before "N." the article or preposition that makes it an ordinal where ordinals take a period:
# Hungarian "a 95. FTC-diadal", Slavic "v 80." (in the 80th minute)
_ORDINAL_DOT_BEFORE = {"a": {"hu"}, "az": {"hu"}, "v": {"sl", "cs", "sk"}, "ve": {"cs"}, "u": {"hr", "sr"},
                       "w": {"pl"}, "we": {"pl"}}
# names that take a number: "covid 19"
_NUMBERED_NAMES = split_words("covid sars cov mers")
# day-month abbreviations ("9 ene", "14 gen", "3 dic", "2 oct", "5 Okt"), matched only whole
_MONTH_ABBREVIATIONS = split_words("ene abr ago dic gen mag giu lug ott set janv fevr avr juil okt dez mrz")
_ORDINAL_SUFFIXES = split_words("st nd rd th e er ère re eme ème de ste te º ª ° й го ого ому ом ая я ое е ые ых ю ий ный ik dik adik "
    "edik odik ödik án én ján jén i jei ji a ji ème")
_HU_FIGURE_SUFFIXES = split_words("an en on ön at et ot öt t ból ből ról ről ra re ba be ban ben nál nél hoz hez höz nak nek val vel "
    "szor szer ször tól től ig as es os ös nyi")
_FI_FIGURE_SUFFIXES = split_words("n a ä ta tä lla llä lle lta ltä ssa ssä sta stä een ksi")
_RANGE_DASHES = {"-", "–", "—"}
_THOUSANDS_GAPS = {" ", "\u00a0", "\u202f", "\u2009"}
_NOT_CURRENCY_WORD = frozenset()

# Stretches that hold digits but no FIGURE: dates, clock times, URLs. Each branch begins with
# a plain character class so the engine can skip ahead to the next digit or "h"/"w"; "a digit
# not glued to a word before it" is the word boundary a leading \b would test.
_TEXT_EXCLUSIONS = re.compile(
    r"""
    \d(?<!\w\d)(?:
      \d{3}-\d{1,2}-\d{1,2}\b                                 # 2022-01-06
    | \d?[./]\d{1,2}[./]\d{2,4}\b                             # 06.01.2022, 6/1/22
    | \d?\.\s?\d{1,2}\.(?:\s?\d{4})?(?!\d)                    # 6. 1. 2022, 06.01.
    | (?:(?<=[01])\d|(?<=2)[0-4])?:[0-5]\d(?::[0-5]\d)?\b        # 17:20 (an hour and minutes; a score "89:68" is none)
    | \d?h\d{2}\b                                             # 17h20
    | \d?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)                       # 5 pm
    )
    | [hw](?:(?<=[hH])ttps?://|(?<=[wW])ww\.)\S+              # URLs
    """,
    re.VERBOSE | re.IGNORECASE,
)


def is_month(word: str) -> bool:
    """True for a month name or abbreviation in any covered language (any case form)."""
    w = folded(word)
    if w in _MONTH_SET or w in _MONTH_ABBREVIATIONS:
        return True
    return any(len(w) - cut >= 3 and (cut == 1 or w[-cut:] in _MONTH_ENDINGS) and w[:-cut] in _MONTH_SET
               for cut in (1, 2, 3))


def _month(doc: DocView, i: int) -> bool:
    """Token i is a month's name (``is_month``, memoised per suggester)."""
    return doc.memos[is_month][doc.words[i]]


@cache
def _lexicon():
    table = number_words()
    words: dict[str, dict[str, frozenset[str]]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str, frozenset[str]]]] = {}
    for kind in ("word", "scale", "collective", "multiplier", "article", "join", "bound", "one", "single", "half"):
        entries = list(table.get(kind, {}).items())
        # the tokenizer splits "дев’яти" at its apostrophe ("пʼять" with U+02BC stays one word)
        entries += [(form.replace("'", "_'_"), langs) for form, langs in entries if "'" in form]
        for form, langs in entries:
            if "_" in form:
                parts = tuple(form.split("_"))
                multi.setdefault(parts[0], []).append((parts[1:], kind, langs))
            else:
                words.setdefault(form, {})[kind] = langs
    compounds: dict[str, re.Pattern[str]] = {}
    morph = table.get("morph", {})
    ends = table.get("morphend", {})
    by_lang: dict[str, list[str]] = {}
    for form, langs in morph.items():
        for lang in langs:
            by_lang.setdefault(lang, []).append(form)
    fused_heads = _by_language(table.get("fused", {}))
    fused_units = _by_language(table.get("fusedunit", {}))
    for lang in by_lang.keys() | (fused_heads.keys() & fused_units.keys()):
        patterns = []
        if lang in by_lang:
            pieces = _alternatives(by_lang[lang])
            endings = "|".join(re.escape(e) for e, ls in ends.items() if lang in ls)
            tail = f"(?:{endings})?" if endings else ""
            patterns.append(f"(?:{pieces})(?:{pieces})+{tail}")
        if lang in fused_heads and lang in fused_units:
            # a numeral fused with its unit: "osmiletý", "kolmekuuse", "dreijährig"
            patterns.append(f"(?:{_alternatives(fused_heads[lang])})(?:{_alternatives(fused_units[lang])})\\w*")
        compounds[lang] = re.compile("|".join(patterns))
    return words, multi, compounds


def _by_language(forms: dict[str, frozenset[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for form, langs in forms.items():
        for lang in langs:
            out.setdefault(lang, []).append(form)
    return out


def _alternatives(forms: list[str]) -> str:
    return "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))


# the kinds of number word that can begin a FIGURE ("join", "bound" and "one" only continue one)
_STARTERS = frozenset({"word", "collective", "scale", "multiplier", "article", "single", "half"})


@cache
def _starter_words() -> frozenset[str]:
    """Lower-case words that may begin a number-word FIGURE in some language."""
    words, multi, _ = _lexicon()
    return frozenset(w for w, kinds in words.items() if kinds.keys() & _STARTERS) | frozenset(
        first for first, forms in multi.items() if any(kind in _STARTERS for _, kind, _ in forms))


@cache
def _compound_starts() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """The languages whose compound numerals may begin with given two letters (a compound
    begins with one of its language's pieces), and those with a one-letter piece."""
    by_start: dict[str, set[str]] = {}
    short: set[str] = set()
    table = number_words()
    for form, langs in (*table.get("morph", {}).items(), *table.get("fused", {}).items()):
        if len(form) < 2:
            short |= langs
        by_start.setdefault(form[:2], set()).update(langs)
    return {k: frozenset(v) for k, v in by_start.items()}, frozenset(short)


def _compound_languages(word: str) -> frozenset[str]:
    """Languages in which the lower-case ``word`` is a one-word compound numeral
    ("fünfundzwanzig", "dvadsaťpäť"), written with or without its diacritics."""

    if len(word) < 6:
        return frozenset()
    plain = folded(word)
    by_start, short = _compound_starts()
    langs = by_start.get(word[:2], short) | by_start.get(plain[:2], short)
    if not langs:
        return frozenset()
    patterns = _lexicon()[2]
    return frozenset(lang for lang in langs if lang in patterns
                     and (patterns[lang].fullmatch(word) or patterns[lang].fullmatch(plain)))


def _start_kind(word: str) -> int:
    """How a lower-case token may begin a FIGURE: 0 not at all, 1 digits, 2 a number word, 3 a
    compound numeral in some language."""
    if word[0].isdecimal():
        return 1
    if word in _starter_words():
        return 2
    return 3 if _compound_languages(word) else 0


def _figure_start(word: str) -> int:
    """``_start_kind`` of the word's lower-case form: the rule's word fact (``find`` visits only
    the tokens that may begin a FIGURE)."""
    return _start_kind(lower_form(word))


def _allowed(langs: frozenset[str], para_langs: frozenset[str], word: str) -> bool:
    if para_langs:
        return bool(langs & para_langs)
    return len(word) >= 5


def find(doc: DocView, context: Context) -> list[Candidate]:
    """FIGURE candidates of a document, overlapping neither each other nor excluded stretches."""
    excluded = [m.span() for m in _exclusions(doc)]
    if excluded and ("agnitud" in doc.text or "агнитуд" in doc.text):
        excluded = [(a, b) for a, b in excluded if not _MAGNITUDE_BEFORE.search(doc.text, max(0, a - 40), a)]
    if excluded and ":" in doc.text:
        excluded = _scores_kept(doc, excluded)
    kinds = doc.memos[_start_kind]
    compounds = doc.memos[_compound_languages]
    out: list[Candidate] = []
    used = [False] * doc.n
    ex_i = 0
    for i in doc.where(_figure_start):
        if used[i]:
            continue
        start = doc.starts[i]
        while ex_i < len(excluded) and excluded[ex_i][1] <= start:
            ex_i += 1
        if ex_i < len(excluded) and excluded[ex_i][0] <= start < excluded[ex_i][1]:
            continue
        kind = kinds[doc.lower[i]]
        if kind == 1:
            cand = _digits(doc, i, excluded, ex_i, used)
        elif doc.alpha[i] and (kind == 2 or compounds[doc.lower[i]] & doc.langs_at(i)):
            cand = None if _per_cent_word(doc, i) else _words(doc, i, used)
        else:
            cand = None
        if cand is not None:
            out.append(cand)
    return out


# a run of results: "96:83 (23:14, 24:24, 29:24, 20:21)"
_SCORE_RUN = re.compile(r"(?<![\d.,:])\d{1,3}:\d{1,3}(?:(?:, | \(|; )\d{1,3}:\d{1,3})+(?![\d:])")
_SCORE_ITEM = re.compile(r"(\d{1,3}):(\d{1,3})")


def _exclusions(doc: DocView) -> Iterator[re.Match[str]]:
    """The matches of ``_TEXT_EXCLUSIONS`` in the text, tried only where one can begin: where a
    run of digits begins, and where a web address may (five and four characters before a "://",
    three before the "." of "www."). Those are found by literal characters, which the engine
    looks for quickly, instead of trying the exclusions at every "h" and "w" of the text."""
    text = doc.text
    starts: Sequence[int] = doc.digit_starts()
    urls = [m.start() - 3 for m in _WWW.finditer(text)]
    if "://" in text:
        urls += [start for m in _SCHEME_END.finditer(text) for start in (m.start() - 5, m.start() - 4) if start >= 0]
    if urls:
        starts = sorted({*starts, *urls})
    return matches_from(_TEXT_EXCLUSIONS, text, starts)


_WWW = re.compile(r"\.(?<=www\.)", re.IGNORECASE)  # the "." of "www." (in any case)
_SCHEME_END = re.compile("://")


def _scores_kept(doc: DocView, excluded: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The exclusions less the "clock times" that stand in a run of results with one that is no
    clock time ("96:83 (23:14, 24:24, ...)" is a match and its quarters)."""
    runs = []
    for m in matches_from(_SCORE_RUN, doc.text, doc.digit_starts()):
        if any(int(a) > 24 or int(b) > 59 for a, b in _SCORE_ITEM.findall(m.group())):
            runs.append(m.span())
    if not runs:
        return excluded
    return [(a, b) for a, b in excluded if not any(ra <= a and b <= rb for ra, rb in runs)]


# "magnitudo 3.6.", "magnituda je iznosila 5.3." is a magnitude, not the date 3 June
_MAGNITUDE_BEFORE = re.compile(r"(?:agnitud|агнитуд)\w*(?:\s+\w+){0,2}\s+$", re.IGNORECASE)


def _per_cent_word(doc: DocView, i: int) -> bool:
    """"на сто" is Bulgarian and Macedonian for "per cent" ("3,53 на сто"), not a hundred."""
    return doc.lower[i] == "сто" and i > 0 and doc.lower[i - 1] == "на"


# -- digits ---------------------------------------------------------------------------------
def _glued_before(doc: DocView, i: int) -> str | None:
    """Part of a name, a handle or a hashtag: "Khabar-24", "G7", "@user1", "#2022"."""
    words = doc.words
    if i > 0 and not doc.gaps[i]:
        prev = words[i - 1]
        if prev in {"#", "@", "/", "_"} or doc.alpha[i - 1]:
            return "name"
        if prev == "-" and i > 1 and not doc.gaps[i - 1] and doc.alpha[i - 2]:
            return "name"
        if prev in {".", ","} and i > 1 and not doc.gaps[i - 1] and (doc.alpha[i - 2] or doc.digit[i - 2]):
            return "name"
    if i > 0 and doc.folded[i - 1] in _NUMBERED_NAMES:
        return "name"
    # a number sign, a model or a terminal: "IC nr 83106/7", "Закон №1514", "No. 5", "model 70",
    # "Terminal 1"; a century: "tas-seklu 17"
    if i > 0 and doc.folded[i - 1] in _IDENTIFIER_WORDS:
        return "name"
    if i > 1 and words[i - 1] == "." and not doc.gaps[i - 1] and doc.folded[i - 2] in _SIGNS_WITH_DOT:
        return "name"
    # a model after its one-letter series: "Audi A 7" (not the article at a sentence's start)
    prev = words[i - 1] if i > 0 else ""
    if len(prev) == 1 and prev.isupper() and doc.gaps[i] == " " and not doc.sent_start[i - 1] \
            and i > 1 and doc.cap[i - 2] and doc.gaps[i - 1] != "":
        return "name"
    # the number of a league or division after its capitalised name: "Ligue 1", "Liga 2", "Serie 1"
    if i > 0 and doc.gaps[i] and len(words[i]) <= 2 and doc.alpha[i - 1] and doc.cap[i - 1] \
            and doc.folded[i - 1] in _LEAGUE_WORDS:
        return "name"
    return None


_IDENTIFIER_WORDS = frozenset(split_words(
    "nr № nº n° numer číslo broj номер model modell modelo modello modele terminal seklu secolo siglo seculo siecle "
    "stoleti storocie wieku secolul century αιωνα века століття столетия"))
_SIGNS_WITH_DOT = frozenset(split_words("no nr br c č num núm art"))
_LEAGUE_WORDS = frozenset(split_words("liga ligue league lig lyga liiga division divisao divisione divizija serie formula formel"))


def _glued_after(doc: DocView, i: int) -> str | None:
    """Letters glued after: ordinals ("1st", "5e", "5-й", "5:e", "6. januar") and names ("24h" is
    kept); a month or an hour after a hyphen ("6-jan", "15-tiden")."""
    words, n = doc.words, doc.n
    text = words[i]
    if i + 1 < n and not doc.gaps[i + 1]:
        nxt = words[i + 1]
        if doc.alpha[i + 1]:
            if nxt in {"C", "F"} and not (i + 2 < n and not doc.gaps[i + 2] and doc.alpha[i + 2]):
                return None  # a temperature: "30C (86F)"
            if nxt.lower() in _ORDINAL_SUFFIXES or nxt[0].isupper() or (
                nxt.lower() == "s" and len(text) == 4
            ):
                return "ordinal"
            if i + 2 < n and not doc.gaps[i + 2] and words[i + 2] in {"-", "_"} and i + 3 < n:
                return "name"
        elif nxt in {"-", "‑"} and i + 2 < n and not doc.gaps[i + 2] and doc.alpha[i + 2]:
            suffix = words[i + 2].lower()
            if suffix in _HU_FIGURE_SUFFIXES and "hu" in doc.langs_at(i):
                return None  # a Hungarian case ending: "4-1-re", "748-an"
            if suffix in _ORDINAL_SUFFIXES or suffix in {"ik", "án", "én", "i", "jei", "ji"}:
                return "ordinal"
            if _month(doc, i + 2):
                return "date"
            if suffix in _TIME_HYPHEN_SUFFIXES:
                return "time"
            if suffix in _DECADE_HYPHEN_SUFFIXES:
                return "year"
        elif nxt in {"'", "’"} and i + 2 < n and doc.alpha[i + 2] and not doc.gaps[i + 2]:
            suffix = doc.lower[i + 2]
            if suffix.startswith(("inci", "ıncı", "uncu", "üncü", "nci", "ncı", "ncu", "ncü")):
                return "ordinal"
        elif nxt == ":" and i + 2 < n and not doc.gaps[i + 2] and doc.lower[i + 2] in {"e", "a"}:
            return "ordinal"  # Swedish 5:e
        elif nxt == "." and "," not in text and "." not in text and i + 2 < n and not doc.newline_before[i + 2]:
            # "6. januar", "6. mája", "19. januar": an ordinal or a day
            after = words[i + 2]
            if after[:1].islower() or _month(doc, i + 2) or after[:1].isdecimal():
                return "ordinal"
    return None


def _day_of_month(doc: DocView, i: int) -> str | None:
    """A day next to a month name: "6 ianuarie", "5 stycznia", "January 6", "6 de enero"."""
    words, n = doc.words, doc.n
    text = words[i]
    if len(text) <= 2 and text.isdecimal() and 1 <= int(text) <= 31:
        j = i + 1
        while j < n and words[j] in {".", "-", "de", "of", "th", "st", "nd", "rd"} and j - i <= 2:
            j += 1
        if j < n and doc.alpha[j] and _month(doc, j) and not doc.newline_before[j]:
            return "date"
        k = i - 1
        if k >= 0 and words[k] in {"de", "le", "el", "the", "."}:
            k -= 1
        if k >= 0 and doc.alpha[k] and _month(doc, k) and not doc.newline_before[i]:
            return "date"
    return None


def _year(doc: DocView, i: int) -> str | None:
    """A year: after a month, next to a year word, or 1900-2099 not in a counting context."""
    words, n = doc.words, doc.n
    text = words[i]
    if len(text) == 4 and text.isdecimal():
        value = int(text)
        k = i - 1
        while k >= 0 and (words[k] in {",", "."} or (doc.digit[k] and len(words[k]) <= 2)):
            k -= 1
        if k >= 0 and doc.alpha[k] and _month(doc, k) and i - k <= 3:
            return "date"
        nxt_word = doc.folded[i + 1] if i + 1 < n else ""
        prev_word = doc.folded[i - 1] if i > 0 else ""
        if nxt_word in _YEAR_WORDS or prev_word in _YEAR_WORDS:
            return "year"
        if 1900 <= value <= 2099 and not _counted(doc, i):
            return "year"
    return None


_HOUR = re.compile(r"\d{1,2}(?:[.,]\d{2})?")  # "9", "17", "9.40", "17,30"


def _clock_time(doc: DocView, i: int) -> str | None:
    """A clock time written with a period or a bare hour: "kl. 9.40", "17 Uhr", "o 16.30",
    "nuo 12 iki 14 valandos", the minutes of "6 h 30"."""
    words, n = doc.words, doc.n
    text = words[i]
    if len(text) <= 5 and _HOUR.fullmatch(text):
        k = i - 1
        while k >= 0 and words[k] == ".":
            k -= 1
        if k >= 0 and doc.folded[k] in _TIME_BEFORE:
            return "time"
        # "o 16.30", "do 18.00", "at 9.45": an hour with minutes after a preposition
        if k >= 0 and "." in text and text[-2:] in _MINUTES and doc.folded[k] in _TIME_PREPOSITIONS:
            return "time"
        if i + 1 < n and doc.folded[i + 1] in _TIME_AFTER and (doc.folded[i + 1] != "h" or "." not in text):
            return "time"
        if i + 3 < n and doc.folded[i + 1] in _RANGE_WORDS and doc.digit[i + 2] and len(words[i + 2]) <= 2 \
                and doc.folded[i + 3] in _TIME_AFTER and doc.folded[i + 3] != "h":
            return "time"
        # the minutes of "6 h 30"
        if len(text) == 2 and k >= 1 and doc.folded[k] == "h" and k == i - 1 and doc.digit[k - 1] \
                and len(words[k - 1]) <= 2:
            return "time"
    return None


def _scorer_follows(doc: DocView, j: int) -> bool:
    """A scorer and the score after a goal's minute: "7. Guro Reiten 0–1" (one to three
    capitalised words, then a result)."""
    k = j
    while k < doc.n and k - j < 3 and doc.cap[k] and doc.alpha[k] and not doc.newline_before[k]:
        k += 1
    return k > j and k + 2 < doc.n and doc.digit[k] and doc.words[k + 1] in _RANGE_DASHES \
        and doc.digit[k + 2] and not doc.gaps[k + 1]


def _match_minute(doc: DocView, i: int) -> str | None:
    """A minute of a match or an ordinal written with a sign: "minuto 21", "al 37’", "90+8",
    "al 14° minuto", "a 95." (Hungarian), "v 80." (Slovene)."""
    words, n = doc.words, doc.n
    if i > 0 and doc.folded[i - 1] in _MINUTE_WORDS and doc.gaps[i]:
        return "time"
    nxt = words[i + 1] if i + 1 < n and not doc.gaps[i + 1] else ""
    if nxt in _MINUTE_MARKS and not (i + 2 < n and not doc.gaps[i + 2] and doc.alpha[i + 2]):
        return "time"
    if nxt == "+" and words[i] in _STOPPAGE_BASES and i + 2 < n and doc.digit[i + 2] and not doc.gaps[i + 2]:
        return "time"
    if i > 1 and words[i - 1] == "+" and not doc.gaps[i] and not doc.gaps[i - 1] and words[i - 2] in _STOPPAGE_BASES:
        return "time"
    if nxt == "." and _scorer_follows(doc, i + 2):
        return "time"
    prev = doc.lower[i - 1] if i > 0 else ""
    if nxt in {"°", "º"} and prev in _ORDINAL_ARTICLES:
        return "ordinal"
    if nxt == "." and prev in _ORDINAL_DOT_BEFORE and _ORDINAL_DOT_BEFORE[prev] & doc.langs_at(i) \
            and words[i].isdecimal():
        return "ordinal"
    return None


# Why digits are not a FIGURE, as named checks tried in order; the first that answers decides.
_DIGIT_CHECKS = (_glued_before, _glued_after, _day_of_month, _year, _clock_time, _match_minute)


def _digit_status(doc: DocView, i: int) -> str | None:
    """None if token i (digits) can be a FIGURE, else why not ("name", "ordinal", "date",
    "year", "time"): the answer of the first of ``_DIGIT_CHECKS`` that has one."""
    for check in _DIGIT_CHECKS:
        status = check(doc, i)
        if status is not None:
            return status
    return None


_COUNTING = frozenset({"scale", "bound", "collective"})


def _counted(doc: DocView, i: int) -> bool:
    """A four-digit number in a counting context ("about 2000", "2000 de oameni", "2000 tys.")."""
    if i > 0 and doc.folded[i - 1] in _QUALIFIERS:
        return True
    if i + 1 < doc.n:
        nxt = doc.lower[i + 1]
        if nxt in {"%", "de", "tys", "mln", "тыс", "млн", "000"} or _lexicon()[0].get(nxt, {}).keys() & _COUNTING:
            return True
    return False


# words that make two numbers one range ("65 až 75 miliard", "5 bis 10", "20 a 30"), by language
_RANGE_LINKS = {
    "až": {"cs", "sk"}, "to": {"en"}, "bis": {"de"}, "à": {"fr", "nl"}, "a": {"es", "it", "pt"},
    "do": {"pl", "cs", "sk", "sl", "hr", "sr"}, "tot": {"nl"}, "till": {"sv"}, "til": {"da", "no"},
    "iki": {"lt"}, "līdz": {"lv"}, "kuni": {"et"}, "έως": {"el"}, "ως": {"el"}, "ila": {"tr"},
    "до": {"ru", "uk", "bg", "mk", "sr"},
}
# "from 60 to 120" names two numbers (a change, or the two ends), not one range
_FROM_WORDS = split_words("from de desde da dal dalla van von vom od ode z ze nuo no от од з із från fra frá din από")


def _range_word(doc: DocView, i: int, j: int) -> bool:
    """True if token j links the number at i (to j - 1) and the digits after j into one range."""
    langs = _RANGE_LINKS.get(doc.lower[j])
    if langs is None or doc.gaps[j] != " " or doc.gaps[j + 1] != " ":
        return False
    para_langs = doc.langs_at(i)
    if para_langs and not langs & para_langs:
        return False
    if i > 0 and doc.lower[i - 1] in _FROM_WORDS:
        return False
    return _digit_status(doc, j + 1) is None


def _currency_million(doc: DocView, i: int, j: int) -> bool:
    """"m" glued to an amount after a currency sign is "million": "$5m", "£20m"."""
    return doc.lower[j] == "m" and not doc.gaps[j] and i > 0 and doc.words[i - 1] in {"$", "£", "€"} \
        and not doc.gaps[i] and not (j + 1 < doc.n and not doc.gaps[j + 1] and doc.alpha[j + 1])


def _digits(doc: DocView, i: int, excluded, ex_i: int, used: list[bool]) -> Candidate | None:
    if _digit_status(doc, i) is not None:
        return None
    words, n = doc.words, doc.n
    end = i
    provenance = "figure:digits"
    # thousands written with spaces: "2 500", "5 000", "1 200 000"
    if len(words[i]) <= 3 and words[i].isdecimal():
        while (end + 1 < n and doc.gaps[end + 1] in _THOUSANDS_GAPS and len(words[end + 1]) == 3
               and words[end + 1].isdecimal()
               and not (end + 2 < n and not doc.gaps[end + 2] and words[end + 2] in {".", ":"}
                        and end + 3 < n and doc.digit[end + 3])):
            end += 1
    # a range: 50-65, 50–65, 50 – 65
    if end + 2 < n and words[end + 1] in _RANGE_DASHES and doc.digit[end + 2]:
        tight = not doc.gaps[end + 1] and not doc.gaps[end + 2]
        spaced = doc.gaps[end + 1] == " " and doc.gaps[end + 2] == " " and words[end + 1] != "-"
        if (tight or spaced) and _digit_status(doc, end + 2) is None:
            end += 2
            provenance = "figure:range"
    elif end + 2 < n and doc.digit[end + 2] and _range_word(doc, i, end + 1):
        end += 2
        provenance = "figure:range"
    # a scale word: 20 тысяч, 3 millones, 2,5 mld, 20 de mii
    lex = _lexicon()[0]
    j = end + 1
    # "10-tisíc", "5-milionowy" is an adjective but "10-tisíc" is ten thousand
    if j + 1 < n and words[j] == "-" and not doc.gaps[j] and not doc.gaps[j + 1] and doc.alpha[j + 1] \
            and "scale" in lex.get(doc.lower[j + 1], {}):
        j += 1
    if j < n and doc.lower[j] == "de" and j + 1 < n and "scale" in lex.get(doc.lower[j + 1], {}):
        j += 1
    langs = doc.langs_at(i)
    while j < n and doc.alpha[j] and not doc.newline_before[j]:
        kinds = lex.get(doc.lower[j], {})
        # a scale word of the paragraph's languages ("57 Cent" is no French hundred in German)
        if not any(k in kinds and (not langs or kinds[k] & langs) for k in ("scale", "bound")) \
                and not _currency_million(doc, i, j):
            break
        end = j
        provenance = "figure:digits+scale"
        # "2 bin 500", "1 milyon 200 bin": more digits and scale words
        if j + 2 < n and doc.digit[j + 1] and len(words[j + 1]) <= 3 and doc.gaps[j + 1] == " " \
                and not doc.newline_before[j + 1] and _digit_status(doc, j + 1) is None:
            end = j + 1
            j += 2
            continue
        break
    # a glued case ending: Hungarian 748-an, Turkish 748'i, Finnish 26:n
    if end + 2 < n and not doc.gaps[end + 1] and not doc.gaps[end + 2] and doc.alpha[end + 2]:
        sep, suffix = words[end + 1], doc.lower[end + 2]
        if (sep == "-" and suffix in _HU_FIGURE_SUFFIXES) or (
            sep in {"'", "’"} and len(suffix) <= 5 and suffix.islower()
        ) or (sep == ":" and suffix in _FI_FIGURE_SUFFIXES):
            end += 2
    end_char = doc.ends[end]
    for start_x, end_x in excluded[ex_i : ex_i + 3]:
        if start_x < end_char and doc.starts[i] < end_x:
            return None
    for k in range(i, end + 1):
        used[k] = True
    return RULE.candidate(doc.starts[i], end_char, provenance,
                          confidence=0.85 if provenance == "figure:digits+scale" else None)


# -- words ----------------------------------------------------------------------------------
def _kinds_at(doc: DocView, i: int) -> tuple[Set[str], int]:
    """Number-word kinds of the word (or multi-word form) at token i, and its last token."""
    multi = _lexicon()[1]
    langs = doc.langs_at(i)
    w = doc.lower[i]
    kinds: set[str] = set()
    last = i
    for rest, kind, form_langs in multi.get(w, ()):
        k = i + 1
        ok = True
        for part in rest:
            if k >= doc.n or doc.lower[k] != part or doc.newline_before[k]:
                ok = False
                break
            k += 1
        if ok and _allowed(form_langs, langs, w + "".join(rest)):
            if k - 1 > last:
                kinds, last = {kind}, k - 1
            elif k - 1 == last:
                kinds.add(kind)
    if last > i:
        return kinds, last
    return doc.memos[_word_kinds][w, langs], i


def _word_kinds(probe: tuple[str, frozenset[str]]) -> frozenset[str]:
    """Number-word kinds of the one lower-case word ``probe[0]`` in a paragraph of the languages
    ``probe[1]`` (memoised per suggester: ``_kinds_at`` asks it of most words after a number)."""
    w, langs = probe
    kinds = frozenset(kind for kind, form_langs in _lexicon()[0].get(w, {}).items() if _allowed(form_langs, langs, w))
    if not kinds and len(w) >= 6 and _compound_languages(w) & langs:
        return _WORD
    return kinds


_WORD = frozenset({"word"})


_GROUPED = re.compile(r"\d{1,3}(?:[.,\u00a0\u202f]\d{3})+")
_STANDALONE = {"word", "collective", "scale", "single"}
_NUMERIC = {"word", "collective", "scale", "bound"}
_AFTER_JOIN = _NUMERIC | {"one", "single"}  # "one" only closes a compound: "vingt et un"
# after "one": "one of" ("jeden z", "jedan od", "vienas iš", "один из"), "one another"
_OF_WORDS = split_words("z ze od iš is no izmed među medu spośród spomedzi из от з із од между серед ot of minn af")
_OTHER_STEMS = ("druh", "drug", "kit", "otr", "друг", "інш")
# before "one": "number one" is a name, not a count
_NUMBER_NOUNS = split_words("numur number nr číslo číslo broj numer numeris номер номер")


def _one_of(doc: DocView, i: int) -> bool:
    """A "one"-word that is not a count: "jeden z nich", "vienas kitą", "numur viens"."""
    if i > 0 and doc.folded[i - 1] in _NUMBER_NOUNS:
        return True
    if i + 1 >= doc.n or doc.newline_before[i + 1]:
        return False
    nxt = doc.folded[i + 1]
    return nxt in _OF_WORDS or nxt.startswith(_OTHER_STEMS)


def _blocked(doc: DocView, i: int, w: str) -> bool:
    prev = doc.lower[i - 1] if i > 0 else ""
    nxt = i + 1 < doc.n and doc.alpha[i + 1] and doc.words[i + 1][:1].islower()
    if w == "nouă" or w == "noua":
        return prev in {"o", "cea", "mai", "cele", "a"}
    if w == "neuf":
        return not nxt
    if w in {"cent", "cents", "cento"}:  # per cent: "pour cent", "por cento", "per cento"
        return prev in {"pour", "per", "por"}
    if w == "one":  # the numeral, not "one of", "no one", "the one", "one another"
        nxt_word = doc.lower[i + 1] if i + 1 < doc.n else ""
        return nxt_word in {"of", "another", "by", "day", "way", "thing"} or prev in {
            "the", "this", "that", "which", "each", "every", "no", "any", "some", "only", "last", "first", "another"}
    if w == "tens":
        return not (i + 1 < doc.n and doc.lower[i + 1] == "of")
    if w == "sex":
        return not nxt
    # a capitalised number word hyphened to a capitalised word is a name ("Deux-Sèvres")
    if doc.cap[i] and i + 2 < doc.n and doc.words[i + 1] == "-" and not doc.gaps[i + 1] \
            and not doc.gaps[i + 2] and doc.cap[i + 2] and doc.alpha[i + 2] \
            and not (i + 3 < doc.n and doc.words[i + 3] == "-"):  # "Fünf-Prozent-Hürde" is a count
        return True
    # a capitalised number word before another capitalised word is part of a name ("Tre Kronor")
    return (doc.cap[i] and not doc.sent_start[i] and not doc.allcaps[i] and i + 1 < doc.n
            and doc.cap[i + 1] and doc.alpha[i + 1])


# Units a "half" counts ("medio punto", "mitja hora", "pol ure", "half an hour", "pół roku"), as
# the first letters of their folded forms (any case form): hours, minutes, days, weeks, months,
# years, points, litres, metres, kilos, millions.
_UNIT_STEMS = tuple(split_words("""hor hour ora ore ura ure uri godzin hodin stund stunde heure ωρα час годин tunti tunni tund
    ora orá uur tim timm time minut dia dies dag day tag jour giorn den dni dnia dňa napo μερ ден дня дн semana setmana
    settiman week woche semaine tydz tyzd tydn uge vecka viikko nadal hét εβδομ mes mese month monat mois miesi mesia
    mesic mjesec mesec hónap μην месяц місяц vuo año any anno anos year jahr rok roku lat let leta godin år ar ev ετ
    год рок punt punto point punkt ponto pont bod bodu pont μοναδ liter litr litro metr meter metro kilo kil million
    milion miliard milliard millon milione miljon miljoen"""))
_HALF_ARTICLES = frozenset({"an", "a", "ein", "eine", "een", "en", "ett", "et", "uma", "um", "une", "un", "una", "uno"})


def _unit_follows(doc: DocView, i: int) -> bool:
    """A unit a "half" counts right after token i ("medio punto"), or after an article ("half an
    hour"), on the same line."""
    j = i + 1
    if j < doc.n and doc.lower[j] in _HALF_ARTICLES and doc.gaps[j] == " ":
        j += 1
    if j >= doc.n or not doc.alpha[j] or doc.newline_before[j] or doc.gaps[j] not in (" ", "-"):
        return False
    return doc.folded[j].startswith(_UNIT_STEMS)


def _words(doc: DocView, i: int, used: list[bool]) -> Candidate | None:
    kinds, last = _kinds_at(doc, i)
    if not kinds:
        return None
    w = doc.lower[i]
    if kinds & _STANDALONE and not (kinds == {"scale"} and w in _lexicon()[0] and len(doc.words[i]) < 4):
        head = "word"
    elif "half" in kinds and not kinds & {"multiplier", "article"}:
        head = "half"
    elif kinds & {"multiplier", "article"}:
        # an article or a multiplier counts only before a scale word ("a few hundred"): most
        # articles are not, so this is asked before the word's other checks
        nxt_kinds, nxt_last = _kinds_at(doc, last + 1) if last + 1 < doc.n else (set(), last)
        if not (nxt_kinds & {"scale", "collective", "bound"}) or doc.newline_before[last + 1]:
            return None
        head = "multiplier"
        last = nxt_last
    else:
        return None
    if _blocked(doc, i, w) or (kinds == {"single"} and _one_of(doc, i)):
        return None
    if head == "half":
        if not _unit_follows(doc, last):
            return None
        used[i] = True  # "medio punto", "mitja hora", "pol ure": the half alone
        return RULE.candidate(doc.starts[i], doc.ends[last], "figure:half", confidence=0.75)
    # extend: twenty-five, douăzeci și trei, dwa tysiące, tens of thousands, zeci de mii
    end = last
    while end + 1 < doc.n and not doc.newline_before[end + 1]:
        j = end + 1
        w = doc.lower[j]
        if w in _RANGE_DASHES and not doc.gaps[j] and j + 1 < doc.n and not doc.gaps[j + 1]:
            k_kinds, k_last = _kinds_at(doc, j + 1)
            if k_kinds & _AFTER_JOIN:
                end = k_last
                continue
            break
        j_kinds, j_last = _kinds_at(doc, j)
        if "join" in j_kinds and j + 1 < doc.n:
            k_kinds, k_last = _kinds_at(doc, j_last + 1)
            if w in {"of", "de", "di", "van"}:
                if k_kinds & {"scale", "collective", "bound"}:
                    end = k_last
                    continue
                break
            if k_kinds & _AFTER_JOIN:
                end = k_last
                continue
            break
        if j_kinds & _NUMERIC and not (j_kinds & {"join"}):
            end = j_last
            continue
        break
    # a scale word and the rest written in digits: "milijon 697.200" (1 697 200)
    if end + 1 < doc.n and doc.digit[end + 1] and doc.gaps[end + 1] == " " and "scale" in _kinds_at(doc, end)[0] \
            and _GROUPED.fullmatch(doc.words[end + 1]) and _digit_status(doc, end + 1) is None:
        end += 1
    for k in range(i, end + 1):
        used[k] = True
    provenance = "figure:words" if head == "word" else "figure:multiplier"
    return RULE.candidate(doc.starts[i], doc.ends[end], provenance, confidence=0.8)


RULE = Rule("figures", Label.FIGURE, PRIORITY_FIGURE, 0.9, find, facts=(_figure_start,))
