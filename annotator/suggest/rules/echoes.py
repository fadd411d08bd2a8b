"""A name found once is suggested at its other occurrences in the document, with the same label
and a low priority: a person's surname alone (above a town of that name), an outlet or a place
named again (in another case form too, either way round), a multi-word name verbatim. Runs on
what the first resolution kept."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_ECHO, PRIORITY_PATTERN, Candidate
from annotator.suggest.declension import nominatives
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import extend_clitic
from annotator.suggest.names import NAME_PARTICLES
from annotator.suggest.normalize import MIN_STEM, inflects_to, key, stem
from annotator.suggest.rules import Context, Phase, Rule

ECHOED = frozenset({Label.ACTOR, Label.SOURCE, Label.LOCATION})
# a person's surname found again outranks a town's name guessed there (the towns' tier, above
# their priority): the document has named that person ("Juhan Sarv ... kinnitas Sarv")
PRIORITY_SURNAME = PRIORITY_PATTERN + 6
_ACTOR = Label.ACTOR  # an enum member, looked up once (each Label.X costs a lookup)


def find(doc: DocView, context: Context) -> list[Candidate]:
    """Other occurrences of the names in ``context.first`` (the first resolution's candidates)."""
    forms: dict[str, tuple[str, str]] = {}
    surnames: set[str] = set()
    for c in context.first:
        if c.label not in ECHOED or c.provenance.startswith("figure"):
            continue
        surface = doc.text[c.start:c.end]
        forms.setdefault(surface, (c.label, c.provenance))
        if c.label == _ACTOR and c.provenance.startswith("person") and " " in surface:
            words = surface.split()
            last = words[-1]
            if len(last) >= 4 and last[0].isupper():
                forms.setdefault(last, (c.label, c.provenance))
                surnames.add(key(last))
                if len(words) >= 3 and words[-2].lower() in NAME_PARTICLES:
                    # the surname's particle goes with it: "Robin van Persie" ... "Van Persie"
                    for particle in {words[-2], words[-2].capitalize()}:
                        forms.setdefault(f"{particle} {last}", (c.label, c.provenance))
    out: list[Candidate] = []
    if not forms:
        return out
    by_key = {key(f): f for f in forms if " " not in f and "-" not in f}
    stems: dict[str, list[tuple[str, str]]] = {}
    for fk, form in by_key.items():
        stems.setdefault(fk[:2], []).append((fk, form))
    town_starts = {c.start for c in context.first if c.provenance.startswith("town:")}
    held = _held(context.first)
    keys = doc._keys
    same = doc.memos[_case_form]
    nominative = doc.memos[nominatives]
    confidence, priority = RULE.confidence, RULE.priority  # many candidates: made directly
    for i in doc.cap_idx:
        k = keys[i]
        group = stems.get(k[:2])
        if group is None:
            continue
        suffixes = doc.suffixes.get(doc.para[i], frozenset())
        for fk, form in group:
            # or a case form by the declension tables: Finnish "Kosunen" -> "Kosusen"
            if same[k, fk, suffixes] or (len(k) > len(fk) - 3 and fk in nominative[k, doc.langs_at(i)]):
                start, end = doc.starts[i], doc.ends[extend_clitic(doc, i)]  # "IAU:n", "MES-i": the clitic is inside (label-spec)
                # a person's surname found again names that person, also where it is a town's name
                rank = PRIORITY_SURNAME if fk in surnames and start in town_starts else priority
                if held.get((start, end), -1) <= rank // 20:
                    label, prov = forms[form]
                    out.append(Candidate(start, end, label, confidence, "echo:" + prov, rank))
                break
    # multi-word forms found once are found again verbatim
    text = doc.text
    tier = priority // 20
    for form, (label, prov) in forms.items():
        if " " in form or "-" in form:
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if held.get((start, end), -1) <= tier:
                    out.append(Candidate(start, end, label, confidence, "echo:" + prov, priority))
                start = text.find(form, end)
    return out


def _held(first: list[Candidate]) -> dict[tuple[int, int], int]:
    """The tier (priority // 20) of each candidate of the first resolution, by its span. An echo
    with the span of one of a higher tier is not made: it would be dropped whatever happens
    (most echoes are the first occurrences themselves). ``resolve_more`` drops an echo that
    overlaps one of the first resolution without outranking it, and one of a lower tier never
    does; if another echo makes it resolve everything again, that candidate is either kept or
    displaced by one that outranks it, and so overlaps and outranks the echo with its span."""
    return {(c.start, c.end): c.priority // 20 for c in first}


def _case_form(probe: tuple[str, str, frozenset[str]]) -> bool:
    """Whether a token's key is a name's key, or a case form of it, or the name found was a case
    form of the token ("Raul Rosenbergi" ... "Rosenberg"), with the endings in use: (token key,
    name's key, endings) -> bool, memoised per suggester (names recur across documents)."""
    k, fk, suffixes = probe
    return k == fk or inflects_to(fk, stem(fk), k, suffixes) or (
        len(k) >= MIN_STEM and inflects_to(k, stem(k), fk, suffixes))

RULE = Rule("echoes", None, PRIORITY_ECHO, 0.5, find, Phase.ECHO)
