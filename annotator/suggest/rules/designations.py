"""Bodies named by their official designation: an institution's head noun with the words that
say what it does, partly or wholly in lower case (label-spec: a body "referred to by ... its
official designation" is ACTOR, like "ministerstvo vnútra").

- Head first (Romance, Slavic, English): a capitalised head noun ("Servizio", "Réseau",
  "Agencija", "Urada", "Úrad", "Office") followed by lower-case adjectives and a linked domain
  ("Servizio nazionale della protezione civile", "Réseau national de surveillance sismique",
  "Urada za meteorološko napoved", "Agencija RS za okolje", "Úrad pre reguláciu sieťových
  odvetví"), or by capitalised words of its name ("Sindicato Independente Nacional dos
  Ferroviários"). A head qualified only by a place is generic ("the district court of X",
  label-spec) except a university or school, which is named after its town ("Université de
  Strasbourg").
- Head last (Slavic, Baltic): a capitalised adjective or genitive and lower-case words closed
  by a lower-case head noun ("Republički seizmološki zavod", "Slovenský hydrometeorologický
  ústav", "Nacionalinio krizių valdymo centro", "Lietuvos švietimo darbuotojų profesinės
  sąjunga"); a place alone before the head is generic ("Rīgas policija").

Where the designation's words stop is what decides precision: a head-first designation must be
followed by punctuation, a function word, a capitalised word, a digit or the end of its line; a
lower-case word after it (a verb, perhaps) leaves it out.
"""

from __future__ import annotations

from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import extend_clitic
from annotator.suggest.languages import is_function_word
from annotator.suggest.lexicon import word_lists
from annotator.suggest.names import FUNCTION_WORDS, is_first_name
from annotator.suggest.normalize import split_words
from annotator.suggest.rules import Context, Rule, tokens_covered
from annotator.text.canonical import fold

# Stems (folded) of head nouns of public bodies and organisations, in the languages that put the
# head first or last; a word is a head if it is a stem followed by at most four letters of
# ending ("uprav" -> "Uprava", "Upravi", "Uprave"). From each language's ordinary vocabulary.
_BODY_HEADS = split_words(
    """agency agencij agencia agenzi agence agenci agentur agentúr agencj agenți agentūr aģentūr
    агенци агенциј агентств
    office bureau ufficio oficina oficiul urad úrad úřad urzad ured уред биро
    administration administraci administración direcți direccion direção direcao direzion direction
    directorat direktorat directorate uprav správ sprav zarzad
    дирекци управлени управа
    institut istitut instituto institutul instytut ustav zavod завод институт інститут
    servizio servicio servico serviciul sluzb служб
    service centro centre center centrum centar центр центар център centras centro centrs
    reseau rete
    autorita autoridad autoridade autorite autoritat authority
    inspektorat inspectorat inspekcij inspekc inspekcj inspecc ispettorat inspeccion inspectie
    consejo consiglio conselho conseil consili council
    comite comitato comissao comision commissione commission komisij komisj komise
    dipartiment departament département department
    comando commandement comandament
    sindicat sindacat syndicat
    federaci federazion federation federacao confederaci confederazion
    asociaci associazion association associacao
    tarnyb dienest biroj parvald inspekcij padom taryb departament
    sajung savieniba arodbiedrib
    svaz zvaz savez zveza союз съюз
    policij polici полици
    compani companhi compagni empres"""
)
# adjectives of a local level (district, region, town, municipality): a head after one alone is a
# body named by its type ("Okresná prokuratúra", "Gradska uprava"), generic (label-spec)
_LOCAL_ADJECTIVES = tuple(split_words("""okresn krajsk mestsk mests obecn gradsk opcinsk opstinsk zupanijsk
    powiatow wojewodzk miejsk gminn rajon apskrit miesto savivaldyb novad pilsetas районн областн
    городск местн"""))
# heads of bodies named after their town, whose place alone names them
_SCHOOL_HEADS = split_words(
    """universit univerzit uniwersytet universidad universidade università universite universitat
    университет escuela escola scuola skol szkol gimnazij progimnazij mokykl gymnazi gimnazj
    lycee liceo colegio college"""
)
# words linking a head to its domain: prepositions and articles
_LINKS = split_words(
    """de del della dello delle dei degli di da do dos das du des d dell la le les el los las l
    per pour for of para pentru a al ale za pre pro na o ob w we dla для за по на van voor für
    und e et y i and și si ir un ja tal tad tan tar tas tat taż"""
)
_CONJUNCTIONS = split_words("e et y i in and und și si ir un ja")  # "in" is Slovene "and" only
# a head and its place alone is generic for these heads: police, council, office, command
_GENERIC_WITH_PLACE = split_words("""polici полици policij consili council consejo consiglio conselho conseil
    administraci administration uprav управ""")

# languages whose designations put lower-case adjectives and genitives before the head
_HEAD_LAST_LANGS = frozenset({"cs", "sk", "pl", "sl", "hr", "sr", "bs", "mk", "bg", "ru", "uk", "be", "lt", "lv"})
_A_AND = frozenset({"cs", "sk", "pl", "hr", "sl", "sr", "bs"})  # where "a" is "and", not "to"
_GLUE = frozenset({"'", "’", "-"})


