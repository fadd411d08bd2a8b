"""Credit lines ("Zdroj: SITA/Yevgeny Biyatov, Sputnik", "Foto: NAME / AFP"): each item after the
cue is a SOURCE, or an ACTOR when it is a person's name (a known first name and more)."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.names import is_first_name
from annotator.suggest.normalize import split_words
from annotator.suggest.rules import Context, Rule

_CREDIT_CUES = split_words("foto fotó fotografie fotografia fot photo photos zdroj source sursa quelle źródło zrodlo kaynak "
    "forrás forras kuva bild φωτο φωτογραφία фото источник credit credits")
_CREDIT_DROP = split_words("photo foto file archive archiv handout pool/ via")
_CREDIT_SEPARATORS = frozenset({"/", ",", "|", ";", "via", "and", "og", "och", "und", "a", "i", "și", "&"})


def find(doc: DocView, context: Context) -> list[Candidate]:
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
    if is_first_name(doc, item[0]) and len(item) >= 2:
        return RULE.candidate(start, end, "credit:person", label=Label.ACTOR, confidence=0.75,
                              priority=PRIORITY_PATTERN + 1)
    return RULE.candidate(start, end, "credit:source")


RULE = Rule("credit-lines", Label.SOURCE, PRIORITY_PATTERN, 0.6, find)
