"""The default multilingual suggester: the rules of ``annotator.suggest.registry`` (gazetteers,
FIGURE rules and pattern rules) run phase by phase and resolved into one set of non-overlapping
spans. No model download; everything compiles once per process."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.model import Label
from annotator.suggest.base import Candidate, resolve, resolve_more
from annotator.suggest.doc import DOC_FACTS, DocView, WordFacts
from annotator.suggest.memo import WordMemos
from annotator.suggest.registry import RULES, rules_of
from annotator.suggest.rules import Context, Matcher, Phase, tokens_covered
from annotator.suggest.rules.gazetteers import default_gazetteer

_ANCHORS = rules_of(Phase.ANCHOR)
_PATTERNS = rules_of(Phase.PATTERN)
_ECHOES = rules_of(Phase.ECHO)


def _at_sign(word: str) -> bool:
    """The "@" of a handle."""
    return word == "@"


# The word facts of the document view, of every rule and of handles, decided in one scan of each
# document (``DocView.where``).
_FACTS = WordFacts((*DOC_FACTS, *(fact for rule in RULES for fact in rule.facts), _at_sign))


class DefaultSuggester:
    """Rules and gazetteers for every European language the project meets.

    ``extra`` is an additional gazetteer, typically the one learned from the gold layer
    (``annotator.suggest.gold.gold_gazetteer``). The suggester's word memos (``memos``) hold
    what its rules worked out about each word met so far: keep one suggester for many documents
    (``with_extra`` gives one with another ``extra`` and the same memos).
    """

    name = "multilingual-rules"

    def __init__(self, extra: Matcher | None = None, *, memos: WordMemos | None = None) -> None:
        self.gazetteer = default_gazetteer()
        self.extra = extra
        self.memos = WordMemos() if memos is None else memos

    def with_extra(self, extra: Matcher | None) -> DefaultSuggester:
        """This suggester, its word memos included, with ``extra`` as its additional gazetteer
        (the gold layer's forms less one document's own, say)."""
        return DefaultSuggester(extra, memos=self.memos)

    def suggest(self, text: str, languages: Sequence[str] = (),
                tokens: Sequence[tuple[str, str]] | None = None, offsets: bytes | None = None) -> list[Candidate]:
        """See ``Suggester.suggest``; ``tokens``: the text's ``gaps_and_tokens`` pairs, and
        ``offsets`` their ``packed_offsets_of``, if the caller has them (see ``DocView``)."""
        doc = DocView(text, languages, self.memos, tokens, facts=_FACTS, offsets=offsets)
        return self.suggest_doc(doc)

    def suggest_doc(self, doc: DocView) -> list[Candidate]:
        context = Context(self.gazetteer, self.extra)
        anchors = context.anchors
        for rule in _ANCHORS:
            anchors += rule.find(doc, context)
        # known persons (a gazetteer's, a misspelt one, any ACTOR learned from gold) may be part
        # of a longer name; every other anchor bounds the pattern rules' guesses
        personal: list[Candidate] = []
        bounding: list[Candidate] = []
        for c in anchors:
            if c.provenance.startswith(_PERSONAL) or (c.label == _ACTOR and c.provenance.startswith("gold:")):
                personal.append(c)
            else:
                bounding.append(c)
        context.blocked = tokens_covered(doc, bounding)
        context.person_tokens = tokens_covered(doc, personal)
        candidates = list(anchors)
        for rule in _PATTERNS:
            candidates += rule.find(doc, context)
        handles = _handle_starts(doc)
        if handles:
            candidates = [c for c in candidates if c.start not in handles]
        context.first = first = resolve(candidates)
        # a name found once is suggested at its other occurrences, places included
        echoes = [c for rule in _ECHOES for c in rule.find(doc, context) if c.start not in handles]
        return resolve_more(first, echoes) if echoes else first


_ACTOR = Label.ACTOR  # an enum member, looked up once (each Label.X costs a lookup)
_PERSONAL = ("person:", "fuzzy:person")  # a person from a gazetteer, or a misspelling of one


def _handle_starts(doc: DocView) -> set[int]:
    """Start offsets of the tokens of @handles: "@" and the word pieces glued to it."""
    starts: set[int] = set()
    for i in doc.where(_at_sign):
        starts.add(doc.starts[i])
        j = i + 1
        while j < doc.n and not doc.gaps[j]:
            starts.add(doc.starts[j])
            j += 1
    return starts

