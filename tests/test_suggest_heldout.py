"""The suggester on held-out text: twelve news articles it was not tuned on.

``tests/data/heldout.jsonl`` holds twelve articles (120-250 words each) in German, French,
Spanish, Italian, Czech, Hungarian, Turkish, Russian, Ukrainian, Finnish, Swedish and
Lithuanian, none of the seed languages, on topics other than Kazakhstan (a flood, a rail
strike, electricity prices, a football transfer, a court ruling, a mayoral election, an
earthquake, a summit, power cuts, a dock strike, an interest-rate decision, a NATO summit), two
with embedded English tweets. Their gold spans were written from the label spec before the
suggester's code or data were read.

The suggestions are computed on a database that holds the texts only (no gold anywhere), then
the gold layer is imported, so the machine layer learns nothing from the held-out gold.

Measured at the commit that added this test (exact match, micro-averaged, 337 gold spans):

    overall   P 0.885  R 0.733  F1 0.802   (tp 247, fp 32, fn 90; overlap F1 0.828)
    ACTOR     F1 0.766   FIGURE   F1 0.929
    LOCATION  F1 0.597   SOURCE   F1 0.875
    cs 0.864  de 0.720  es 0.773  fi 0.851  fr 0.776  hu 0.894
    it 0.727  lt 0.800  ru 0.877  sv 0.769  tr 0.750  uk 0.840

Targets from the issue: exact micro F1 >= 0.75, FIGURE >= 0.85, SOURCE >= 0.85; all three are
met, SOURCE with one error to spare. No target was set for ACTOR or LOCATION; LOCATION recall
(0.45) is the weakest point: cities, regions and rivers outside the gazetteer are missed.

Re-measured after regions (pycountry ISO 3166-2), cities.tsv and more clock-time exclusions
(developed on tests/data/suggest_dev_locations.jsonl, not on this set):

    overall   P 0.901  R 0.813  F1 0.855   (tp 274, fp 30, fn 63; overlap F1 0.880)
    ACTOR     F1 0.760   FIGURE   F1 0.956
    LOCATION  F1 0.828   SOURCE   F1 0.886
    cs 0.913  de 0.877  es 0.889  fi 0.894  fr 0.848  hu 0.913
    it 0.689  lt 0.800  ru 0.921  sv 0.824  tr 0.868  uk 0.863

Re-measured after GeoNames towns, national bodies, parties and agencies (developed on the real
news set tests/data/news_dev.jsonl, not on this set):

    overall   P 0.918 R 0.869 F1 0.893   (tp 293, fp 26, fn 44)
    ACTOR     F1 0.808   FIGURE   F1 0.956
    LOCATION  F1 0.892   SOURCE   F1 0.951
    cs 0.917  de 0.915  es 0.933  fi 0.960  fr 0.912  hu 0.958
    it 0.721  lt 0.800  ru 0.921  sv 0.926  tr 0.926  uk 0.863

The floors below are the issue's goal, not points just under the measurements;
benchmarks/suggest_quality.py re-measures the figures above.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.text.tokenize import token_spans

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout.jsonl"

# The floors are issue 18's goal for suggestions on any news (exact micro F1 >= 0.80 overall and
# >= 0.70 for every label), applied to each language too; the figures measured above are what
# the suggester does today, and a floor is never set just under a measurement.
FLOOR_OVERALL = 0.80
FLOOR_LABEL = dict.fromkeys(("ACTOR", "FIGURE", "LOCATION", "SOURCE"), 0.70)
FLOOR_LANGUAGE = dict.fromkeys(("cs", "de", "es", "fi", "fr", "hu", "it", "lt", "ru", "sv", "tr", "uk"), 0.70)
SEED_LANGUAGES = {"sk", "pl", "el", "no", "ro"}


def _records() -> list[dict]:
    return [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_heldout_set_is_well_formed():
    records = _records()
    assert len(records) == 12
    assert len({r["id"] for r in records}) == 12
    langs = [r["lang"] for r in records]
    assert len(set(langs)) == 12 and not set(langs) & SEED_LANGUAGES
    for r in records:
        text = r["text"]
        assert r["layer"] == "gold" and r["status"] == "done"
        assert 120 <= len(text.split()) <= 250, r["id"]
        tokens = token_spans(text)
        starts, ends = {a for a, _ in tokens}, {b for _, b in tokens}
        previous_end = 0
        for span in sorted(r["spans"], key=lambda s: s["start"]):
            assert span["label"] in FLOOR_LABEL
            assert text[span["start"] : span["end"]] == span["text"], (r["id"], span)
            assert span["text"] == span["text"].strip() and span["text"]
            assert span["start"] >= previous_end, (r["id"], span)  # no overlaps
            assert span["start"] in starts and span["end"] in ends, (r["id"], span)
            previous_end = span["end"]


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("heldout")
    db = tmp / "heldout.sqlite"
    texts_only = tmp / "texts.jsonl"
    texts_only.write_text(
        "".join(
            json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in _records()
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    # 1. texts only: suggestions are computed with no gold in the database
    result = runner.invoke(main, ["import", str(texts_only), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "12 added" in result.output and "suggestions in 12 document(s)" in result.output
    # 2. the gold layer for the same (unchanged) texts; no suggestion is recomputed
    result = runner.invoke(main, ["import", str(HELDOUT), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "12 unchanged" in result.output and "suggestions" not in result.output
    result = runner.invoke(
        main, ["evaluate", "--db", str(db), "--layer", "machine", "--against", "gold", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_heldout_languages_are_detected(scores):
    assert scores["documents"] == 12
    assert set(scores["languages"]) == {r["lang"] for r in _records()}


def test_heldout_overall_exact_f1(scores):
    exact = scores["overall"]["exact"]
    assert exact["tp"] + exact["fn"] == sum(len(r["spans"]) for r in _records())
    assert exact["f1"] >= FLOOR_OVERALL, exact


@pytest.mark.parametrize("label", sorted(FLOOR_LABEL))
def test_heldout_label_exact_f1(scores, label):
    exact = scores["labels"][label]["exact"]
    assert exact["f1"] >= FLOOR_LABEL[label], (label, exact)


@pytest.mark.parametrize("lang", sorted(FLOOR_LANGUAGE))
def test_heldout_language_exact_f1(scores, lang):
    exact = scores["languages"][lang]["exact"]
    assert exact["f1"] >= FLOOR_LANGUAGE[lang], (lang, exact)
