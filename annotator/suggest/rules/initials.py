"""A person named by an initial and a surname, as Baltic and Slavic news write players and officials
("L. Dončičius", "M. Normantas", "K. Maksvyčio"): a capital letter, its period and a capitalised
word after it are one ACTOR. Two initials ("J. P. Morgan") are kept together. French "M." is
"Monsieur", a title that stays outside the span ("M. Ghosn": the surname is found again by the
echoes of the full name). A known first name before an initial that no surname follows is a
person whose surname is abbreviated, as court and police news write the accused ("Jána Č.",
"Andrzej K."): the name and the letter are one ACTOR, the period stays out."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_GUESS, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.names import is_first_name, name_like
from annotator.suggest.rules import Context, Rule


def _initial(doc: DocView, i: int) -> bool:
    """Token i is one capital letter followed by a glued period."""
    w = doc.words[i]
    return len(w) == 1 and w.isupper() and w.isalpha() and i + 1 < doc.n and doc.words[i + 1] == "." \
        and not doc.gaps[i + 1]


def find(doc: DocView, context: Context) -> list[Candidate]:
    """ACTOR candidates for an initial (or two) and the surname after it."""
    blocked = context.blocked
    out: list[Candidate] = []
    n = doc.n
    after = 0  # the token after the last name found: the next initial is looked for from there
    for i in doc.where(_capital_letter):
        if i < after or not _initial(doc, i) or blocked[i] or (doc.words[i] == "M" and "fr" in doc.langs_at(i)):
            continue
        j = i + 2
        k = i - 1
        if k >= 0 and doc.gaps[i] and not doc.newline_before[i] and doc.alpha[k] and doc.cap[k] and not doc.allcaps[k] \
                and not blocked[k] and is_first_name(doc, k) and not (j < n and doc.gaps[j] and not doc.newline_before[j]
                                                                     and doc.alpha[j] and name_like(doc, j)):
            # a first name and the initial of the surname, as court news abbreviate the accused
            # ("policajtov Jána Č. a Pavla Ď.", "Andrzej K."): the name and the letter, not its period
            out.append(RULE.candidate(doc.starts[k], doc.ends[i], "person:first-name-initial"))
            after = i + 1
            continue
        if j + 1 < n and _initial(doc, j) and doc.gaps[j]:
            j += 2  # "J. P. Morgan"
        # the surname after a space, or glued to the initial's period in Lithuanian and Latvian
        # ("V.Vitkauskas")
        glued = not doc.gaps[j] and j == i + 2 and bool(doc.langs_at(i) & {"lt", "lv"}) if j < n else False
        if j < n and (doc.gaps[j] or glued) and not doc.newline_before[j] and doc.alpha[j] and name_like(doc, j) \
                and not doc.allcaps[j] and len(doc.words[j]) >= 3 and not blocked[j]:
            out.append(RULE.candidate(doc.starts[i], doc.ends[j], "person:initial"))
            after = j + 1
    return out


def _capital_letter(word: str) -> bool:
    """One capital letter (memoised per suggester)."""
    return len(word) == 1 and word.isupper() and word.isalpha()


RULE = Rule("initials", Label.ACTOR, PRIORITY_GUESS + 5, 0.6, find, facts=(_capital_letter,))