@cache
def _adjectives() -> frozenset[str]:
    """Keys of the adjectives of national bodies ("nazionale", "central", "federal")."""
    return word_lists()["bodyadj"]
_MAX_BEFORE = 4  # words before a head-last head


@cache
def _heads() -> tuple[frozenset[str], frozenset[str]]:
    """The folded heads of bodies and of schools."""
    return frozenset(fold(s) for s in _BODY_HEADS), frozenset(fold(s) for s in _SCHOOL_HEADS)


@cache
def _head_sets() -> tuple[tuple[int, frozenset[str]], ...]:
    """The heads of ``_heads`` as sets, schools first (the kind ``_head_kind`` prefers)."""
    bodies, schools = _heads()
    return ((2, schools), (1, bodies))


@cache
def _head_starts() -> tuple[int, frozenset[str]]:
    """The length of the shortest head and the beginnings of that length of every head: a word
    that begins with none of them begins with no head (most words, told by one look-up)."""
    heads = [*_heads()[0], *_heads()[1]]
    shortest = min(map(len, heads))
    return shortest, frozenset(h[:shortest] for h in heads)


def _head_kind(word: str) -> int:
    """0: no head noun; 1: a body's head; 2: a school's or university's (by its folded form):
    a head begins the word and leaves at most four letters after it. The word's last five
    prefixes are looked up in sets (asked of every new word: a scan of every head was most of
    a new document's cost)."""
    f = fold(word)
    if len(f) < 4 or not f.isalpha():
        return 0
    shortest, starts = _head_starts()
    if f[:shortest] not in starts:
        return 0
    n = len(f)
    prefixes = [f[:cut] for cut in range(max(0, n - 4), n + 1)]
    for kind, stems in _head_sets():
        if any(p in stems for p in prefixes):
            return kind
    return 0


def _generic_place_head(word: str) -> bool:
    f = fold(word)
    return any(f.startswith(s) for s in _GENERIC_WITH_PLACE)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """ACTOR candidates for designations, at the head nouns (``_head_kind`` is the rule's word
    fact: most documents have few heads, many none)."""
    heads = doc.where(_head_kind)
    if not heads:
        return []
    blocked = context.blocked
    places = context.place_tokens(doc)
    countries = tokens_covered(doc, [c for c in context.anchors if c.provenance.startswith("country:")])
    titles = word_lists()["title"]
    kinds = doc.memos[_head_kind]
    out: list[Candidate] = []
    for i in heads:
        if blocked[i]:
            continue
        kind = kinds[doc.words[i]]
        if doc.cap[i] and not doc.allcaps[i]:
            c = _head_first(doc, i, kind, blocked, places)
            if c is not None:
                out.append(c)
                continue
        if not doc.cap[i] and doc.gaps[i] and doc.langs_at(i) & _HEAD_LAST_LANGS:
            c = _head_last(doc, i, kind, blocked, places, countries, titles)
            if c is not None:
                out.append(c)
    return out


def _head_first(doc: DocView, i: int, kind: int, blocked: list[bool], places: list[bool]) -> Candidate | None:
    """"Servizio nazionale della protezione civile": the head, its adjectives and linked domain.
    After the head: a country code, capitalised words of the name, up to two lower-case
    adjectives; then links (a preposition or article: up to three words after it; a conjunction:
    one lower-case word or two capitalised ones), each followed by its words. A capitalised word
    follows only the head, a link or another capitalised word."""
    n = doc.n
    langs = doc.langs_at(i)
    j = i + 1
    last = i
    budget = 2  # lower-case words allowed before the first link
    linked = adjective = cap_segment = False
    links = 0
    place_only = True
    prev_cap = True  # the head is capitalised
    after_link = False
    while j < n and not doc.newline_before[j]:
        low = doc.lower[j]
        if not doc.alpha[j]:
            # an elided article glued to its word: "per l’attuazione", Maltese "tal-Edukazzjoni"
            if doc.words[j] in _GLUE and after_link and not doc.gaps[j] and j + 1 < n and not doc.gaps[j + 1] \
                    and doc.alpha[j + 1]:
                j += 1
                continue
            break
        if not doc.gaps[j] and not after_link:
            break
        if not doc.cap[j] and (low in _LINKS or (low == "in" and "sl" in langs)):
            if not after_link:
                links += 1
            if links > 3 or j - i > 12:
                break
            conj = low in _CONJUNCTIONS or low == "in" or (low == "a" and langs & _A_AND)
            budget = 1 if conj else 3
            after_link = True
            cap_segment = False
            j += 1
            continue
        if budget <= 0 or doc.sent_start[j]:
            break
        if blocked[j] and not (kind == 2 and places[j]) and not (doc.allcaps[j] and j == i + 1):
            break
        if doc.allcaps[j]:
            if j != i + 1:
                break
        elif doc.cap[j]:
            if not (prev_cap or after_link):
                break  # "Urada za meteorološko napoved Agencije": a new name
            if not places[j]:
                place_only = False
            if after_link or linked:
                budget = max(budget, 2)
            prev_cap = True
            if after_link:
                cap_segment = True
        else:
            if low in FUNCTION_WORDS or is_function_word(low) or cap_segment:
                break  # after "de Gobierno" a lower-case word is the sentence going on
            place_only = False
            prev_cap = False
            if doc.key(j) in _adjectives():
                adjective = True
            budget -= 1
        if after_link:
            linked = True
        after_link = False
        last = j
        j += 1
    if last == i or not (linked or adjective or any(doc.cap[k] for k in range(i + 1, last + 1))):
        return None
    # the designation must end at a boundary; a lower-case word after it may be a verb
    nxt = last + 1
    if nxt < n and doc.gaps[nxt] and not doc.newline_before[nxt] and doc.alpha[nxt] and not doc.cap[nxt] \
            and not is_function_word(doc.lower[nxt]) and doc.lower[nxt] not in FUNCTION_WORDS \
            and doc.lower[nxt] not in _LINKS:
        return None
    if place_only and (kind != 2 or _generic_place_head(doc.words[i])):
        return None  # "Ayuntamiento de X", "the district court of X": the place alone is tagged
    if doc.sent_start[i] and not linked and not adjective:
        return None  # capitalised words after a sentence-initial head: a headline or a name guessed elsewhere
    end = extend_clitic(doc, last)
    return RULE.candidate(doc.starts[i], doc.ends[end], "pattern:designation")


