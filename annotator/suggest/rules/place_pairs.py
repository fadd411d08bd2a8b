"""A village and its region in the genitive, as Greek writes a place: "στην Πολυθέα Μεσσηνίας"
(Polythea, Messinia), "στα Τεμένη Χανίων", "στη Δροσοπηγή Αττικής". After a preposition of place
with its article, a capitalised word followed by a capitalised word in the genitive (-ίας, -ής,
-ων, -ας) are two places, two spans (label-spec: the place that qualifies another is its own span),
not a person's name ("στον Γιώργο Παπανδρέου" has no such genitive)."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.normalize import split_words
from annotator.suggest.rules import Context, Rule

# Greek prepositions of place fused with the article ("σε" + "την"), and "σε", "από"
_PLACE_PREPOSITIONS = split_words("στη στην στο στον στα στους στις σε από")
_GENITIVE_ENDINGS = ("ίας", "ιας", "ής", "ων", "ών", "ας", "άς")


def _greek_preposition(word: str) -> bool:
    return word[0] in "σαΣΑ" and word.lower() in _PLACE_PREPOSITIONS


def find(doc: DocView, context: Context) -> list[Candidate]:
    """LOCATION candidates for a Greek place and the region after it in the genitive."""
    out: list[Candidate] = []
    hits = doc.where(_greek_preposition)
    if not hits:
        return []
    blocked, places = context.blocked, context.place_tokens(doc)
    for p in hits:
        i, j = p + 1, p + 2
        if j >= doc.n or "el" not in doc.langs_at(p) or doc.newline_before[i] or doc.newline_before[j]:
            continue
        if not all(doc.alpha[k] and doc.cap[k] and not doc.allcaps[k] and doc.gaps[k] and not (blocked[k] and not places[k])
                   for k in (i, j)):
            continue
        if not doc.words[j].endswith(_GENITIVE_ENDINGS) or (j + 1 < doc.n and doc.cap[j + 1] and doc.gaps[j + 1]):
            continue
        out.append(RULE.candidate(doc.starts[i], doc.ends[i], "pattern:place-pair"))
        out.append(RULE.candidate(doc.starts[j], doc.ends[j], "pattern:place-pair"))
    return out


RULE = Rule("place_pairs", Label.LOCATION, PRIORITY_PATTERN, 0.55, find, facts=(_greek_preposition,))
