"""Pattern rules for ACTOR, LOCATION and SOURCE beyond the gazetteers.

- tweet authors: the display name in "— Name (@handle) Month D, YYYY" is SOURCE;
- credit lines ("Zdroj: SITA/Yevgeny Biyatov, Sputnik", "Foto: NAME / AFP"): persons are ACTOR,
  the other names SOURCE;
- a name right after a media word ("kanálu Mir", "agentúra X", "kanale Telegramu Puł Pierwogo")
  or before one ("Anadolu Ajansı") is SOURCE;
- "Long Name (ACRONYM)" where the initials spell the acronym: the long name takes the acronym's
  label (ACTOR unless the acronym is known otherwise);
- ministries ("ministerstva vnútra", "Ministerul Afacerilor Interne", "innenriksdepartementet",
  "İçişleri Bakanlığı") and official national bodies ("Národná banka", "Gărzii Naționale",
  "Εθνική Τράπεζα") are ACTOR; bare "the ministry", "the government" are not;
- named squares and streets keep their square word ("námestí Republiky", "Piața Republicii");
- persons: capitalised name sequences with a known first name, a title before them, or a
  surname ending; titles stay outside the span; a lone capitalised word at a sentence start is
  never taken on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from itertools import compress

from annotator.suggest.base import (
    PRIORITY_ENTITY,
    PRIORITY_GUESS,
    PRIORITY_PATTERN,
    PRIORITY_TWEET,
    Candidate,
)
from annotator.suggest.doc import NEWLINE, DocView, lower_form
from annotator.suggest.gazetteer import extend_clitic
from annotator.suggest.lexicon import word_lists
from annotator.suggest.memo import WordMemo
from annotator.suggest.normalize import ALL_SUFFIXES, inflects_to, key, split_words, stem
from annotator.text.canonical import fold

# -- tweets ---------------------------------------------------------------------------------
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d\U0001f1e6-\U0001f1ff"
_TWEET_AUTHOR = re.compile(
    rf"(?:^|(?<=\s))[—–-][ \t]*([^\s@()—–{_EMOJI}][^\n@()—–]{{0,60}}?)[ \t]*(?:[{_EMOJI}]+[ \t]*)*\(@\w{{1,30}}\)"
)


def tweet_authors(doc: DocView) -> list[Candidate]:
    """The display names of embedded tweets' authors."""
    out = []
    text = doc.text
    at = text.find("(@")
    while at >= 0:
        # a signature never spans lines: match only the lines holding a "(@handle)"
        line_start = text.rfind(NEWLINE, 0, at) + 1
        line_end = text.find(NEWLINE, at)
        if line_end < 0:
            line_end = len(text)
        for m in _TWEET_AUTHOR.finditer(text, line_start, line_end):
            name = m.group(1).rstrip(" \t|:,")
            start = m.start(1)
            if name and any(ch.isalpha() for ch in name):
                out.append(Candidate(start, start + len(name), "SOURCE", 0.9, "tweet:author", PRIORITY_TWEET))
        at = text.find("(@", line_end)
    return out


# -- shared helpers -------------------------------------------------------------------------
def _lists():
    return word_lists()


def _in(doc: DocView, i: int, category: str) -> bool:
    return doc.alpha[i] and doc.key(i) in _lists()[category]


_FUNCTION_WORDS = split_words("""o of the for de des del della dell di do da du la le pentru și si i a and und et y e en van von
    degli dello delle dei dos das
    voor för for af av og och ja ve és is na w we z ze za v vo s so k ku u od po pri pred nad pod
    în din pe cu al ale ai cel cea cei cele un una unei unui în
    em no ao à au aux im am an auf aus bei mit nach zu zum zur vom dem der die das den ein eine einer
    il lo gli les el los las al del
    ο η το οι τα του της των τον την στο στη στην στον στις στους από με για και σε
    в во на с со к по из от у о об за до при і та з із й
    ile için bir bu az egy ja ning ir un på med til fra från fram the a an this that these those
    it its he she we they his her our their""")
_NAME_PARTICLES = split_words("von van der den de da di del la le al el bin ibn ben")


def _name_like(doc: DocView, i: int) -> bool:
    """A capitalised word that may be part of a name."""
    return _NAME_LIKE[doc.words[i]]


