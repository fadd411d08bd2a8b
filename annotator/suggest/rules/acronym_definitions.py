""""Long Name (ACRONYM)" or "Long Name, ACRONYM," where the initials of the long name's content
words spell the acronym (a long compound may give two letters):
the long name takes the acronym's label (ACTOR unless the gazetteers know the acronym as
something else)."""

from __future__ import annotations

from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView, lower_form
from annotator.suggest.lexicon import actor_concepts, country_concepts, source_concepts
from annotator.suggest.names import FUNCTION_WORDS
from annotator.suggest.rules import Context, Rule
from annotator.suggest.rules.unknown_acronyms import law_title

# "Long Name (ACR)" or "Long Name, ACR," ("Inspektionen för vård och omsorg, IVO, inledde")
_OPENERS = frozenset({"(", ","})
_CLOSERS = {"(": frozenset({")"}), ",": frozenset({",", ".", ";", ")"})}


@cache
def known_acronyms() -> dict[str, Label]:
    """One-word upper-case forms of the gazetteers' media, organisations and countries, with
    their label (the first list naming a form decides)."""
    known = {}
    for concepts, label in ((source_concepts(), Label.SOURCE), (actor_concepts(), Label.ACTOR),
                            (country_concepts(), Label.LOCATION)):
        for concept in concepts:
            for form in concept.forms:
                if form.isupper() and " " not in form:
                    known.setdefault(form, label)
    return known


def find(doc: DocView, context: Context) -> list[Candidate]:
    """"Organizácie zmluvy o kolektívnej bezpečnosti (ODKB)": the long name before the
    parenthesis, when the initials of its content words spell the acronym."""
    known = known_acronyms()
    out = []
    for i in doc.where(_opening):
        if i < 2 or i + 2 >= doc.n or not doc.allcaps[i + 1] or doc.words[i + 2] not in _CLOSERS[doc.words[i]]:
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
            elif pos >= 1 and initial == letters[pos - 1] and letters[pos] in doc.lower[j][2:] and len(word) >= 8:
                pos -= 2  # a compound spells two letters ("Statistiska centralbyrån (SCB)")
                first = j
            elif doc.lower[j] in FUNCTION_WORDS or len(word) <= 3:
                pass
            else:
                break
            j -= 1
        if pos >= 0 or first is None or not doc.cap[first] or law_title(doc, i) is not None:
            continue  # a law's title is no organisation ("Zákon o obcích (ZOO)")
        out.append(RULE.candidate(doc.starts[first], doc.ends[i - 1], "pattern:acronym",
                                  label=known.get(acronym, Label.ACTOR)))
    return out


def _opening(word: str) -> bool:
    """The parenthesis or comma before an acronym."""
    return lower_form(word) in _OPENERS


RULE = Rule("acronym-definitions", Label.ACTOR, PRIORITY_PATTERN + 5, 0.7, find, facts=(_opening,))
