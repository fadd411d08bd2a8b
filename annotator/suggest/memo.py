"""Per-word memos: rules ask the same question of the same word in every document, so the
answer is computed once per distinct word (or word and context) and looked up with ``over``
over a document's words.

The memos belong to one suggester (``WordMemos``, which it hands to every ``DocView`` it
builds): a new suggester starts with none, and nothing outside it holds or clears them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

LIMIT = 200_000  # entries a memo holds before it starts again from empty


class WordMemo(dict[K, V], Generic[K, V]):
    """``memo[word]`` is ``compute(word)``, computed on first use; forgets everything past
    ``limit`` entries, so a long import cannot grow it without bound."""

    def __init__(self, compute: Callable[[K], V], limit: int = LIMIT) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, word: K) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[word] = self._compute(word)
        return value

    def over(self, words: Iterable[K]) -> list[V]:
        """The values for a sequence of words, in order."""
        return list(map(self.__getitem__, words))


class WordMemos(dict[Callable, WordMemo]):
    """The word memos of one suggester: ``memos[compute]`` is the ``WordMemo`` of the function
    ``compute`` (a function of one word, or a method of an immutable object such as a
    ``Gazetteer``), made on first use."""

    def __missing__(self, compute: Callable) -> WordMemo:
        memo = self[compute] = WordMemo(compute)
        return memo

    def of(self, compute: Callable[[K], V], limit: int) -> WordMemo[K, V]:
        """``self[compute]``, made with its own ``limit`` if it is new."""
        memo = self.get(compute)
        if memo is None:
            memo = self[compute] = WordMemo(compute, limit)
        return memo
