"""The suggester on real news: openings of published articles (floods, earthquakes, storms,
elections, court rulings, interest rates, companies, sport, politics, crime, energy, health,
education, transport, wildfires) in 30 European languages, none of them
written for the purpose, each with the address it was taken from. Gold spans follow
``label-spec.md``. Scoring is a held-out set's: texts imported without gold, suggestions
computed, then gold imported and compared by ``annotator evaluate`` (exact match, micro-averaged).
The floors are issue 18's goal: exact micro F1 >= 0.80 overall and >= 0.70 for every label.

Which sets say what:

- ``news_dev``, ``news_dev2``, ``news_dev3``, ``news_test`` and ``news_fresh`` have all been tuned
  on by now, so their figures are optimistic (``news_fresh`` went from 0.703 to 0.93 while the
  unseen sets below moved far less). ``news_dev2`` (35 openings) scored 0.763 before any tuning;
  ``news_dev3`` (30 openings in the seed languages on other stories, and in English, Icelandic,
  Maltese, Luxembourgish, Ukrainian, Bosnian) scored 0.682 when it was added. ``news_test`` and
  ``news_fresh`` keep their floors as regression checks.
- ``news_unseen`` (38 openings in 22 languages, see ``news_unseen.md``) was built and annotated
  by hand, by the spec, without looking at any suggestion, and nobody changing the suggester has
  opened it. It was measured only with the whole suggester, four times: when it was made
  (0.775: ACTOR 0.647, FIGURE 0.910, LOCATION 0.736, SOURCE 0.809), midway (0.800), at the end of
  that work (0.802) and after the next round (``MEASURED["unseen"]``). Measured that often, it is
  no longer the freshest figure:
- ``news_unseen2`` (38 openings in 30 languages, 1,125 spans, see ``news_unseen2.md``) was built
  the same way when ``news_unseen`` had been measured three times, and read by a second annotator.
  It scored 0.766 when it was made (ACTOR 0.694, FIGURE 0.907, LOCATION 0.697, SOURCE 0.721) and
  once more after the work of that session (``MEASURED["unseen2"]``). It is the figure for news no
  one has looked at; keep it so: never read its errors while changing the suggester, and collect a
  new set when it has been measured a few times.

Decisions the spec leaves open were taken as: a match score is one FIGURE ("4-1", "96:83",
with a joined case ending "4-1-re"); a match minute is a time, not a FIGURE; a club, a hospital or a
company is an ACTOR also when named by its town ("Malmö", "Karolinska"); a league is not tagged; a
venue word written as part of the name stays in ("Allianz Stadium", "Estadio Santiago Bernabéu"),
a lower-case one does not ("stadionu Maksimir" gives "Maksimir").
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.text.tokenize import token_spans

DATA = Path(__file__).resolve().parent / "data"
DEV, TEST, FRESH = DATA / "news_dev.jsonl", DATA / "news_test.jsonl", DATA / "news_fresh.jsonl"
DEV3 = DATA / "news_dev3.jsonl"  # the seed languages on other stories, and languages the other dev sets lack
DEV2, UNSEEN, UNSEEN2 = DATA / "news_dev2.jsonl", DATA / "news_unseen.jsonl", DATA / "news_unseen2.jsonl"
HELD_OUT = {"test": TEST, "fresh": FRESH, "unseen": UNSEEN, "unseen2": UNSEEN2}
LABELS = ("ACTOR", "FIGURE", "LOCATION", "SOURCE")
SEED_LANGUAGES = {"sk", "pl", "el", "no", "ro"}

FLOOR_OVERALL = 0.80
FLOOR_LABEL = 0.70
# Measured on each held-out set, exact micro F1 (update with each change to the suggester).
MEASURED = {
    "test": {"overall": 0.934, "ACTOR": 0.922, "FIGURE": 0.989, "LOCATION": 0.883, "SOURCE": 1.000},
    "fresh": {"overall": 0.946, "ACTOR": 0.927, "FIGURE": 0.991, "LOCATION": 0.913, "SOURCE": 0.974},
    "unseen": {"overall": 0.829, "ACTOR": 0.739, "FIGURE": 0.932, "LOCATION": 0.792, "SOURCE": 0.878},
    "unseen2": {"overall": 0.812, "ACTOR": 0.730, "FIGURE": 0.939, "LOCATION": 0.760, "SOURCE": 0.806},
}


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", [DEV, DEV2, DEV3, TEST, FRESH, UNSEEN, UNSEEN2],
                         ids=["dev", "dev2", "dev3", "test", "fresh", "unseen", "unseen2"])
def test_news_set_is_well_formed(path):
    records = _records(path)
    assert len(records) >= 25 and len({r["id"] for r in records}) == len(records)
    if path not in (DEV3, UNSEEN, UNSEEN2):  # these: any story but the seeds', the seeds' languages included
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
    sets = [_records(path) for path in (DEV, DEV2, DEV3, TEST, FRESH, UNSEEN, UNSEEN2)]
    for i, one in enumerate(sets):
        for other in sets[i + 1 :]:
            assert not {r["meta"]["source"] for r in one} & {r["meta"]["source"] for r in other}
            assert not {r["text"] for r in one} & {r["text"] for r in other}
            assert not {r["id"] for r in one} & {r["id"] for r in other}


@pytest.fixture(scope="module", params=sorted(HELD_OUT))
def scores(request, tmp_path_factory) -> tuple[str, dict]:
    name = request.param
    tmp = tmp_path_factory.mktemp(f"news-{name}")
    db, texts = tmp / "news.sqlite", tmp / "texts.jsonl"
    records = _records(HELD_OUT[name])
    texts.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n"
                             for r in records), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(texts), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["import", str(HELD_OUT[name]), "--db", str(db)])  # gold only after suggesting
    assert result.exit_code == 0 and "suggestions" not in result.output, result.output
    result = runner.invoke(main, ["evaluate", "--db", str(db), "--layer", "machine", "--against", "gold",
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    return name, json.loads(result.output)


def _check(name: str, key: str, floor: float, exact: dict, request) -> None:
    """Assert a floor; one the suggester does not reach yet on that set is a strict expected failure
    naming the measured figure (the floor is the goal and is not lowered to the measurement)."""
    if MEASURED[name][key] < floor:
        request.applymarker(pytest.mark.xfail(strict=True,
                                              reason=f"{name}: measured {MEASURED[name][key]:.3f} < goal {floor:.2f}"))
    assert exact["f1"] >= floor, (name, key, exact)


def test_news_heldout_overall_exact_f1(scores, request):
    name, result = scores
    exact = result["overall"]["exact"]
    assert exact["tp"] + exact["fn"] == sum(len(r["spans"]) for r in _records(HELD_OUT[name]))
    _check(name, "overall", FLOOR_OVERALL, exact, request)


@pytest.mark.parametrize("label", LABELS)
def test_news_heldout_label_exact_f1(scores, label, request):
    name, result = scores
    _check(name, label, FLOOR_LABEL, result["labels"][label]["exact"], request)
