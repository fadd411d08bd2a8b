"""A name right after a media word ("kanálu Mir", "agentúra X", "kanale Telegramu Puł Pierwogo")
or before a postposed one ("Anadolu Ajansı", Turkish, Hungarian, Finnish) is a SOURCE."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView, lower_form
from annotator.suggest.lexicon import word_lists
from annotator.suggest.names import FUNCTION_WORDS, name_like
from annotator.suggest.normalize import key, split_words
from annotator.suggest.rules import Context, Rule

_PLATFORMS = split_words("telegram telegramu telegramie telegramul telegrami twitter twitteru twitterze twitterul "
    "youtube youtubie instagram instagramie facebook facebooku tiktok")
_POSTPOSED_CUES = split_words("ajansı ajansına ajansının ajansi gazetesi gazetesine gazetesinin hírügynökség hírügynökségnek "
    "hírügynökséget hírügynökségtől uutistoimisto uutistoimiston uutistoimistolle")


def find(doc: DocView, context: Context) -> list[Candidate]:
    out = []
    for i in doc.where(_media_cue):
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
            if name_like(doc, j) or (name and doc.words[j] in {"-", "."} and not doc.gaps[j]
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
        if len(name) == 1 and doc.lower[name[0]] in FUNCTION_WORDS:
            continue
        if i >= 1 and doc.lower[i - 1].startswith(_POLL_WORDS):
            continue  # "průzkumu agentury STEM": a pollster is an ACTOR
        if doc.cap[i] and _name_goes_on(doc, name[-1] + 1):
            continue  # "Agencija RS za okolje": the cue word opens a body's name (an ACTOR)
        out.append(RULE.candidate(doc.starts[name[0]], doc.ends[name[-1]], "cue:media"))
    # names before a postposed media word (Turkish, Hungarian, Finnish)
    for i in doc.where(_postposed_cue):
        if i < 1:
            continue
        j = i - 1
        name = []
        while j >= 0 and len(name) < 3 and name_like(doc, j) and not doc.newline_before[j + 1]:
            name.insert(0, j)
            j -= 1
        if name and not (len(name) == 1 and doc.sent_start[name[0]]):
            out.append(RULE.candidate(doc.starts[name[0]], doc.ends[name[-1]], "cue:media"))
    return out


# a survey or poll word before "agency": the agency is a pollster (label-spec: ACTOR)
_POLL_WORDS = ("průzkum", "prieskum", "sondaż", "sondaj", "survey", "poll", "umfrage", "enquête", "sondeo", "sondaggio",
               "sondagem", "felmérés", "kysely", "undersøkels", "undersökning", "apklaus", "aptauj", "küsitlus", "анкет",
               "опрос", "δημοσκόπηση", "δημοσκόπησης", "anket", "istraživanj", "raziskav", "peiling")

# prepositions that carry a body's name on ("Agencija RS za okolje", "Agency for ...")
_NAME_PREPOSITIONS = split_words("za for für pour per para dla pentru pro po на за по для för for voor")


def _name_goes_on(doc: DocView, j: int) -> bool:
    """A preposition and a lower-case word right after the name: the name is longer."""
    return j + 1 < doc.n and doc.lower[j] in _NAME_PREPOSITIONS and doc.alpha[j + 1] and not doc.newline_before[j]


def _media_cue(word: str) -> bool:
    """A media word before a name ("agentúra", "kanálu"; data/words.tsv "mediacue")."""
    return word[0].isalpha() and key(word) in word_lists()["mediacue"]


def _postposed_cue(word: str) -> bool:
    """A media word after a name ("Ajansı", "hírügynökség")."""
    return lower_form(word) in _POSTPOSED_CUES


RULE = Rule("media-cues", Label.SOURCE, PRIORITY_PATTERN, 0.6, find, facts=(_media_cue, _postposed_cue))