def _head_last(doc: DocView, i: int, kind: int, blocked: list[bool], places: list[bool],
               countries: list[bool], titles: frozenset[str]) -> Candidate | None:
    """"Republički seizmološki zavod": capitalised words and up to two lower-case words (three
    after a country's name) before a lower-case head. Not a person's name before a verb and a
    head ("Gitanas Nausėda ... centre"), nor a descriptor before a name ("aģentūru LETA")."""
    n = doc.n
    if i + 1 < n and doc.gaps[i + 1] and not doc.newline_before[i + 1] and doc.cap[i + 1] and not doc.sent_start[i + 1] \
            and (doc.allcaps[i + 1] or blocked[i + 1]):
        return None  # "aģentūru LETA", "agentúry Reuters": a descriptor before a known name or abbreviation
    j = i - 1
    first = None
    lower = 0
    while j >= 0 and i - j <= _MAX_BEFORE + 1 and doc.alpha[j] and not doc.newline_before[j + 1] and doc.gaps[j + 1]:
        if (doc.lower[j] in FUNCTION_WORDS or is_function_word(doc.lower[j])) \
                and not (doc.lower[j] in _CONJUNCTIONS and not doc.cap[j] and j < i - 1 and first is None):
            break
        if doc.cap[j]:
            if doc.allcaps[j] or doc.key(j) in titles or (blocked[j] and not places[j]):
                break
            first = j
            if doc.sent_start[j] or _HEAD_KIND(doc, j):
                break  # a head of its own starts the name ("Úradu inšpekčnej služby")
        elif first is not None:
            break
        else:
            lower += 1
        j -= 1
    if first is None:
        return None
    if lower > (3 if countries[first] else 2):
        return None
    k = first - 1
    if k >= 0 and not doc.newline_before[first]:
        if doc.words[k] == "." and k >= 1 and len(doc.words[k - 1]) == 1 and doc.cap[k - 1]:
            return None  # an initial before it: a person ("A. Navicko vadovauja ...")
        if doc.alpha[k] and doc.cap[k] and doc.gaps[first] and not doc.sent_start[first]:
            return None  # a capitalised word before it: a longer name, a person's most likely
    words = [k for k in range(first, i) if doc.alpha[k]]
    if is_first_name(doc, first):
        return None
    lower_between = [k for k in words if not doc.cap[k]]
    caps = [k for k in words if doc.cap[k]]
    if all(places[k] for k in caps) and kind != 2 and (not lower_between or _generic_place_head(doc.words[i])):
        return None  # "Rīgas policija", "Vilniaus savivaldybės administracijos": a place and a head is generic
    if doc.folded[first].startswith(_LOCAL_ADJECTIVES):
        return None  # "Okresná prokuratúra", "Gradska uprava": a body named by its type and level only
    if doc.sent_start[first] and not lower_between:
        return None  # "Lokalna policija" at a sentence start: an adjective and a head, maybe generic
    if doc.lower[words[-1]] in _CONJUNCTIONS:
        return None
    end = extend_clitic(doc, i)
    return RULE.candidate(doc.starts[first], doc.ends[end], "pattern:designation")


def _HEAD_KIND(doc: DocView, j: int) -> int:
    return doc.memos[_head_kind][doc.words[j]]


RULE = Rule("designations", Label.ACTOR, PRIORITY_ENTITY + 1, 0.6, find, facts=(_head_kind,))
