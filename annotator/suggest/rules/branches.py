"""An organisation's name goes on in the capitalised word written right after it: a union's or a
company's branch or division ("CGT Cheminots", "SUD Rail", "Unsa Ferroviaire", "CFR Călători",
"LHV Panga"), a party's movement word ("Mi Hazánk Mozgalom"), and two parties joined by a dash
into an alliance ("Fidesz–KDNP"), are one ACTOR (label-spec: the shortest stretch that names the
thing is the whole name). Runs on what the first resolution kept: an ACTOR from a gazetteer or an
abbreviation, followed on the same line by one capitalised word that is not a sentence start, a
known place, a person's first name or surname, a title or another kind of non-name; a town guessed there
gives way after a known organisation (the word is the name's, "Panga" is no town here), not after
an unknown abbreviation. Two parties joined by a dash are one alliance, not a list of several
("DK–Jobbik–LMP–MSZP" stays four)."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ENTITY, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import extend_clitic
from annotator.suggest.names import is_first_name, name_like
from annotator.suggest.rules import Context, Phase, Rule

# provenances of organisations whose names may go on: the gazetteers' and an abbreviation's
_ORGANISATIONS = ("actor:", "company:", "name:acronym", "echo:actor:", "echo:company:", "echo:name:acronym")
_DASHES = frozenset({"-", "–", "—"})


def find(doc: DocView, context: Context) -> list[Candidate]:
    first = context.first
    if not first:
        return []
    starts = doc.starts
    taken = {c.start: c for c in first}
    surnames = {doc.key(doc.token_index(c.end) - 1) for c in first
                if c.label == _ACTOR and c.provenance.startswith("person")}
    out: list[Candidate] = []
    for c in first:
        if c.label != _ACTOR or not c.provenance.startswith(_ORGANISATIONS):
            continue
        j = doc.token_index(c.end)  # the token after the organisation
        if j >= doc.n or j == 0 or doc.ends[j - 1] != c.end or doc.newline_before[j]:
            continue
        if doc.words[j] in _DASHES and not doc.gaps[j] and j + 1 < doc.n and not doc.gaps[j + 1]:
            # "Fidesz–KDNP": another organisation right after a dash
            other = taken.get(starts[j + 1])
            if other is not None and other.label == _ACTOR and other.provenance.startswith(_ORGANISATIONS) \
                    and not _dash_joined(doc, doc.token_index(c.start) - 1) \
                    and not _dash_joined(doc, doc.token_index(other.end)):
                out.append(RULE.candidate(c.start, other.end, "pattern:alliance"))
            continue
        if not doc.gaps[j] or doc.gaps[j] != " " or doc.sent_start[j] or not name_like(doc, j) \
                or doc.allcaps[j] or is_first_name(doc, j):
            continue
        there = taken.get(starts[j])
        if there is not None and not (there.provenance.startswith("town:") and not c.provenance.endswith("acronym")):
            continue  # a place, a person or a medium named there; a town after an unknown abbreviation
        if doc.key(j) in surnames:
            continue  # "Meta Camilleri": a person named in the document
        if c.provenance.startswith(("actor:", "company:")) and doc.alpha[j - 1] and doc.starts[j - 1] == c.start \
                and doc.key(j - 1) not in context.gazetteer.exact:
            continue  # the organisation in a case form ("Seimo Mišrios narių grupės"): it qualifies the next name
        if j + 1 < doc.n and doc.gaps[j + 1] and not doc.newline_before[j + 1] and doc.cap[j + 1] \
                and not doc.sent_start[j + 1]:
            continue  # more capitalised words follow: a longer name this rule does not know
        end = extend_clitic(doc, j)
        out.append(RULE.candidate(c.start, doc.ends[end], "pattern:branch"))
    return out


def _dash_joined(doc: DocView, k: int) -> bool:
    """Token k is a dash glued to the names on both sides: one of a list of several ("DK–Jobbik–LMP")."""
    return 0 < k < doc.n - 1 and doc.words[k] in _DASHES and not doc.gaps[k] and not doc.gaps[k + 1]


_ACTOR = str(Label.ACTOR)

RULE = Rule("branches", Label.ACTOR, PRIORITY_ENTITY + 2, 0.55, find, Phase.ECHO)
