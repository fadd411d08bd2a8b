"""Per-word memos: rules ask the same question of the same word in every document, so the
answer is computed once per distinct word (or word and context) and looked up with ``map``
over a document's words."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MEMOS: list[weakref.ref[WordMemo]] = []


class WordMemo(dict[K, V], Generic[K, V]):
    """``memo[word]`` is ``compute(word)``, computed on first use; forgets everything past
    ``limit`` entries, so a long import cannot grow it without bound."""

    def __init__(self, compute: Callable[[K], V], limit: int = 200_000) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit
        _MEMOS.append(weakref.ref(self))

    def __missing__(self, word: K) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[word] = self._compute(word)
        return value

    def over(self, words: Iterable[K]) -> list[V]:
        """The values for a sequence of words, in order."""
        return list(map(self.__getitem__, words))


def forget_words() -> None:
    """Empty every memo: the next documents are suggested as if each word were new (what a
    benchmark of a first encounter measures)."""
    _MEMOS[:] = [ref for ref in _MEMOS if ref() is not None]
    for ref in _MEMOS:
        memo = ref()
        if memo is not None:
            memo.clear()
