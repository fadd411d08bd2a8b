"""Rivers, lakes and counties named as one compound with their kind of place, in the languages
that write them so: Finnish "Vantaanjoki", "Keravanjoen", "Kirkkojärvellä", Estonian "Emajõgi",
"Viljandimaa", Swedish "Dalälven", "Storsjön", Danish "Gudenåen". The whole word is the name
(label-spec: the descriptor is left out only when it is a separate word), so a capitalised word
that ends in such a head, in any case form, is a LOCATION."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.normalize import folded, split_words
from annotator.suggest.rules import Context, Rule

# Heads per language, folded, with their case forms.
_HEADS = {
    "fi": split_words("""joki joen joella joelle joelta joessa joesta jokeen joet jokien
        jarvi jarven jarvella jarvelle jarvelta jarvessa jarvesta jarveen"""),
    "et": split_words("jogi joe joel joele joelt joes joest jogede jarv jarve jarvel jarvest maa maal maale maalt"),
    "sv": split_words("alven alv sjon"),
    "da": split_words("aen soen"),
}
_MIN_NAME = 3  # letters before the head: "Emajõgi", not "Maa"


def find(doc: DocView, context: Context) -> list[Candidate]:
    """LOCATION candidates for capitalised compounds closed by a river, lake or county word."""
    out: list[Candidate] = []
    blocked = context.blocked
    for i in doc.where(_ends_in_head):
        if blocked[i]:
            continue
        langs = doc.langs_at(i)
        f = doc.folded[i]
        for lang in langs:
            heads = _HEADS.get(lang)
            if heads and any(f.endswith(h) and len(f) - len(h) >= _MIN_NAME for h in heads):
                out.append(RULE.candidate(doc.starts[i], doc.ends[i], "pattern:natural-place"))
                break
    return out


def _ends_in_head(word: str) -> bool:
    """A capitalised word (not in capitals) closed by a river, lake or county word of some
    language; the rule checks the paragraph's languages."""
    if not (word[0].isalpha() and word[0].isupper()) or (len(word) > 1 and word.isupper()):
        return False
    f = folded(word)
    n = len(f)
    return any(f[n - size:] in _ALL_HEADS for size in _HEAD_SIZES if n - size >= _MIN_NAME)


# every language's heads, and their lengths: a word's endings of those lengths are looked up
_ALL_HEADS = frozenset(h for heads in _HEADS.values() for h in heads)
_HEAD_SIZES = tuple(sorted({len(h) for h in _ALL_HEADS}))


RULE = Rule("natural_places", Label.LOCATION, PRIORITY_PATTERN, 0.6, find, facts=(_ends_in_head,))
