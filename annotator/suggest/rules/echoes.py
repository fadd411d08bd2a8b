"""A name found once is suggested at its other occurrences in the document, with the same label
and a low priority: a person's surname alone, an outlet or a place named again (in another case
form too), a multi-word name verbatim. Runs on what the first resolution kept."""

from __future__ import annotations

import re

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ECHO, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import extend_clitic
from annotator.suggest.normalize import inflects_to, key, stem
from annotator.suggest.rules import Context, Phase, Rule

ECHOED = frozenset({Label.ACTOR, Label.SOURCE, Label.LOCATION})
_ACTOR = Label.ACTOR  # an enum member, looked up once (each Label.X costs a lookup)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """Other occurrences of the names in ``context.first`` (the first resolution's candidates)."""
    forms: dict[str, tuple[str, str]] = {}
    for c in context.first:
        if c.label not in ECHOED or c.provenance.startswith("figure"):
            continue
        surface = doc.text[c.start:c.end]
        forms.setdefault(surface, (c.label, c.provenance))
        if c.label == _ACTOR and c.provenance.startswith("person") and " " in surface:
            last = surface.split()[-1]
            if len(last) >= 4 and last[0].isupper():
                forms.setdefault(last, (c.label, c.provenance))
    out: list[Candidate] = []
    if not forms:
        return out
    by_key = {key(f): f for f in forms if " " not in f and "-" not in f}
    stems: dict[str, list[tuple[str, str, str]]] = {}
    for fk, form in by_key.items():
        stems.setdefault(fk[:2], []).append((fk, stem(fk), form))
    keys = doc._keys
    confidence, priority = RULE.confidence, RULE.priority  # many candidates: made directly
    for i in doc.cap_idx:
        k = keys[i]
        for fk, fs, form in stems.get(k[:2], ()):
            if k == fk or inflects_to(fk, fs, k, doc.suffixes.get(doc.para[i], frozenset())):
                label, prov = forms[form]
                end = doc.ends[extend_clitic(doc, i)]  # "IAU:n", "MES-i": the clitic is inside (label-spec)
                out.append(Candidate(doc.starts[i], end, label, confidence, "echo:" + prov, priority))
                break
    # multi-word forms found once are found again verbatim
    for form, (label, prov) in forms.items():
        if " " in form or "-" in form:
            for m in re.finditer(re.escape(form), doc.text):
                out.append(Candidate(m.start(), m.end(), label, confidence, "echo:" + prov, priority))
    return out


RULE = Rule("echoes", None, PRIORITY_ECHO, 0.5, find, Phase.ECHO)