def _name_like_word(word: str) -> bool:
    if not word[0].isalpha() or not word[0].isupper() or len(word) == 1:
        return False
    k = key(word)
    lists = _lists()
    return not (k in lists["nonname"] or k in lists["generic"] or k in lists["title"]
                or k in lists["ministrydomain"] or lower_form(word) in _FUNCTION_WORDS)


_NAME_LIKE: WordMemo[str, bool] = WordMemo(_name_like_word)


# -- credit lines ---------------------------------------------------------------------------
_CREDIT_CUES = split_words("foto fotó fotografie fotografia fot photo photos zdroj source sursa quelle źródło zrodlo kaynak "
    "forrás forras kuva bild φωτο φωτογραφία фото источник credit credits")
_CREDIT_DROP = split_words("photo foto file archive archiv handout pool/ via")
_CREDIT_SEPARATORS = frozenset({"/", ",", "|", ";", "via", "and", "og", "och", "und", "a", "i", "și", "&"})


def credit_lines(doc: DocView) -> list[Candidate]:
    out = []
    for i in doc.positions(_CREDIT_CUES):
        if i + 1 >= doc.n or doc.words[i + 1] != ":":
            continue
        j = i + 2
        item: list[int] = []
        while j <= doc.n:
            end_item = j == doc.n or doc.newline_before[j] or doc.lower[j] in _CREDIT_SEPARATORS
            if end_item:
                cand = _credit_item(doc, item)
                if cand is not None:
                    out.append(cand)
                item = []
                if j == doc.n or doc.newline_before[j]:
                    break
            elif doc.lower[j] not in _CREDIT_DROP:
                item.append(j)
            j += 1
    return out


def _credit_item(doc: DocView, item: list[int]) -> Candidate | None:
    if not item or len(item) > 4:
        return None
    if not all(doc.alpha[k] and (doc.cap[k] or doc.words[k] in {"-", "."}) for k in item):
        return None
    start, end = doc.starts[item[0]], doc.ends[item[-1]]
    if _is_first_name(doc, item[0]) and len(item) >= 2:
        return Candidate(start, end, "ACTOR", 0.75, "credit:person", PRIORITY_PATTERN + 1)
    return Candidate(start, end, "SOURCE", 0.6, "credit:source", PRIORITY_PATTERN)


def _is_first_name(doc: DocView, i: int) -> bool:
    """A known first name, possibly with a case ending ("Kassyma", "Nursułtana")."""
    return _FIRST_NAME[doc.key(i)]


def _first_name_key(k: str) -> bool:
    first_names = _lists()["firstname"]
    if k in first_names:
        return True
    for cut in (1, 2, 3):
        if len(k) - cut >= 3 and k[:-cut] in first_names and k[-cut:] in ALL_SUFFIXES:
            return True
        base = k[:-cut]
        if len(base) >= 3 and k[-cut:] in ALL_SUFFIXES and (base + "a") in first_names:
            return True
    return False


_FIRST_NAME: WordMemo[str, bool] = WordMemo(_first_name_key)


# -- media cues -----------------------------------------------------------------------------
_OPEN_PAREN = frozenset({"("})
_PLATFORMS = split_words("telegram telegramu telegramie telegramul telegrami twitter twitteru twitterze twitterul "
    "youtube youtubie instagram instagramie facebook facebooku tiktok")
_POSTPOSED_CUES = split_words("ajansı ajansına ajansının ajansi gazetesi gazetesine gazetesinin hírügynökség hírügynökségnek "
    "hírügynökséget hírügynökségtől uutistoimisto uutistoimiston uutistoimistolle")


