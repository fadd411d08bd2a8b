"""Clubs named by their town: in a match report (a score such as "3:1" or "1-0" and a word of
sport), a town or city that is not the place of a preposition or of a word for a town ("Marseille a battu le Paris
Saint-Germain 1-0", "Slavia porazila Spartu") names the club, an ACTOR (label-spec: a club is an
organisation; a country stays a LOCATION); neighbouring town names are one club ("Paris
Saint-Germain"). Languages that say "in" with a case ending (Finnish, Estonian, Baltic,
Hungarian) are left alone: a town's case form there is a place. Anywhere, a name with a club's
prefix or suffix is one ACTOR ("Real Madrid", "Malmö FF", "HNK Gorica"), and so is a club of
data/clubs.tsv named alone ("Hajduk", "Dinama", "Juventus"; one that is also a place, a person or
a word only in a sports text)."""

from __future__ import annotations

import re
from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView, matches_from
from annotator.suggest.gazetteer import Gazetteer, GazetteerBuilder
from annotator.suggest.lexicon import club_concepts, place_prepositions
from annotator.suggest.names import inside_longer_name, name_like
from annotator.suggest.normalize import folded, split_words
from annotator.suggest.rules import Context, Rule

_SCORE = re.compile(r"(?<![\d.,:/])(\d{1,3}) ?([:–-]) ?(\d{1,3})(?!\d|[.,:/]\d)")
_SPORT_STEMS = tuple(split_words(
    """gol goal maal derb match mac zapas utakmic partid partit wedstrijd ottelu merkoz meccs rungtyn
    speli mang мач мачо стадион stadion stadium stade estadio trener entrenador allenator trainer coach
    edzo valmentaj treener liga ligue league lig lyga serie kolo fordul jornada giornata speelronde omgang
    kierro vooru kart nogomet fotbal futbol football fussball fodbold fotboll jalkapallo labdarug
    krepsin kosark basket tranar halvlek allsvensk mittfalt malvakt maalivahti puoliaika keeper torwart
    bramkarz brankar portero portiere golman vratar midfielder striker anfall"""))
_PLACE_PREPOSITIONS = place_prepositions("in")  # in or at a place (data/place_prepositions.tsv)
_PLACE_WORDS = tuple(split_words("""city town village capital municipality orasul orasului oras mesto mesta mest grad
    gradu ville ciudad cidade citta stad staden stadt by byen kaupunki linn miasto varos город град"""))
_CASE_LANGS = frozenset({"fi", "et", "lt", "lv", "hu"})
_CLUB_PREFIXES = split_words("""fc fk nk hnk sk ac as sc cf cd sv vfb vfl tsg kv krc rc afc bk if ifk ik aik
    real atletico sporting olympique racing dinamo dynamo lokomotiv lokomotiva spartak rapid""")
_CLUB_SUFFIXES = split_words("fc ff if bk cf sc afc ik fk sk")
_CLUB_AFFIXES = _CLUB_PREFIXES | _CLUB_SUFFIXES


def _club_affix(word: str) -> bool:
    """A capitalised word that is a club's prefix or suffix ("FC", "Real"; memoised per suggester)."""
    return word[0].isalpha() and word[0].isupper() and folded(word) in _CLUB_AFFIXES


def _has_score(doc: DocView) -> bool:
    """A score that is not a clock time ("3:1", "1-0"; not "17:20", nor "50-65", a range)."""
    for m in matches_from(_SCORE, doc.text, doc.digit_starts()):
        a, sep, b = int(m.group(1)), m.group(2), int(m.group(3))
        if sep == ":" and a <= 24 and b <= 59 and len(m.group(3)) == 2:
            continue  # could be a clock time
        if (sep == ":" and max(a, b) <= 200) or max(a, b) <= 15:  # "50-65" is a range, not a score
            return True
    return False


def _sport_word(word: str) -> bool:
    """A word of sport ("gol", "Stadion", "futbol"; memoised per suggester)."""
    return word[0].isalpha() and folded(word).startswith(_SPORT_STEMS)


