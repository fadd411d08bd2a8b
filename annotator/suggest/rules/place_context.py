"""Places known by the company they keep, after the first resolution: the region in parentheses
after a place ("Darnius (Alt Empordà)", "Odemira (Beja)", "Terreanjou (Maine-et-Loire)"), and the
other members of a list of places ("Gorj, Vâlcea, Argeș, Dâmbovița", "Podstenje, Šembije, Zarečje
in Topolc"). A news text writes a place's region in parentheses after it, and lists places of one
kind together; a name found so is found again at its other occurrences ("Al Maresme").

These candidates rank with the pattern rules, above a bare guess that two capitalised words are a
person ("Alt Empordà" is a comarca, not a person); a name that a gazetteer, the towns or a pattern
rule gave another label stays as it is. Acronyms ("(CDOS)") and known first names are left out."""

from __future__ import annotations

import bisect
import re

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.names import NAME_PARTICLES, is_first_name, name_like
from annotator.suggest.normalize import folded, split_words
from annotator.suggest.rules import Context, Phase, Rule
from annotator.suggest.rules.gazetteers import DESCRIPTORS_AFTER
from annotator.suggest.rules.place_descriptors import KINDS

_TIER = PRIORITY_PATTERN // 20  # candidates of this tier and above are kept as they are
_LOCATION = str(Label.LOCATION)
# "and" in the languages of the news, joining the last member of a list
_AND = split_words("and und et y e i in a és ja un ir og och en si și и й та і και oraz ve")
# small words inside a place's name: "Pla de l'Estany", "Maine-et-Loire", "Sant Pau de Segúries"
_INNER = NAME_PARTICLES | split_words("l d dels les los las do das dos sur sul sous am an im ob nad pod et")
_APOSTROPHES = {"'", "’"}
_MAX_WORDS = 4


def name_end(doc: DocView, i: int) -> int | None:
    """The last token of a place-like name that starts at token i: capitalised words, joined by
    hyphens, apostrophes and small inner words, on one line; None if token i starts none."""
    if not (doc.alpha[i] and doc.cap[i] and not doc.allcaps[i] and name_like(doc, i)):
        return None
    end = i
    j = i + 1
    words = 1
    while j < doc.n and words < _MAX_WORDS and not doc.newline_before[j]:
        w = doc.words[j]
        if w in _APOSTROPHES or w == "-":
            k = j + 1
        elif doc.alpha[j] and not doc.cap[j] and doc.lower[j] in _INNER:
            k = j + 1
            while k < doc.n and (doc.words[k] in _APOSTROPHES or (doc.alpha[k] and doc.lower[k] in _INNER)):
                k += 1
        elif doc.alpha[j] and doc.cap[j] and not doc.allcaps[j] and doc.gaps[j] and name_like(doc, j):
            end = j
            words += 1
            j += 1
            continue
        else:
            break
        if k < doc.n and doc.alpha[k] and doc.cap[k] and not doc.allcaps[k] and not doc.newline_before[k]:
            end = k
            words += 1
            j = k + 1
        else:
            break
    return end