def media_cues(doc: DocView) -> list[Candidate]:
    out = []
    cues = _lists()["mediacue"]
    for i in doc.key_positions(cues):
        if i + 1 >= doc.n:
            continue
        j = i + 1
        if j < doc.n and doc.lower[j] in _PLATFORMS:
            j += 1
        quoted = j < doc.n and doc.words[j] in {'"', "„", "«", "“"}
        if quoted:
            j += 1
        name = []
        while j < doc.n and len(name) < 3 and not doc.newline_before[j]:
            if _name_like(doc, j) or (name and doc.words[j] in {"-", "."} and not doc.gaps[j]
                                      and j + 1 < doc.n and doc.alpha[j + 1] and not doc.gaps[j + 1]):
                name.append(j)
                j += 1
            elif name and doc.digit[j] and doc.gaps[j] in {"", " "} and len(doc.words[j]) <= 2:
                name.append(j)  # "Khabar 24"
                j += 1
                break
            else:
                break
        while name and not doc.alpha[name[-1]] and not doc.digit[name[-1]]:
            name.pop()
        if not name:
            continue
        if len(name) == 1 and doc.lower[name[0]] in _FUNCTION_WORDS:
            continue
        out.append(Candidate(doc.starts[name[0]], doc.ends[name[-1]], "SOURCE", 0.6, "cue:media",
                             PRIORITY_PATTERN))
    # names before a postposed media word (Turkish, Hungarian, Finnish)
    for i in doc.positions(_POSTPOSED_CUES):
        if i < 1:
            continue
        j = i - 1
        name = []
        while j >= 0 and len(name) < 3 and _name_like(doc, j) and not doc.newline_before[j + 1]:
            name.insert(0, j)
            j -= 1
        if name and not (len(name) == 1 and doc.sent_start[name[0]]):
            out.append(Candidate(doc.starts[name[0]], doc.ends[name[-1]], "SOURCE", 0.6,
                                 "cue:media", PRIORITY_PATTERN))
    return out


# -- acronym definitions --------------------------------------------------------------------
def acronym_definitions(doc: DocView, known: dict[str, str]) -> list[Candidate]:
    """"Organizácie zmluvy o kolektívnej bezpečnosti (ODKB)": the long name before the
    parenthesis, when the initials of its content words spell the acronym."""
    out = []
    for i in doc.positions(_OPEN_PAREN):
        if i < 2 or i + 2 >= doc.n or not doc.allcaps[i + 1] or doc.words[i + 2] != ")":
            continue
        acronym = doc.words[i + 1]
        letters = [c for c in acronym.lower() if c.isalpha()]
        j = i - 1
        pos = len(letters) - 1
        first = None
        while j >= 0 and pos >= 0 and i - j <= 12 and not doc.newline_before[j + 1]:
            word = doc.words[j]
            if not doc.alpha[j]:
                if word not in {"-"}:
                    break
                j -= 1
                continue
            initial = word[0].lower()
            if initial == letters[pos]:
                pos -= 1
                first = j
            elif doc.lower[j] in _FUNCTION_WORDS or len(word) <= 3:
                pass
            else:
                break
            j -= 1
        if pos >= 0 or first is None or not doc.cap[first]:
            continue
        label = known.get(acronym, "ACTOR")
        out.append(Candidate(doc.starts[first], doc.ends[i - 1], label, 0.7, "pattern:acronym",
                             PRIORITY_PATTERN + 5))
    return out


# -- ministries and official bodies ---------------------------------------------------------
_MINISTRY_COMPOUND = re.compile(
    r"\w{3,}(?:ministerium|ministeriums|departementet|departementets|ministeriet|ministeriets|"
    r"ministeriö|ministeriön|ministeriöstä|ministeriössä|minisztérium|minisztériuma|minisztériumot|"
    r"minisztériumnak|minisztériumtól|minisztériumban|ministerie|ministeerium)"
)
_CONJUNCTIONS = split_words("și si and und et y e og och és ve ja ir un и і та a i")
_ELISIONS = frozenset({"l", "d", "dell", "dall", "nell", "'", "’"})


def _is_ministry_head(doc: DocView, i: int, heads: frozenset[str], head_stems: frozenset[str]) -> bool:
    k = doc.key(i)
    if k in heads:
        return True
    if len(k) < 9 or k[:4] not in _ministry_prefixes():
        return False
    return any(len(k) - cut >= 8 and k[:-cut] in head_stems for cut in (1, 2, 3))


@cache
def _ministry_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    lists = _lists()
    heads = lists["ministry"]
    return heads, lists["ministrydomain"], frozenset(stem(h) for h in heads if len(stem(h)) >= 8)


@cache
def _ministry_prefixes() -> frozenset[str]:
    """First letters of ministry words, and the compound endings' keys' first letters."""
    compounds = ("ministerium", "departement", "ministeriet", "ministerio", "minisztérium", "ministerie",
                 "ministeerium")
    return frozenset(h[:4] for h in _ministry_words()[2]) | frozenset(
        {"mini", "depa"} | {key(c)[:4] for c in compounds}
    )


