"""Credit lines ("Zdroj: SITA/Yevgeny Biyatov, Sputnik", "Foto: NAME / AFP", "Извор: Морава
инфо"): each item after the cue is a SOURCE, or an ACTOR when it is a person's name (a known first
name and more). A short code joined by a slash to a known outlet is one too: the desk or partner
of an agency's credit ("(dpa/lrs)", "LQ / AFP")."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView, lower_form
from annotator.suggest.names import is_first_name
from annotator.suggest.normalize import split_words
from annotator.suggest.rules import Context, Rule

# "Photo:" and "Source:" in the languages of the news ("Izvor", "Lähde", "Källa", "Allikas", ...)
_CREDIT_CUES = split_words("foto fotó fotografie fotografia fot photo photos zdroj source sursa quelle źródło zrodlo kaynak "
    "forrás forras kuva bild φωτο φωτογραφία фото источник credit credits izvor извор lähde kilde "
    "källa bron fonte fuente allikas šaltinis avots джерело снимка zdjęcie fotografija nuotr "
    "mynd ljósmynd heimild ritratt sors quell burimi vir font beeld crédit crédito πηγή източник sursă image picture "
    "afbeelding kép immagine imagen")
_CREDIT_DROP = split_words("photo foto file archive archiv handout pool/ via")
_CREDIT_SEPARATORS = frozenset({"/", ",", "|", ";", "via", "and", "og", "och", "und", "a", "i", "și", "&"})
# lower-case words that end an outlet's name in a credit ("Морава инфо", "Delfi news")
_NAME_TAILS = split_words("info инфо news online onlajn онлајн онлайн tv тв press net")
_SOURCE = Label.SOURCE
_PAREN = {"(": ")", "[": "]"}


def find(doc: DocView, context: Context) -> list[Candidate]:
    out = []
    for i in doc.where(_credit_cue):
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
            else:
                item.append(j)
            j += 1
    out.extend(_slash_partners(doc, context))
    return out


def _credit_item(doc: DocView, item: list[int]) -> Candidate | None:
    # "Photo" and "File" are dropped when lower-case or alone ("Foto: Photo News" keeps them)
    if all(doc.lower[k] in _CREDIT_DROP for k in item):
        return None
    item = [k for k in item if not (doc.lower[k] in _CREDIT_DROP and not doc.cap[k])]
    while len(item) > 1 and doc.lower[item[-1]] in _NAME_TAILS and doc.words[item[-1]].islower():
        tail = item[-1]
        item = item[:-1]
        if not _credit_item(doc, item):
            return None
        # the tail shows an outlet: it outranks a place read in its first word ("Морава")
        return RULE.candidate(doc.starts[item[0]], doc.ends[tail], "credit:source", priority=PRIORITY_ENTITY + 1)
    if not item or len(item) > 4:
        return None
    if not all(doc.alpha[k] and (doc.cap[k] or doc.words[k] in {"-", "."}) for k in item):
        return None
    start, end = doc.starts[item[0]], doc.ends[item[-1]]
    if is_first_name(doc, item[0]) and len(item) >= 2:
        return RULE.candidate(start, end, "credit:person", label=Label.ACTOR, confidence=0.75,
                              priority=PRIORITY_PATTERN + 1)
    return RULE.candidate(start, end, "credit:source")


def _slash_partners(doc: DocView, context: Context) -> list[Candidate]:
    """A code joined by "/" to a known outlet: all capitals ("LQ / AFP"), or, inside the
    parentheses of a dateline credit, lower case too ("(dpa/lrs)")."""
    out = []
    covered = context.blocked
    for anchor in context.anchors:
        if anchor.label != _SOURCE:
            continue
        i = doc.token_index(anchor.start)
        j = doc.token_index(anchor.end) - 1
        for slash, partner in ((i - 1, i - 2), (j + 1, j + 2)):
            if not (0 <= partner < doc.n and 0 <= slash < doc.n and doc.words[slash] == "/"):
                continue
            if "\n" in doc.gaps[slash] or "\n" in doc.gaps[max(slash, partner)] or covered[partner]:
                continue
            word = doc.words[partner]
            if not doc.alpha[partner] or not 2 <= len(word) <= 5:
                continue
            outer = min(i, partner) - 1, max(j, partner) + 1
            in_parens = outer[0] >= 0 and outer[1] < doc.n and _PAREN.get(doc.words[outer[0]]) == doc.words[outer[1]]
            if word.isupper() or (in_parens and word.islower() and len(word) <= 4):
                out.append(RULE.candidate(doc.starts[partner], doc.ends[partner], "credit:slash"))
    return out


def _credit_cue(word: str) -> bool:
    """A word that opens a credit line ("Foto", "Zdroj", "Source")."""
    return lower_form(word) in _CREDIT_CUES


RULE = Rule("credit-lines", Label.SOURCE, PRIORITY_PATTERN, 0.6, find, facts=(_credit_cue,))
