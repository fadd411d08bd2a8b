"""Organisations named after a descriptor noun: "El grupo Inditex", "tvrtka KPMG", "skupiny ČEZ",
"der Elektrokonzern Siemens", "medicinalvirksomhed Novo Nordisk", "the carmaker BMW". The
capitalised words after a word for a company, group, bank, association, union or party (in any case form, or closing a
compound, and in lower case but in German), with at most two lower-case words between them ("o
banco brasileiro Bradesco"; none in German, where a noun after the descriptor is capitalised too), are
one ACTOR; the descriptor stays outside (label-spec: no descriptor nouns). A town matched there is
overridden (the name of a company or club is often a town's too); any other anchor is not."""

from __future__ import annotations

from functools import cache

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.names import FUNCTION_WORDS, name_like
from annotator.suggest.normalize import split_words
from annotator.suggest.rules import Context, Rule
from annotator.text.canonical import fold

# Stems of the descriptor nouns: a word whose folded form starts with one is a descriptor
# (its case forms: "skupiny", "společnosti", "bendrovės", "grupės", "yhtiön").
_STEMS = split_words(
    """company companies firm group carmaker carrier airline insurer retailer lender conglomerate bank
    banco banque banca banka pank pankki bankas
    konzern unternehmen firma gruppe hersteller autobauer versicherer
    groupe societe entreprise constructeur compagnie
    grupo empresa compania constructora fabricante multinacional aerolinea
    companhia construtora retalhista
    gruppo societa azienda colosso
    bedrijf concern fabrikant maatschappij
    bolag foretag koncern
    selskab virksomhed
    yhtio konserni
    ettevote kontsern
    uznemum koncern kompanij
    bendrov imon koncern
    spolecnost skupin
    druzb podjet
    tvrtk kompanij koncern
    компани фирм концерн дружеств
    asociacion associazion association associacao vereniging forening yhdistys
    gewerkschaft syndicat sindicato sindacato vakbond fackforbund fagforbund ammattiliit ametiuhing
    partido partito partij puolue erakond stranka strank"""
)
# Whole words that close a compound descriptor ("Elektrokonzern", "medicinalvirksomhed",
# "elektronicabedrijf", "lentoyhtiö"); matched at the end of a longer word.
_COMPOUND_HEADS = split_words(
    """konzern unternehmen hersteller concern bedrijf koncern bolag foretag selskab virksomhed yhtio konserni"""
)

_COMPOUND_ENDS = tuple(_COMPOUND_HEADS)


@cache
def _stems() -> tuple[str, ...]:
    return tuple(sorted({fold(s) for s in _STEMS}, key=len, reverse=True))


def _descriptor(word: str) -> bool:
    """A word for a company or group, in any case form, or a compound closed by one (a pure
    function of the word, memoised per suggester: asked of every word of every document)."""
    if not word[0].isalpha():
        return False
    f = fold(word)
    if len(f) < 4:
        return False
    if f.startswith(_stems()):
        return True
    # most words end in no head: one ``endswith`` of them all says so before the lengths are checked
    return f.endswith(_COMPOUND_ENDS) and any(len(f) > len(h) + 2 and f.endswith(h) for h in _COMPOUND_HEADS)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """ACTOR candidates for the capitalised words after a company descriptor."""
    blocked = context.blocked
    out: list[Candidate] = []
    n = doc.n
    german = "de" in doc.langs
    for i in doc.where(_descriptor):
        # a capitalised descriptor is part of the name ("Banco Espírito Santo", "Grupo BES"),
        # except in German, whose nouns are all capitalised
        if (doc.cap[i] and not german) or doc.sent_start[i]:
            continue
        j = i + 1
        between = 0
        while j < n and between < (0 if german else 2) and doc.alpha[j] and not doc.cap[j] and doc.lower[j] not in FUNCTION_WORDS \
                and not doc.newline_before[j]:
            between += 1
            j += 1
        start = j
        towns = context.town_tokens(doc)  # anchors bound the name, but a town may be part of it
        while j < n and j - start < 3 and not doc.newline_before[j] and not (blocked[j] and not towns[j]) and doc.gaps[j] \
                and (name_like(doc, j) or (doc.allcaps[j] and len(doc.words[j]) >= 2)):
            j += 1
            # a hyphenated name ("Mota-Engil", "Coca-Cola")
            if j + 1 < n and doc.words[j] == "-" and not doc.gaps[j] and not doc.gaps[j + 1] and doc.cap[j + 1]:
                j += 2
        if j == start or not doc.gaps[start]:
            continue
        out.append(RULE.candidate(doc.starts[start], doc.ends[j - 1], "pattern:organisation-descriptor"))
    return out


RULE = Rule("organisation_cues", Label.ACTOR, PRIORITY_ENTITY, 0.6, find, facts=(_descriptor,))