def _domain_ahead(doc: DocView, j: int, domains: frozenset[str], blocked: list[bool], reach: int = 2) -> bool:
    """A lower-case domain word within ``reach`` words from j (nothing capitalised before it)."""
    for k in range(j, min(j + reach, doc.n)):
        if not doc.alpha[k] or doc.cap[k] or blocked[k] or doc.newline_before[k]:
            return False
        if doc.key(k) in domains:
            return True
    return False


def _compound_hint(low: str) -> bool:
    return "minis" in low or "departement" in low


def _ministry_candidate(word: str) -> bool:
    """A word that may be a ministry word or compound (a quick filter)."""
    if not word[0].isalpha():
        return False
    k = key(word)
    return k in _ministry_words()[0] or k[:4] in _ministry_prefixes() or (
        len(k) >= 9 and _compound_hint(lower_form(word)))


_MINISTRY_CANDIDATE: WordMemo[str, bool] = WordMemo(_ministry_candidate)


def ministries(doc: DocView, blocked: list[bool]) -> list[Candidate]:
    out = []
    heads, domains, head_stems = _ministry_words()
    for i in compress(range(doc.n), _MINISTRY_CANDIDATE.over(doc.words)):
        if _MINISTRY_COMPOUND.fullmatch(doc.lower[i]):
            out.append(Candidate(doc.starts[i], doc.ends[i], "ACTOR", 0.75, "pattern:ministry",
                                 PRIORITY_ENTITY))
            continue
        if not _is_ministry_head(doc, i, heads, head_stems):
            continue
        # head first: ministerstva vnútra, Ministerul Afacerilor Interne, ministère de l'Intérieur,
        # ministerie van Buitenlandse Zaken
        j = i + 1
        last = None
        while j < doc.n and j - i <= 6 and not doc.newline_before[j] and not blocked[j]:
            if not doc.alpha[j]:
                if doc.words[j] in _ELISIONS and not doc.gaps[j]:
                    j += 1
                    continue
                break
            kj = doc.key(j)
            if doc.lower[j] in _CONJUNCTIONS:
                # "vanjskih i europskih poslova" goes on; "Interne și ai Gărzii Naționale" is two bodies
                if _domain_ahead(doc, j + 1, domains, blocked):
                    j += 1
                    continue
                break
            if kj not in domains and not doc.cap[j] and doc.lower[j] not in _FUNCTION_WORDS \
                    and last is not None and _domain_ahead(doc, j + 1, domains, blocked, 1):
                j += 1  # an unlisted adjective between domain words: "vanjskih i europskih poslova"
                continue
            if kj in domains or (doc.cap[j] and _name_like(doc, j) and (last is not None or j > i + 1)
                                 and not doc.allcaps[j] and not _is_first_name(doc, j)):
                last = j
            elif doc.lower[j] in _FUNCTION_WORDS or doc.lower[j] in _ELISIONS or kj in {"spraw", "del", "dell"}:
                pass
            else:
                break
            j += 1
        if last is not None:
            out.append(Candidate(doc.starts[i], doc.ends[last], "ACTOR", 0.75, "pattern:ministry",
                                 PRIORITY_ENTITY))
            continue
        # domain first: Interior Ministry, İçişleri Bakanlığı, Egészségügyi Minisztérium
        j = i - 1
        first = None
        while j >= 0 and i - j <= 3 and doc.alpha[j] and doc.key(j) in domains and not blocked[j]:
            first = j
            j -= 1
        if first is not None:
            out.append(Candidate(doc.starts[first], doc.ends[i], "ACTOR", 0.75, "pattern:ministry",
                                 PRIORITY_ENTITY))
    return out


def _stem_in(k: str, stems: frozenset[str]) -> bool:
    if k in stems:
        return True
    return any(len(k) - cut >= 4 and k[:-cut] in stems for cut in range(1, 4))


@cache
def _body_words() -> tuple[frozenset[str], frozenset[str]]:
    lists = _lists()
    adjs = frozenset(stem(k) for k in lists["bodyadj"]) | lists["bodyadj"]
    nouns = frozenset(stem(k) for k in lists["bodynoun"]) | lists["bodynoun"]
    return adjs, nouns


