"""The suggester's rules: one module per rule, each declaring one ``Rule``.

A rule has a name, the label it proposes (None where each candidate's label comes from the entry
that matched: the gazetteers, echoes), a priority (its candidates' rank when they overlap
others, see ``annotator.suggest.base.resolve``, and the order rules run in), a confidence (its
candidates' unless a variant says otherwise) and ``find(doc, context)``, which returns its
candidates in the document. A rule that visits only the tokens whose word has some property
(a word for a kind of place, a capital letter) lists those word facts (``facts``) and finds the
tokens with ``doc.where(fact)``: the facts of every rule are decided in one scan of the document.
Rules run in three phases (``Phase``); within a phase, by priority,
highest first. ``annotator.suggest.registry.RULES`` lists them all.

Adding a rule: write ``annotator/suggest/rules/<name>.py`` with a ``find(doc, context)`` and a
``RULE = Rule(...)`` at its end, and add the module to ``annotator.suggest.registry``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Protocol

from annotator.model import Label
from annotator.suggest.base import Candidate
from annotator.suggest.doc import DocView, WordFact

if TYPE_CHECKING:
    from annotator.suggest.gazetteer import Gazetteer


class Phase(IntEnum):
    """When a rule runs, and what its candidates do to the rules after it."""

    ANCHOR = 0  # gazetteers, tweets, towns: their spans bound the pattern rules' guesses
    PATTERN = 1  # every other rule; sees the anchors' tokens (``Context.blocked``)
    ECHO = 2  # after the first resolution: finds again what it kept (``Context.first``)


class Matcher(Protocol):
    """Anything that finds a gazetteer's entries in a document (``Gazetteer``, the gold layer's
    forms for one document)."""

    def matches(self, doc: DocView, cues: frozenset[str] = ...) -> list[Candidate]: ...


@dataclass(slots=True)
class Context:
    """What a rule may use besides the document: the suggester's gazetteers, and what the rules
    of earlier phases found in this document."""

    gazetteer: Gazetteer  # the curated gazetteer (media, organisations, persons, places)
    extra: Matcher | None  # forms learned from the gold layer, if any
    # ANCHOR phase: the candidates of the anchor rules that ran so far, in run order
    anchors: list[Candidate] = field(default_factory=list)
    # PATTERN phase: tokens inside an anchor other than a person's (a guess must not cross them),
    # and tokens inside a person's anchor (evidence that a capitalised run is a name)
    blocked: list[bool] = field(default_factory=list)
    person_tokens: list[bool] = field(default_factory=list)
    # ECHO phase: the resolved candidates of the first two phases
    first: list[Candidate] = field(default_factory=list)
    # PATTERN phase: masks that several rules read, each found on first use (``place_tokens``,
    # ``town_tokens``)
    _places: list[bool] | None = field(default=None, init=False, repr=False)
    _towns: list[bool] | None = field(default=None, init=False, repr=False)

    def place_tokens(self, doc: DocView) -> list[bool]:
        """PATTERN phase: the tokens inside an anchor labelled LOCATION (read-only; found once
        per document, on first use: several rules read it)."""
        if self._places is None:
            self._places = tokens_covered(doc, [c for c in self.anchors if c.label == _LOCATION])
        return self._places

    def town_tokens(self, doc: DocView) -> list[bool]:
        """PATTERN phase: the tokens inside a town the towns rule found (read-only; as
        ``place_tokens``)."""
        if self._towns is None:
            self._towns = tokens_covered(doc, [c for c in self.anchors if c.provenance.startswith("town:")])
        return self._towns


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the registry (see the module's docstring)."""

    name: str
    label: Label | None
    priority: int
    confidence: float
    find: Callable[[DocView, Context], list[Candidate]]
    phase: Phase = Phase.PATTERN
    facts: tuple[WordFact, ...] = ()  # the word facts ``find`` visits tokens by (``DocView.where``)
    value: str = field(init=False, repr=False, compare=False)  # the label as a plain string

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", "" if self.label is None else str(self.label))

    def candidate(self, start: int, end: int, provenance: str, *, label: str | None = None,
                  confidence: float | None = None, priority: int | None = None) -> Candidate:
        """A candidate of this rule, with its label, confidence and priority unless given. Its
        label is the plain string (what is stored): cheaper to hash and compare than the enum
        member, in every later step."""
        return Candidate(start, end, str(label) if label else self.value,
                         self.confidence if confidence is None else confidence,
                         provenance, self.priority if priority is None else priority)


_LOCATION = Label.LOCATION


def tokens_covered(doc: DocView, spans: Iterable[Candidate]) -> list[bool]:
    """A per-token mask of tokens inside any of ``spans``."""
    mask = [False] * doc.n
    for c in spans:
        k = doc.token_index(c.start)
        while k < doc.n and doc.starts[k] < c.end:
            mask[k] = True
            k += 1
    return mask
