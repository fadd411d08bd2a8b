"""Persons: capitalised name sequences (ACTOR) with a known first name, a person the gazetteer
knows, a title before them or a surname ending; titles stay outside the span; a lone
capitalised word at a sentence start is never taken on its own. Without such evidence, two
capitalised words are a weak guess (not in German, whose nouns are capitalised, nor in Title
Case headlines)."""

from __future__ import annotations

import re

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, PRIORITY_GUESS, Candidate
from annotator.suggest.declension import nominatives
from annotator.suggest.doc import DocView
from annotator.suggest.lexicon import word_lists
from annotator.suggest.names import NAME_PARTICLES, first_name_keys, name_like_word, name_like_words
from annotator.suggest.rules import Context, Rule, tokens_covered

_SURNAME = re.compile(
    r".{3,}(?:ov|ev|ová|ova|eva|ová|sky|ski|ska|skij|skiy|skyi|enko|enka|chuk|czuk|yan|jan|ian|adze|shvili|"
    r"escu|oğlu|oglu|ić|vić|ovich|evich|ovič|ević|owicz|ewicz|ov[a-z]{1,3}|ev[a-z]{1,3})"
)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """Capitalised name sequences. ``context.blocked`` marks tokens already taken by a place, a
    medium or an organisation; ``context.person_tokens`` those a person gazetteer matched."""
    blocked, person_tokens = context.blocked, context.person_tokens
    # a one-word place guess next to a known first name is more likely part of the person's
    # name: a surname that is also a town's name or its case form ("Juhan Sarv", "Raul
    # Rosenbergi"), a first name or surname read as a place's case form ("Sophie Binet", "Rami
    # Ruuska", "Юрий Ушаков"; a curated place only after a first name inside a sentence: "Ali
    # Rusija" at its start is "But Russia")
    town = context.town_tokens(doc)
    soft = tokens_covered(doc, [c for c in context.anchors if c.provenance.startswith("town:")
                                or (c.label == _LOCATION and _one_token(doc, c))])
    like, first_name, words, keys = name_like_words(doc), first_name_keys(doc), doc.words, doc._keys
    lists = word_lists()
    titles, given = lists["title"], lists["firstname"]
    out: list[Candidate] = []
    n = doc.n
    german = any("de" in langs for langs in doc.para_langs.values())
    headlines = _title_case_paragraphs(doc)
    after_run = 0
    for i in doc.where(name_like_word):
        if i < after_run or (doc.allcaps[i] and len(doc.words[i]) <= 3):
            continue
        # a place guess joins only a first name as written (not one read with a case ending)
        given_here = keys[i] in given or (blocked[i] and _baltic_first_name(doc, i, given))
        named = given_here or person_tokens[i]
        if blocked[i] and not (soft[i] and given_here and i + 1 < n and doc.gaps[i + 1]
                               and not doc.newline_before[i + 1] and like[words[i + 1]] and not blocked[i + 1]):
            continue
        run = [i]
        j = i + 1
        while j < n and len(run) < 5 and not doc.newline_before[j] and (
                not blocked[j] or (named and soft[j] and len(run) == 1 and (town[j] or not doc.sent_start[i]))):
            if doc.words[j] in {"-", "'", "’"} and not doc.gaps[j] and j + 1 < n and not doc.gaps[j + 1] \
                    and like[words[j + 1]] and not blocked[j + 1]:
                run.extend([j, j + 1])
                j += 2
                continue
            if doc.gaps[j] and like[words[j]] and doc.allcaps[j] == doc.allcaps[run[0]]:
                run.append(j)
                j += 1
                continue
            if doc.lower[j] in NAME_PARTICLES and j + 1 < n and like[words[j + 1]] and doc.gaps[j + 1] \
                    and (not blocked[j + 1] or (named and town[j + 1])) \
                    and len([k for k in run if doc.alpha[k]]) == 1:
                run.extend([j, j + 1])
                j += 2
                continue
            break
        after_run = j
        if len(run) == 1 and not (i > 0 and doc.alpha[i - 1] and doc.key(i - 1) in titles and not doc.sent_start[i]):
            continue  # one word is a name only after a title, inside a sentence (as below; most runs)
        # leading words that are neither first names nor known persons, before ones that are, are
        # not part of the name ("Kazahstaului Kassîm-Jomart Tokaev" with a misspelt country)
        evidence = [k for k in run if doc.alpha[k] and (person_tokens[k] or first_name[keys[k]])]
        hungarian_order = len(run) == 2 and evidence == [run[1]] and "hu" in doc.langs_at(run[0])
        if evidence and evidence[0] != run[0] and not hungarian_order:
            cut = run.index(evidence[0])
            while cut >= 2 and doc.words[run[cut - 1]] in {"-", "'", "’"}:
                cut -= 2  # keep a hyphenated name whole: "Kassõm-Žomart"
            run = run[cut:]
        words_in_run = [k for k in run if doc.alpha[k]]
        has_first = first_name[keys[words_in_run[0]]] or _baltic_first_name(doc, words_in_run[0], given) or (
            len(words_in_run) == 2 and "hu" in doc.langs_at(run[0]) and first_name[keys[words_in_run[1]]])
        has_gazetteer = any(person_tokens[k] for k in run)
        title_before = run[0] > 0 and doc.alpha[run[0] - 1] and doc.key(run[0] - 1) in titles
        allcaps = doc.allcaps[run[0]]
        # a sentence-initial word is only a name with evidence
        if doc.sent_start[run[0]] and not has_first and not has_gazetteer:
            run = run[1:]
            # nor the particle or punctuation after it ("Accionistas da EDP" gives no "da EDP")
            while run and (not doc.alpha[run[0]] or doc.lower[run[0]] in NAME_PARTICLES):
                run = run[1:]
            if not run:
                continue
            words_in_run = [k for k in run if doc.alpha[k]]
            title_before = False
        if allcaps and not has_first:
            continue
        n_words = len(words_in_run)
        surname = bool(_SURNAME.fullmatch(doc.folded[words_in_run[-1]]))
        if has_first and n_words >= 2:
            conf, prov = 0.8, "person:first-name"
        elif has_gazetteer and n_words >= 2:
            conf, prov = 0.8, "person:gazetteer"
        elif n_words >= 2 and (title_before or surname):
            conf, prov = 0.7, "person:title" if title_before else "person:surname"
        elif n_words >= 2 and not german and doc.para[run[0]] not in headlines:
            conf, prov = 0.45, "name:capitalised"
        elif n_words == 1 and title_before and not doc.sent_start[run[0]]:
            conf, prov = 0.55, "person:title"
        else:
            continue
        over_town = has_first and n_words >= 2 and any(soft[k] for k in run)
        priority = PRIORITY_ENTITY + 1 if (has_gazetteer and n_words >= 2) or over_town else PRIORITY_GUESS
        out.append(RULE.candidate(doc.starts[run[0]], doc.ends[run[-1]], prov, confidence=conf, priority=priority))
    return out