@cache
def _body_prefixes() -> frozenset[str]:
    adjs, nouns = _body_words()
    return frozenset(w[:3] for w in adjs | nouns)


def official_bodies(doc: DocView) -> list[Candidate]:
    adjs, nouns = _body_words()
    prefixes = _body_prefixes()
    out = []
    keys = doc._keys
    for i in doc.cap_idx:
        j = i + 1
        if j >= doc.n or keys[i][:3] not in prefixes or not doc.alpha[j] \
                or doc.newline_before[j]:
            continue
        ki, kj = keys[i], keys[j]
        if (_stem_in(ki, adjs) and _stem_in(kj, nouns)) or (_stem_in(ki, nouns) and _stem_in(kj, adjs)):
            if doc.sent_start[i] and not doc.cap[j]:
                continue  # "National security is..." at a sentence start
            out.append(Candidate(doc.starts[i], doc.ends[j], "ACTOR", 0.65, "pattern:body",
                                 PRIORITY_PATTERN))
    return out


# -- squares and streets --------------------------------------------------------------------
_NAME_FIRST_SQUARES = split_words(
    "square tér téren meydanı meydan plein aikštė laukums väljak street avenue utca caddesi sokak torg torget "
    "plassen plads pladsen tori torilla torilta platz"
)


def squares(doc: DocView, blocked: list[bool]) -> list[Candidate]:
    lists = _lists()
    words = lists["squareword"] | lists["streetword"]
    out = []
    for i in doc.key_positions(words):
        if i + 1 >= doc.n:
            continue
        j = i + 1
        if doc.newline_before[j] or not doc.alpha[j] or blocked[j]:
            continue
        if doc.cap[j] and _name_like(doc, j) and not doc.allcaps[j]:
            end = j
            if j + 1 < doc.n and _name_like(doc, j + 1) and not doc.newline_before[j + 1]:
                end = j + 1
            out.append(Candidate(doc.starts[i], doc.ends[end], "LOCATION", 0.7, "pattern:square",
                                 PRIORITY_ENTITY + 2))
        elif doc.cap[i] and not doc.sent_start[i] and doc.words[j].islower() and len(doc.words[j]) > 3 \
                and doc.lower[j] not in _FUNCTION_WORDS:
            out.append(Candidate(doc.starts[i], doc.ends[j], "LOCATION", 0.6, "pattern:square",
                                 PRIORITY_ENTITY + 2))
    for i in doc.positions(_NAME_FIRST_SQUARES):
        if i >= 1 and _name_like(doc, i - 1) and not doc.newline_before[i] \
                and not doc.sent_start[i - 1]:
            out.append(Candidate(doc.starts[i - 1], doc.ends[i], "LOCATION", 0.6, "pattern:square",
                                 PRIORITY_PATTERN))
    return out


# -- persons --------------------------------------------------------------------------------
_SURNAME = re.compile(
    r".{3,}(?:ov|ev|ová|ova|eva|ová|sky|ski|ska|skij|skiy|skyi|enko|enka|chuk|czuk|yan|jan|ian|adze|shvili|"
    r"escu|oğlu|oglu|ić|vić|ovich|evich|ovič|ević|owicz|ewicz|ov[a-z]{1,3}|ev[a-z]{1,3})"
)