@cache
def _clubs() -> tuple[Gazetteer, frozenset[str]]:
    """The clubs of data/clubs.tsv as a gazetteer (provenance "club:<id>"), and the ids of those
    proposed only in a sports text."""
    gaz = GazetteerBuilder()
    sport: set[str] = set()
    for concept in club_concepts():
        if "sport" in concept.flags:
            sport.add(concept.id)
        for form in concept.forms:
            gaz.add(form, Label.ACTOR, concept.id, confidence=0.75, priority=RULE.priority, flags=concept.flags)
    return gaz.build(), frozenset(sport)


def _known_clubs(doc: DocView, sports: bool) -> list[Candidate]:
    """The clubs of data/clubs.tsv named in the document: a name that is also a place, a person
    or a word only in a sports text and not after a preposition of place; none inside a longer
    name ("Milan Škriniar")."""
    gaz, sport_ids = _clubs()
    out = []
    for c in gaz.matches(doc, starts=doc.where(_club_start)):
        if c.provenance in sport_ids and not sports:
            continue
        i = _token_at(doc, c.start)
        if i is None:
            continue
        j = doc.token_index(c.end) - 1
        if c.provenance in sport_ids and i > 0 and doc.alpha[i - 1] and doc.lower[i - 1] in _PLACE_PREPOSITIONS:
            continue
        if inside_longer_name(doc, i, j):
            continue
        out.append(RULE.candidate(c.start, c.end, c.provenance, confidence=c.confidence))
    return out


def _club_start(word: str) -> bool:
    """A club of data/clubs.tsv may be named from this word on (a word fact)."""
    return _clubs()[0].starts_at(word)


def _token_at(doc: DocView, start: int) -> int | None:
    """The token that begins at offset ``start``, if one does (a bisection: a document's map of
    every start would cost more than the few candidates asked about)."""
    i = doc.token_index(start)
    return i if i < doc.n and doc.starts[i] == start else None


def find(doc: DocView, context: Context) -> list[Candidate]:
    """ACTOR candidates for known clubs, clubs named by their town, and names with a club's
    prefix."""
    # a match report has a score and a word of sport; a sports text, two words of sport (the
    # words are counted first: most texts have none, and then no score is looked for)
    sport_words = len(doc.where(_sport_word))
    report = sport_words > 0 and _has_score(doc)
    out: list[Candidate] = _known_clubs(doc, report or sport_words >= 2)
    n = doc.n
    # a club's prefix or suffix around a capitalised name
    for i in doc.where(_club_affix):
        if not name_like(doc, i) and not doc.allcaps[i]:
            continue
        f = doc.folded[i]
        if f in _CLUB_PREFIXES and i + 1 < n and doc.gaps[i + 1] and doc.cap[i + 1] and doc.alpha[i + 1] \
                and not doc.newline_before[i + 1] and doc.folded[i + 1] not in _CLUB_SUFFIXES:
            out.append(RULE.candidate(doc.starts[i], doc.ends[i + 1], "pattern:club-prefix"))
        elif f in _CLUB_SUFFIXES and doc.allcaps[i] and i > 0 and doc.gaps[i] and doc.cap[i - 1] \
                and doc.alpha[i - 1] and not doc.newline_before[i]:
            out.append(RULE.candidate(doc.starts[i - 1], doc.ends[i], "pattern:club-suffix"))
    if not report:
        return out
    places = sorted((c for c in context.anchors if c.label == Label.LOCATION
                     and c.provenance.startswith(("town:", "location:"))), key=lambda c: c.start)
    run: list[Candidate] = []

    def flush() -> None:
        if run:
            out.append(RULE.candidate(run[0].start, run[-1].end, "pattern:club-town"))
            run.clear()

    for c in places:
        i = _token_at(doc, c.start)
        if i is None or doc.allcaps[i] or doc.langs_at(i) & _CASE_LANGS:
            flush()
            continue
        before = i - 1
        if before >= 0 and (doc.words[before] == "(" or (doc.alpha[before] and (
                doc.lower[before] in _PLACE_PREPOSITIONS or doc.folded[before].startswith(_PLACE_WORDS)))):
            flush()
            continue
        if run and doc.text[run[-1].end:c.start] != " ":
            flush()
        run.append(c)
    flush()
    return out


RULE = Rule("clubs", Label.ACTOR, PRIORITY_ENTITY + 5, 0.55, find, facts=(_sport_word, _club_affix, _club_start))
