"""Organisations named before their head noun: capitalised words closed by a capitalised
organisation noun (with its clitic) are one ACTOR ("Türk Devletleri Teşkilatı", "Kansallinen
Kokoomus Puolue"), and a name before a lower-case Nordic word for a hospital, university or
institute is one ACTOR with it ("Karolinska universitetssjukhuset", "Uppsala universitet")."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import extend_clitic
from annotator.suggest.names import FUNCTION_WORDS
from annotator.suggest.normalize import folded, split_words
from annotator.suggest.rules import Context, Rule
from annotator.text.canonical import fold

_ORG_HEADS = split_words(
    """teşkilatı örgütü birliği konseyi partisi bakanlığı başkanlığı komitesi kurulu meclisi derneği vakfı
    szervezet szervezete szervezetének párt pártja bizottság bizottsága tanács tanácsa
    järjestö järjestön puolue puolueen liitto liiton
    organisatsioon organisatsiooni partei erakond organizācija organizācijas partija organizacija"""
)
_ORG_HEADS_FOLDED = frozenset(fold(w) for w in _ORG_HEADS)
_CONJUNCTIONS = split_words("ve ja és es un ir")
# Nordic words for a hospital, university or institute, in their definite and genitive forms,
# matched as the end of a folded word ("universitetssjukhusets")
_INSTITUTION_HEADS = tuple(split_words("""sjukhus sjukhuset sjukhusets sykehus sykehuset sykehusets sygehus sygehuset
    sygehusets universitet universitetet universitetets hogskola hogskolan hogskolans institutet institutets
    instituttet yliopisto yliopiston yliopistollinen"""))


def _org_head(word: str) -> bool:
    """A capitalised organisation noun ("Teşkilatı", "Puolue"; memoised per suggester)."""
    return word[0].isupper() and folded(word) in _ORG_HEADS_FOLDED


def _institution_head(word: str) -> bool:
    """A lower-case word closed by a Nordic word for a hospital, university or institute
    (memoised per suggester)."""
    return word[0].isalpha() and not word[0].isupper() and folded(word).endswith(_INSTITUTION_HEADS)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """"Türk Devletleri Teşkilatı": capitalised words closed by a capitalised organisation
    noun (with its clitic) are one ACTOR."""
    blocked = context.blocked
    out = []
    for i in doc.where(_org_head):
        if i < 1:
            continue
        j = i - 1
        first = None
        while (j >= 0 and i - j <= 4 and doc.alpha[j] and doc.cap[j] and not doc.newline_before[j + 1]
               and not blocked[j] and doc.lower[j] not in FUNCTION_WORDS):
            first = j
            if doc.sent_start[j]:
                break
            j -= 1
        if first is None:
            continue
        # capitalised words joined by a conjunction are one name ("Afet ve Acil Durum Yönetimi
        # Başkanlığı")
        while first >= 2 and not doc.sent_start[first] and doc.lower[first - 1] in _CONJUNCTIONS \
                and doc.alpha[first - 2] and doc.cap[first - 2] and not blocked[first - 2] \
                and not doc.newline_before[first - 1] and doc.lower[first - 2] not in FUNCTION_WORDS:
            first -= 2
        end = extend_clitic(doc, i)
        out.append(RULE.candidate(doc.starts[first], doc.ends[end], "pattern:organisation"))
    out += _named_institutions(doc, context)
    return out


def _named_institutions(doc: DocView, context: Context) -> list[Candidate]:
    """"Karolinska universitetssjukhuset", "Uppsala universitet": a capitalised name (a town's
    too) before a lower-case Nordic word for a hospital, university or institute is one ACTOR,
    the head word inside as the name is written (a descriptor before a name stays out)."""
    out = []
    for i in doc.where(_institution_head):
        if i < 1 or not doc.gaps[i]:
            continue
        j = i - 1
        if not (doc.alpha[j] and doc.cap[j] and not doc.allcaps[j] and (not context.blocked[j] or context.town_tokens(doc)[j])
                and doc.lower[j] not in FUNCTION_WORDS and not doc.newline_before[i]):
            continue
        out.append(RULE.candidate(doc.starts[j], doc.ends[i], "pattern:institution"))
    return out


RULE = Rule("organisations", Label.ACTOR, PRIORITY_ENTITY + 3, 0.65, find,
            facts=(_org_head, _institution_head))