def persons(doc: DocView, blocked: list[bool], person_tokens: list[bool]) -> list[Candidate]:
    """Capitalised name sequences. ``blocked`` marks tokens already taken by a place, a medium or
    an organisation; ``person_tokens`` those a person gazetteer matched."""
    lists = _lists()
    titles = lists["title"]
    out: list[Candidate] = []
    n = doc.n
    german = any("de" in langs for langs in doc.para_langs.values())
    headlines = _title_case_paragraphs(doc)
    after_run = 0
    for i in doc.cap_idx:
        if i < after_run or blocked[i] or not _name_like(doc, i) or (doc.allcaps[i] and len(doc.words[i]) <= 3):
            continue
        run = [i]
        j = i + 1
        while j < n and len(run) < 5 and not doc.newline_before[j] and not blocked[j]:
            if doc.words[j] in {"-", "'", "’"} and not doc.gaps[j] and j + 1 < n and not doc.gaps[j + 1] \
                    and _name_like(doc, j + 1) and not blocked[j + 1]:
                run.extend([j, j + 1])
                j += 2
                continue
            if doc.gaps[j] and _name_like(doc, j) and doc.allcaps[j] == doc.allcaps[run[0]]:
                run.append(j)
                j += 1
                continue
            if doc.lower[j] in _NAME_PARTICLES and j + 1 < n and _name_like(doc, j + 1) and doc.gaps[j + 1] \
                    and len([k for k in run if doc.alpha[k]]) == 1:
                run.extend([j, j + 1])
                j += 2
                continue
            break
        after_run = j
        # leading words that are neither first names nor known persons, before ones that are, are
        # not part of the name ("Kazahstaului Kassîm-Jomart Tokaev" with a misspelt country)
        evidence = [k for k in run if doc.alpha[k] and (person_tokens[k] or _is_first_name(doc, k))]
        hungarian_order = len(run) == 2 and evidence == [run[1]] and "hu" in doc.langs_at(run[0])
        if evidence and evidence[0] != run[0] and not hungarian_order:
            cut = run.index(evidence[0])
            while cut >= 2 and doc.words[run[cut - 1]] in {"-", "'", "’"}:
                cut -= 2  # keep a hyphenated name whole: "Kassõm-Žomart"
            run = run[cut:]
        words_in_run = [k for k in run if doc.alpha[k]]
        has_first = _is_first_name(doc, words_in_run[0]) or (
            len(words_in_run) == 2 and "hu" in doc.langs_at(run[0]) and _is_first_name(doc, words_in_run[1]))
        has_gazetteer = any(person_tokens[k] for k in run)
        title_before = run[0] > 0 and doc.alpha[run[0] - 1] and doc.key(run[0] - 1) in titles
        allcaps = doc.allcaps[run[0]]
        # a sentence-initial word is only a name with evidence
        if doc.sent_start[run[0]] and not has_first and not has_gazetteer:
            run = run[1:]
            while run and not doc.alpha[run[0]]:
                run = run[1:]
            if not run:
                continue
            words_in_run = [k for k in run if doc.alpha[k]]
            title_before = False
        if allcaps and not has_first:
            continue
        n_words = len(words_in_run)
        surname = bool(_SURNAME.fullmatch(doc.folded[words_in_run[-1]]))
        if has_first and n_words >= 2:
            conf, prov = 0.8, "person:first-name"
        elif has_gazetteer and n_words >= 2:
            conf, prov = 0.8, "person:gazetteer"
        elif n_words >= 2 and (title_before or surname):
            conf, prov = 0.7, "person:title" if title_before else "person:surname"
        elif n_words >= 2 and not german and doc.para[run[0]] not in headlines:
            conf, prov = 0.45, "name:capitalised"
        elif n_words == 1 and title_before and not doc.sent_start[run[0]]:
            conf, prov = 0.55, "person:title"
        else:
            continue
        priority = PRIORITY_ENTITY + 1 if has_gazetteer and n_words >= 2 else PRIORITY_GUESS
        out.append(Candidate(doc.starts[run[0]], doc.ends[run[-1]], "ACTOR", conf, prov, priority))
    return out


# -- organisations named before their head noun ----------------------------------------------
_ORG_HEADS = split_words(
    """teşkilatı örgütü birliği konseyi partisi bakanlığı başkanlığı komitesi kurulu meclisi derneği vakfı
    szervezet szervezete szervezetének párt pártja bizottság bizottsága tanács tanácsa
    järjestö järjestön puolue puolueen liitto liiton
    organisatsioon organisatsiooni partei erakond organizācija organizācijas partija organizacija"""
)
_ORG_HEADS_FOLDED = frozenset(fold(w) for w in _ORG_HEADS)


def org_heads(doc: DocView, blocked: list[bool]) -> list[Candidate]:
    """"Türk Devletleri Teşkilatı": capitalised words closed by a capitalised organisation
    noun (with its clitic) are one ACTOR."""
    out = []
    for i in doc.cap_idx:
        if i < 1 or doc.folded[i] not in _ORG_HEADS_FOLDED:
            continue
        j = i - 1
        first = None
        while (j >= 0 and i - j <= 4 and doc.alpha[j] and doc.cap[j] and not doc.newline_before[j + 1]
               and not blocked[j] and doc.lower[j] not in _FUNCTION_WORDS):
            first = j
            if doc.sent_start[j]:
                break
            j -= 1
        if first is None:
            continue
        end = extend_clitic(doc, i)
        out.append(Candidate(doc.starts[first], doc.ends[end], "ACTOR", 0.65, "pattern:organisation",
                             PRIORITY_ENTITY + 3))
    return out


