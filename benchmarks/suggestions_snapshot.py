"""Every suggestion for a broad set of texts, and the import's analysis of each (its languages,
paragraph languages and token offsets), as one JSON file: take one before a speed change to the
suggester or the text analysis and one after, then compare them (they must be identical).

The texts are the seeds, the held-out and development sets in ``tests/data/``, and variants of
each (paragraphs shuffled, lower case, upper case, on one line), suggested with no languages
given and with English given.

    python benchmarks/suggestions_snapshot.py before.json
    ... change the suggester ...
    python benchmarks/suggestions_snapshot.py after.json && cmp before.json after.json
"""

import argparse
import json
import random
from pathlib import Path

import orjson

from annotator.formats.analysis import _analysed
from annotator.suggest.runner import languages_of
from annotator.suggest.suggester import DefaultSuggester
from annotator.text import canonicalize, split_date_header

ROOT = Path(__file__).resolve().parent.parent
SETS = ("heldout.jsonl", "suggest_dev.jsonl", "suggest_dev_locations.jsonl", "news_dev.jsonl", "news_test.jsonl",
        "news_dev2.jsonl", "news_dev3.jsonl", "news_fresh.jsonl")


def texts() -> list[str]:
    """The seeds, the test sets and their variants, in a fixed order."""
    found = [split_date_header(canonicalize(p.read_text(encoding="utf-8")))[0]
             for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in SETS:
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["text"])
    rnd = random.Random(7)
    variants = []
    for text in found:
        paragraphs = text.split("\n")
        rnd.shuffle(paragraphs)
        variants += ["\n".join(paragraphs), text.lower(), text.upper(), text.replace("\n", " ")]
    return found + variants


def _rows(candidates) -> list[tuple]:
    return [(c.start, c.end, c.label, c.confidence, c.provenance, c.priority) for c in candidates]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    suggester = DefaultSuggester()
    rows = []
    for text in texts():
        for languages in ((), ("en",)):
            rows.append(_rows(suggester.suggest(text, languages)))
        # as an import's worker does: the analysis, then the suggestions from its tokens (and from
        # its packed offsets too, as the worker hands them over)
        (lang, paragraphs, count, packed), pairs = _analysed(text)
        rows.append([lang, paragraphs, count, packed.hex()])
        rows.append(_rows(suggester.suggest(text, languages_of(lang, paragraphs), pairs)))
        rows.append(_rows(suggester.suggest(text, languages_of(lang, paragraphs), pairs, packed)))  # and offsets
    args.output.write_bytes(orjson.dumps(rows))
    print(f"{len(rows)} suggestion lists and analyses written to {args.output}")


if __name__ == "__main__":
    main()