def _baltic_first_name(doc: DocView, i: int, given: frozenset[str]) -> bool:
    """Token i is a first name in a Lithuanian or Latvian case form, by the declension tables
    ("Andriaus" -> "Andrius"), in a paragraph of those languages: a genitive first name read as
    a town's case form is the person's ("vadovaujama Andriaus Navicko")."""
    langs = doc.langs_at(i) & _BALTIC
    return bool(langs) and any(nom in given for nom in doc.memos[nominatives][doc.key(i), langs])


def _one_token(doc: DocView, c: Candidate) -> bool:
    """The candidate covers exactly one token."""
    i = doc.token_index(c.start)
    return i < doc.n and doc.starts[i] == c.start and doc.ends[i] == c.end


def _title_case_paragraphs(doc: DocView) -> set[int]:
    """Paragraphs written in Title Case (English headlines), where capitals say little; other
    languages capitalise only names, so a paragraph of capitals there is a list of names ("Maalit:
    7. Guro Reiten 0–1, 90+8. Emma Koivisto (Heidi Kollanen) 1–1.")."""
    caps: dict[int, int] = {}
    para = doc.para
    for i in doc.cap_idx:
        caps[para[i]] = caps.get(para[i], 0) + 1
    return {p for p, c in caps.items() if c >= 4 and c >= 0.6 * doc.para_words.get(p, 0)
            and ("en" in doc.para_langs.get(p, ()) or not doc.para_langs.get(p))}


_LOCATION = Label.LOCATION
_BALTIC = frozenset({"lt", "lv"})

RULE = Rule("persons", Label.ACTOR, PRIORITY_GUESS, 0.8, find, facts=(name_like_word,))