def _title_case_paragraphs(doc: DocView) -> set[int]:
    """Paragraphs written in Title Case (English headlines), where capitals say little."""
    caps: dict[int, int] = {}
    para = doc.para
    for i in doc.cap_idx:
        caps[para[i]] = caps.get(para[i], 0) + 1
    return {p for p, c in caps.items() if c >= 4 and c >= 0.6 * doc.para_words.get(p, 0)}


# -- unknown acronyms -----------------------------------------------------------------------
_NOT_ACRONYMS = split_words("UPDATE LIVE VIDEO FOTO PHOTO TV SMS GPS GDP PIB HDP BIP ВВП CEO PM AM UTC GMT ID OK USD EUR KZT RUB "
    "LPG GPL LNG COVID HIV AIDS DNA PDF HTML URL FAQ CET EET PS NB ATM VIP IT AI UFO SOS")


def unknown_acronyms(doc: DocView) -> list[Candidate]:
    out = []
    for i in doc.cap_idx:
        w = doc.words[i]
        if not doc.allcaps[i] or not (2 <= len(w) <= 5) or w in _NOT_ACRONYMS:
            continue
        if _in(doc, i, "nonname") or _in(doc, i, "title"):
            continue
        # skip shouted headlines and captions: an all-caps neighbour or a colon after it
        if (i + 1 < doc.n and (doc.allcaps[i + 1] or doc.words[i + 1] == ":")) or (i > 0 and doc.allcaps[i - 1]):
            continue
        if len(w) <= 3 and doc.sent_start[i]:
            continue
        out.append(Candidate(doc.starts[i], doc.ends[i], "ACTOR", 0.4, "name:acronym", PRIORITY_GUESS))
    return out


def tokens_covered(doc: DocView, spans: Iterable[Candidate]) -> list[bool]:
    """A per-token mask of tokens inside any of ``spans``."""
    mask = [False] * doc.n
    import bisect

    for c in spans:
        k = bisect.bisect_left(doc.starts, c.start)
        while k < doc.n and doc.starts[k] < c.end:
            mask[k] = True
            k += 1
    return mask


def echo_candidates(doc: DocView, found: list[Candidate], labels: Iterable[str] = ("ACTOR", "SOURCE")) -> list[Candidate]:
    """Other occurrences in the document of a name a rule found (a person's surname alone,
    an outlet named again), with the same label and a low priority."""
    wanted = set(labels)
    forms: dict[str, tuple[str, str]] = {}
    for c in found:
        if c.label not in wanted or c.provenance.startswith("figure"):
            continue
        surface = doc.text[c.start:c.end]
        forms.setdefault(surface, (c.label, c.provenance))
        if c.label == "ACTOR" and c.provenance.startswith("person") and " " in surface:
            last = surface.split()[-1]
            if len(last) >= 4 and last[0].isupper():
                forms.setdefault(last, (c.label, c.provenance))
    out = []
    if not forms:
        return out
    by_key = {key(f): f for f in forms if " " not in f and "-" not in f}
    stems: dict[str, list[tuple[str, str, str]]] = {}
    for fk, form in by_key.items():
        stems.setdefault(fk[:2], []).append((fk, stem(fk), form))
    keys = doc._keys
    for i in doc.cap_idx:
        k = keys[i]
        for fk, fs, form in stems.get(k[:2], ()):
            if k == fk or inflects_to(fk, fs, k, doc.suffixes.get(doc.para[i], frozenset())):
                label, prov = forms[form]
                out.append(Candidate(doc.starts[i], doc.ends[i], label, 0.5, "echo:" + prov, 10))
                break
    # multi-word forms found once are found again verbatim
    for form, (label, prov) in forms.items():
        if " " in form or "-" in form:
            for m in re.finditer(re.escape(form), doc.text):
                out.append(Candidate(m.start(), m.end(), label, 0.5, "echo:" + prov, 10))
    return out
