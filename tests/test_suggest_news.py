"""The suggester on real news: openings of published articles (floods, earthquakes, storms,
elections, court rulings, interest rates) in 19 European languages, none of them written for the
purpose, each with the address it was taken from.

``tests/data/news_dev.jsonl`` is the set the suggester is tuned on; ``news_test.jsonl`` is held out
and only measured. Their gold spans follow ``label-spec.md`` (stories are kept within one set, so
that tuning on a story's places does not leak into the held-out score). Scoring is the held-out
set's: texts imported without gold, suggestions computed, then gold imported and compared by
``annotator evaluate`` (exact match, micro-averaged).

The floors are the issue's goal: exact micro F1 >= 0.80 overall and >= 0.70 for every label.
Figures per commit: ``python benchmarks/suggest_quality.py news_dev news_test``.

The first 30 held-out openings were annotated before any tuning, but the body, party and agency
lists were then written by the same hand, so their score is optimistic. The last 8 (wildfires,
strikes, a rail accident; fi, de, es, sl, sr) were collected after the tuning and measured once,
untouched: exact micro F1 0.748 (P 0.807, R 0.697; ACTOR 0.267 on 9 spans, FIGURE 0.839,
LOCATION 0.795, SOURCE 1.000). That is the fairer figure for news no one has looked at.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.text.tokenize import token_spans

DATA = Path(__file__).resolve().parent / "data"
DEV, TEST = DATA / "news_dev.jsonl", DATA / "news_test.jsonl"
LABELS = ("ACTOR", "FIGURE", "LOCATION", "SOURCE")
SEED_LANGUAGES = {"sk", "pl", "el", "no", "ro"}

FLOOR_OVERALL = 0.80
FLOOR_LABEL = 0.70
# Measured on news_test.jsonl, exact micro F1 (update with each change to the suggester).
MEASURED = {"overall": 0.851, "ACTOR": 0.813, "FIGURE": 0.910, "LOCATION": 0.805, "SOURCE": 0.973}


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", [DEV, TEST], ids=["dev", "test"])
def test_news_set_is_well_formed(path):
    records = _records(path)
    assert len(records) >= 25 and len({r["id"] for r in records}) == len(records)
    assert not {r["lang"] for r in records} & SEED_LANGUAGES
    for r in records:
        assert r["layer"] == "gold" and r["status"] == "done"
        assert r["meta"]["source"].startswith(("http://", "https://")), r["id"]
        text = r["text"]
        tokens = token_spans(text)
        starts, ends = {a for a, _ in tokens}, {b for _, b in tokens}
        previous_end = 0
        for span in sorted(r["spans"], key=lambda s: s["start"]):
            assert span["label"] in LABELS
            assert text[span["start"] : span["end"]] == span["text"], (r["id"], span)
            assert span["start"] >= previous_end, (r["id"], span)
            assert span["start"] in starts and span["end"] in ends, (r["id"], span)
            previous_end = span["end"]


def test_news_sets_share_no_story_or_text():
    dev, test = _records(DEV), _records(TEST)
    assert not {r["meta"]["source"] for r in dev} & {r["meta"]["source"] for r in test}
    assert not {r["text"] for r in dev} & {r["text"] for r in test}


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("news")
    db, texts = tmp / "news.sqlite", tmp / "texts.jsonl"
    records = _records(TEST)
    texts.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n"
                             for r in records), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(texts), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["import", str(TEST), "--db", str(db)])  # gold only after suggesting
    assert result.exit_code == 0 and "suggestions" not in result.output, result.output
    result = runner.invoke(main, ["evaluate", "--db", str(db), "--layer", "machine", "--against", "gold",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _below(key: str, floor: float):
    """Mark a floor the suggester does not reach yet as a strict expected failure, naming the
    measured figure (the floor is the goal and is not lowered to the measurement)."""
    if MEASURED[key] >= floor:
        return ()
    return pytest.mark.xfail(strict=True, reason=f"measured {MEASURED[key]:.3f} < goal {floor:.2f}")


@pytest.mark.parametrize("_", [pytest.param(None, marks=_below("overall", FLOOR_OVERALL))], ids=["overall"])
def test_news_heldout_overall_exact_f1(scores, _):
    exact = scores["overall"]["exact"]
    assert exact["tp"] + exact["fn"] == sum(len(r["spans"]) for r in _records(TEST))
    assert exact["f1"] >= FLOOR_OVERALL, exact


@pytest.mark.parametrize("label", [pytest.param(x, marks=_below(x, FLOOR_LABEL)) for x in LABELS])
def test_news_heldout_label_exact_f1(scores, label):
    exact = scores["labels"][label]["exact"]
    assert exact["f1"] >= FLOOR_LABEL, (label, exact)