def find(doc: DocView, context: Context) -> list[Candidate]:
    """LOCATION candidates for regions in parentheses after a place and members of place lists."""
    first = context.first
    n = doc.n
    if not first or not n:
        return []
    # per token: the candidate of the first resolution that covers it, and whether it is a place;
    # the first tokens of the places
    owner: list[Candidate | None] = [None] * n
    is_place = [False] * n
    place_starts: list[int] = []
    starts = doc.starts
    for c in first:
        k = doc.token_index(c.start)
        place = c.label == _LOCATION
        if place and k < n:
            place_starts.append(k)
        while k < n and starts[k] < c.end:
            owner[k] = c
            is_place[k] = place
            k += 1

    def free(i: int, j: int) -> bool:
        """Tokens i..j are covered by no candidate, or only by guesses of a lower tier."""
        return all(owner[k] is None or owner[k].priority // 20 < _TIER for k in range(i, j + 1))

    found: list[tuple[int, int, str]] = []
    # the region in parentheses right after a place
    for p in doc.where(_open_bracket):
        if p == 0 or p + 2 >= n or not is_place[p - 1] or not doc.gaps[p] or doc.gaps[p + 1]:
            continue
        end = name_end(doc, p + 1)
        if end is None or end + 1 >= n or doc.words[end + 1] != ")" or doc.gaps[end + 1]:
            continue
        if free(p + 1, end) and not (end == p + 1 and is_first_name(doc, p + 1)):
            found.append((p + 1, end, "place:in-parentheses"))
    # the other members of a list with two places or more
    # a list is walked from its first place (or a name after a word for places), and taken back
    # over the one-word names before it
    after = 0
    for i in sorted({*place_starts, *(k + 1 for k in doc.where(_kind_word) if k + 1 < n)}):
        if i < after:
            continue
        members, j = _list_from(doc, i, owner)
        k = i
        while k >= 2 and (doc.words[k - 1] == "," or (doc.alpha[k - 1] and doc.lower[k - 1] in _AND)) \
                and not doc.newline_before[k] and k - 2 >= after and owner[k - 2] is None \
                and name_end(doc, k - 2) == k - 2 and not doc.sent_start[k - 2]:
            members.insert(0, (k - 2, k - 2))
            k -= 2
        places = len([m for m in members if is_place[m[0]] and is_place[m[1]]])
        if members and (_after_kind_word(doc, members[0][0]) or (
                is_place[members[-1][0]] and _kind_word_at(doc, members[-1][1] + 1))):
            # a word for places before the list ("naselja Podstenje, Šembije, Zarečje in Topolc"),
            # or after its last place, which the members share ("v Bratislavskom, Trnavskom a
            # Nitrianskom kraji")
            places += 2
        if places >= 2 and len(members) >= 3 and 2 * places > len(members):
            for a, b in members:
                if not is_place[a] and free(a, b) and not doc.sent_start[a] \
                        and not (a == b and is_first_name(doc, a)):
                    found.append((a, b, "place:in-list"))
        after = max(j, i + 1)
    out = [RULE.candidate(starts[a], doc.ends[b], prov) for a, b, prov in found]
    # a name found so, found again verbatim where nothing else is
    if found:
        names = {doc.text[starts[a]:doc.ends[b]] for a, b, _ in found}
        taken = {starts[a] for a, _, _ in found}
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
        for m in pattern.finditer(doc.text):
            if m.start() in taken:
                continue
            a = _token_at(doc, m.start())
            b = _token_at(doc, m.end() - 1)
            if a is not None and b is not None and doc.ends[b] == m.end() and free(a, b):
                out.append(RULE.candidate(m.start(), m.end(), "place:found-again", confidence=0.5))
    return out


def _list_from(doc: DocView, i: int, owner: list) -> tuple[list[tuple[int, int]], int]:
    """The members (first and last token) of a list that starts at token i: names or candidates
    separated by commas, the last after "and"; and the token after it."""
    members: list[tuple[int, int]] = []
    j = i
    n = doc.n
    while j < n:
        o = owner[j]
        if o is not None and o.start == doc.starts[j]:
            b = j
            while b + 1 < n and doc.starts[b + 1] < o.end:
                b += 1
            if doc.ends[b] != o.end:
                break
            if o.priority // 20 < _TIER:  # a guess may have stopped short: "São Brás" of "São Brás de Alportel"
                b = max(b, name_end(doc, j) or b)
        else:
            b = name_end(doc, j)
            if b is None:
                break
        members.append((j, b))
        k = b + 1
        if k < n and doc.words[k] == "," and not doc.newline_before[k]:
            k += 1
        elif not (k < n and doc.alpha[k] and doc.lower[k] in _AND and not doc.newline_before[k]):
            return members, k
        if k < n and doc.alpha[k] and doc.lower[k] in _AND and doc.gaps[k]:
            k += 1
        if k >= n or doc.newline_before[k]:
            return members, k
        j = k
    return members, j


def _after_kind_word(doc: DocView, i: int) -> bool:
    """Token i follows a lower-case word for a kind of place ("naselja", "municipalities")."""
    return i > 0 and doc.alpha[i - 1] and not doc.cap[i - 1] and doc.folded[i - 1] in KINDS


def _kind_word_at(doc: DocView, i: int) -> bool:
    """Token i is a lower-case word for a kind of place (any case form: "kraji", "megyében")."""
    return i < doc.n and doc.alpha[i] and not doc.cap[i] and doc.gaps[i] and (
        doc.folded[i] in KINDS or doc.key(i).startswith(DESCRIPTORS_AFTER))


def _kind_word(word: str) -> bool:
    """A lower-case word for a kind of place ("naselja", "municipalities")."""
    return word[0].isalpha() and not word[0].isupper() and folded(word) in KINDS


def _token_at(doc: DocView, offset: int) -> int | None:
    k = bisect.bisect_right(doc.starts, offset) - 1
    return k if 0 <= k < doc.n and doc.starts[k] <= offset < doc.ends[k] else None


def _open_bracket(word: str) -> bool:
    """An opening parenthesis, before a place's region."""
    return word == "("

RULE = Rule("place_context", Label.LOCATION, PRIORITY_PATTERN, 0.55, find, Phase.ECHO,
            facts=(_kind_word, _open_bracket))
