"""The display name of an embedded tweet's author, in "— Name (@handle) Month D, YYYY", is a
SOURCE."""

from __future__ import annotations

import re

from annotator.model import Label
from annotator.suggest.base import PRIORITY_TWEET, Candidate
from annotator.suggest.doc import NEWLINE, DocView
from annotator.suggest.rules import Context, Phase, Rule

_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d\U0001f1e6-\U0001f1ff"
_TWEET_AUTHOR = re.compile(
    rf"(?:^|(?<=\s))[—–-][ \t]*([^\s@()—–{_EMOJI}][^\n@()—–]{{0,60}}?)[ \t]*(?:[{_EMOJI}]+[ \t]*)*\(@\w{{1,30}}\)"
)


def find(doc: DocView, context: Context | None) -> list[Candidate]:
    """The display names of embedded tweets' authors."""
    out = []
    text = doc.text
    at = text.find("(@")
    while at >= 0:
        # a signature never spans lines: match only the lines holding a "(@handle)"
        line_start = text.rfind(NEWLINE, 0, at) + 1
        line_end = text.find(NEWLINE, at)
        if line_end < 0:
            line_end = len(text)
        for m in _TWEET_AUTHOR.finditer(text, line_start, line_end):
            name = m.group(1).rstrip(" \t|:,")
            start = m.start(1)
            if name and any(ch.isalpha() for ch in name):
                out.append(RULE.candidate(start, start + len(name), "tweet:author"))
        at = text.find("(@", line_end)
    return out


RULE = Rule("tweet-authors", Label.SOURCE, PRIORITY_TWEET, 0.9, find, Phase.ANCHOR)
