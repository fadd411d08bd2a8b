"""A per-word memo: rules ask the same question of the same word in every document, so the
answer is computed once per distinct word and looked up with ``map`` over a document's words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class WordMemo(dict[str, V], Generic[V]):
    """``memo[word]`` is ``compute(word)``, computed on first use; forgets everything past
    ``limit`` distinct words, so a long import cannot grow it without bound."""

    def __init__(self, compute: Callable[[str], V], limit: int = 200_000) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, word: str) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[word] = self._compute(word)
        return value

    def over(self, words: list[str]) -> list[V]:
        """The values for a sequence of words, in order."""
        return list(map(self.__getitem__, words))
