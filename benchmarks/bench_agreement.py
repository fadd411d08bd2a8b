"""Benchmark compute_agreement on a realistic, deterministic corpus.

Default: 3 annotators x 10,000 documents, ~160 tokens and ~4 spans per document per layer, the
layers agreeing on ~85% of spans (the rest: shifted boundaries, other labels, misses, extras),
a few documents not done by every layer. The target is under 3 s for the whole computation.

    python benchmarks/bench_agreement.py [--documents 10000] [--runs 5] [--seed 7]

Prints the corpus size, then the median and minimum wall-clock seconds of the runs. Building
the documents is not timed (the store does that part).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.agreement import AgreementDocument, compute_agreement
from annotator.model import LABELS

LAYERS = ("alice", "bob", "carol")
LABEL_WEIGHTS = (0.35, 0.2, 0.3, 0.15)  # ACTOR, FIGURE, LOCATION, SOURCE


def _tokens(rng: random.Random) -> tuple[list[tuple[int, int]], int]:
    tokens = []
    position = 0
    for _ in range(rng.randint(120, 200)):
        length = rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 4, 5))
        tokens.append((position, position + length))
        # Punctuation sticks to the previous word now and then.
        position += length + (0 if rng.random() < 0.1 else 1)
    return tokens, position


def _truth(rng: random.Random, n_tokens: int) -> list[tuple[int, int, str]]:
    """Reference spans as token ranges [first, last), at least two tokens apart."""
    spans = []
    for _ in range(rng.randint(2, 6)):
        length = rng.choice((1, 1, 2, 2, 3))
        first = rng.randrange(1, n_tokens - length - 1)
        if all(first + length + 2 <= a or b + 2 <= first for a, b, _ in spans):
            spans.append((first, first + length, rng.choices(LABELS, LABEL_WEIGHTS)[0]))
    return sorted(spans)


def _layer(rng: random.Random, truth, tokens, n_tokens: int) -> list[tuple[int, int, str]]:
    """One annotator's version of the reference: ~92% of the reference spans kept as they are, so two layers agree on ~85%, the rest disagree."""
    out = []
    taken = set()
    for first, last, label in truth:
        r = rng.random()
        if r < 0.92:
            pass
        elif r < 0.95:  # boundary: one token more or less on one side
            if last - first > 1 and rng.random() < 0.5:
                last -= 1
            elif rng.random() < 0.5:
                first -= 1
            else:
                last += 1
        elif r < 0.975:
            label = rng.choice([x for x in LABELS if x != label])
        else:
            continue  # missed
        out.append((tokens[first][0], tokens[last - 1][1], label))
        taken.update(range(first - 1, last + 1))
    if rng.random() < 0.15:  # a span the reference does not have
        t = rng.randrange(n_tokens)
        if t not in taken and all(t + 2 <= a or b + 2 <= t for a, b, _ in truth):
            out.append((tokens[t][0], tokens[t][1], rng.choice(LABELS)))
    return out


def make_documents(n_documents: int = 10_000, seed: int = 7) -> list[AgreementDocument]:
    """A deterministic corpus for ``seed``."""
    rng = random.Random(seed)
    documents = []
    for d in range(n_documents):
        tokens, n_chars = _tokens(rng)
        truth = _truth(rng, len(tokens))
        statuses = dict.fromkeys(LAYERS, "done")
        if rng.random() < 0.05:
            statuses[rng.choice(LAYERS)] = rng.choice(("todo", "in_progress", "skipped"))
        spans = {layer: _layer(rng, truth, tokens, len(tokens)) for layer in LAYERS}
        documents.append(AgreementDocument(f"doc-{d:05d}", tokens, n_chars, statuses, spans))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    documents = make_documents(args.documents, args.seed)
    built = time.perf_counter() - started
    n_tokens = sum(len(d.tokens) for d in documents)
    n_spans = sum(len(s) for d in documents for s in d.spans.values())
    print(
        f"{len(documents):,} documents, {len(LAYERS)} layers, {n_tokens:,} tokens "
        f"({n_tokens * len(LAYERS):,} token labels), {n_spans:,} spans (built in {built:.1f} s)"
    )

    times = []
    result = None
    for _ in range(args.runs):
        started = time.perf_counter()
        result = compute_agreement(documents, LAYERS, LABELS)
        times.append(time.perf_counter() - started)
    assert result is not None
    pair = result.pairs[0]
    print(
        f"exact F1 {pair.a}/{pair.b} {pair.spans.exact.f1.value:.3f}, "
        f"Cohen's kappa {pair.tokens.cohen_kappa.value:.3f}, "
        f"Fleiss' kappa {result.fleiss_kappa.value:.3f}, "
        f"Krippendorff's alpha {result.krippendorff_alpha.value:.3f}"
    )
    print(
        f"compute_agreement over {args.runs} runs: median {statistics.median(times):.3f} s, min {min(times):.3f} s"
    )


if __name__ == "__main__":
    main()
