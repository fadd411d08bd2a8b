"""Gazetteer matching's fast paths (and a candidate's making) give exactly what their plain
formulations give.

``Gazetteer.matches`` works out the one-word entries at a word once per paragraph languages
(``_Start.found``); the plain formulation tries every entry the next token allows at every
token, as the matcher first did. Checked on the curated gazetteer and on a small one with every
kind of entry (several words, lower case, media cue, languages, acronyms), on generated text
whose paragraphs are in different languages, suggested twice with the same memos.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import Label
from annotator.suggest.base import PRIORITY_GUESS, Candidate, resolve, resolve_more
from annotator.suggest.doc import DocView
from annotator.suggest.gazetteer import (
    _SOURCE,
    Entry,
    Gazetteer,
    GazetteerBuilder,
    _confidence,
    _near_cue,
    extend_clitic,
    extend_domain,
)
from annotator.suggest.memo import WordMemos
from annotator.suggest.rules.gazetteers import default_gazetteer


def plain_matches(gazetteer: Gazetteer, doc: DocView, cues: frozenset[str] = frozenset()) -> list[Candidate]:
    """Every entry the next token allows tried at every token, nothing memoised."""
    out = []
    for i in range(doc.n):
        start = gazetteer._starting_at(doc.words[i])
        if start is None:
            continue
        nxt = doc.key(i + 1)[:2] if i + 1 < doc.n else ""
        best: dict[str, tuple[int, Entry, bool]] = {}
        for _, entry, exact in start.before(nxt):
            end = (i, False) if exact and len(entry.parts) == 1 else gazetteer._match(doc, i, entry)
            if end is None or (entry.needs_cue and not _near_cue(doc, i, end[0], cues)):
                continue
            current = best.get(entry.label)
            if current is None or end[0] > current[0] or (end[0] == current[0] and entry.confidence > current[1].confidence):
                best[entry.label] = (end[0], entry, end[1])
        for j, entry, inflected in best.values():
            j = extend_clitic(doc, j)
            if entry.label == _SOURCE:
                j = extend_domain(doc, j)
            out.append(Candidate(doc.starts[i], doc.ends[j], entry.label, _confidence(entry, inflected),
                                 entry.provenance, entry.priority))
    return out


def small_gazetteer() -> Gazetteer:
    builder = GazetteerBuilder()
    for form, label, flags, langs in [
        ("Moskva", Label.LOCATION, (), None), ("Moskau", Label.LOCATION, (), frozenset({"de"})),
        ("Moskva", Label.ACTOR, (), None), ("Moskva City", Label.LOCATION, (), None),
        ("Bild", Label.SOURCE, ("cue",), None), ("Bild Zeitung", Label.SOURCE, (), None),
        ("TASS", Label.SOURCE, (), None), ("ria.ru", Label.SOURCE, (), None), ("opt", Label.FIGURE, ("lower", "exact"), None),
        ("Nový Zéland", Label.LOCATION, (), None), ("Kuba", Label.LOCATION, (), frozenset({"cs", "sk"})),
        ("Κούβα", Label.LOCATION, (), None), ("Alma-Ata", Label.LOCATION, (), None),
    ]:
        builder.add(form, label, f"test:{form}", confidence=0.9 if label != Label.SOURCE else 0.95,
                    priority=60, flags=flags, langs=langs)
    return builder.build()


PIECES = [
    " ", " ", " ", "\n", ".", ",", "-", ":", "'", "Moskva", "Moskvy", "Moskvě", "moskva", "MOSKVA", "Moskau", "City",
    "city", "Bild", "Bildu", "Zeitung", "Zeitungen", "Redaktion", "TASS", "TASS-u", "tass", "ria", "ru", "opt",
    "Nový", "Zéland", "Zélandu", "Kuba", "Kuby", "Κούβα", "Alma", "Ata", "Ate", "Almaty", "Almatyda", "Asturias",
    "Asturii", "Astūrijos", "kunigaikštystė", "Reuters", "Interfax", "Interfaxu", "NATO", "nak", "EU", "n",
    "Kasachstan", "Kazachstánu", "Kazahstanului", "Republica", "Moldova", "die", "und", "der", "je", "že", "v",
    "the", "and", "of", "w", "na", "i", "ja", "ei", "ning", "s", "Agentúra", "TASR", "uviedla",
    " je to že to je v tom a je to tak ", " the of the it is in the end and the ",
]
pieced_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
LANGUAGES = st.sampled_from([(), ("en",), ("cs",), ("de", "cs"), ("fi",), ("ro",)])


@settings(max_examples=150, deadline=None)
@given(pieced_text, LANGUAGES)
def test_matches_are_the_plain_matches(text, languages):
    memos = WordMemos()
    for gazetteer in (default_gazetteer(), small_gazetteer()):
        cues = frozenset({"redaktion", "zeitung"})
        for _ in range(2):  # the second time from the memos
            doc = DocView(text, languages, memos)
            plain = plain_matches(gazetteer, doc, cues)
            assert gazetteer.matches(doc, cues) == plain
            # looked up only where an entry may start (as a rule's word fact finds those tokens)
            starts = [i for i, word in enumerate(doc.words) if gazetteer.starts_at(word)]
            assert gazetteer.matches(doc, cues, starts) == plain


def test_matches_examples():
    gazetteer = small_gazetteer()
    memos = WordMemos()
    for text, languages in [
        ("", ()), ("Moskva", ()), ("V Moskvě a v Moskva City.\nIn Moskau, Moskva.", ("cs",)),
        ("Die Bild Zeitung. Bild. Redaktion Bild.", ("de",)), ("TASS-u ria.ru opt OPT", ("pl",)),
        ("Kuby\nKuby je", ()), ("Je to v Kuby a je to že to je v tom a je to tak.\nThe Kuby and the of the it is in the end.", ()), ("Κούβα Kuba Alma-Ate\r\nNový Zélandu", ()), ("𝐀 Moskva 𝐀", ()), ("x" * 500, ()),
    ]:
        for _ in range(2):
            doc = DocView(text, languages, memos)
            assert gazetteer.matches(doc) == plain_matches(gazetteer, doc)
    # one word, two paragraphs: a case ending in the Czech one only
    doc = DocView("Je to v Kuby a je to že to je v tom a je to tak.\nThe Kuby and the of the it is in the end.", (), memos)
    assert [(c.start, c.provenance) for c in gazetteer.matches(doc)] == [(8, "test:Kuba")]
    doc = DocView("V Moskvě a v Moskva City. Bild Zeitung.", ("cs",))
    assert [c.provenance for c in gazetteer.matches(doc)] == [
        "test:Moskva", "test:Moskva", "test:Moskva City", "test:Moskva", "test:Bild Zeitung"]


def test_a_forms_parts_are_its_tokens_with_the_space_before_them():
    """``GazetteerBuilder.add`` reads a form's tokens with the whitespace before each
    (``gaps_and_tokens``): its parts are ``tokenize``'s tokens, a later one with a space before it
    where the text has one; a word met again in another form is the same part."""
    from annotator.text.tokenize import tokenize

    builder = GazetteerBuilder()
    forms = ["Moskva", " Nový  Zéland ", "Alma-Ata", "Côte d'Ivoire", "Bosna i Hercegovina", "ria.ru", "Ata Alma",
             "Κούβα Κούβα", "15min", "A\tB\nC", "𝐀 Moskva", "НАТО-у"]
    for form in forms:
        entry = builder.add(form, Label.LOCATION, f"test:{form}", confidence=0.9, priority=60)
        plain, end = [], None
        for t in tokenize(form):
            plain.append((t.text, end is not None and t.start > end))
            end = t.end
        assert [(p.text, p.space_before) for p in entry.parts] == plain
    assert builder.add("   ", Label.LOCATION, "test:none", confidence=0.9, priority=60) is None
    alma = builder.add("Alma Ata", Label.ACTOR, "test:x", confidence=0.9, priority=60).parts[0]
    assert alma is builder.add("Alma-Ata", Label.ACTOR, "test:y", confidence=0.9, priority=60).parts[0]


def test_the_collector_is_paused_only_while_a_gazetteer_is_built():
    import gc

    from annotator.suggest.gazetteer import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_a_candidate_is_made_as_a_frozen_dataclass_makes_it():
    import dataclasses
    import pickle

    import pytest

    @dataclasses.dataclass(frozen=True, slots=True)
    class Plain:
        start: int
        end: int
        label: str
        confidence: float
        provenance: str
        priority: int = PRIORITY_GUESS

    made = [Candidate(0, 4, "LOCATION", 0.9, "x:y", 60), Candidate(1, 2, "ACTOR", 0.5, "p"),
            Candidate(start=3, end=5, label="SOURCE", confidence=0.95, provenance="s", priority=70)]
    for cand in made:
        plain = Plain(*dataclasses.astuple(cand))
        assert dataclasses.astuple(plain) == dataclasses.astuple(cand)
        assert repr(cand).partition("(")[2] == repr(plain).partition("(")[2]
        assert pickle.loads(pickle.dumps(cand)) == cand and hash(cand) == hash(dataclasses.replace(cand))
        assert dataclasses.replace(cand, end=9).end == 9
        with pytest.raises(dataclasses.FrozenInstanceError):
            cand.start = 1  # type: ignore[misc]
    assert made[1].priority == PRIORITY_GUESS
    with pytest.raises(TypeError):
        Candidate(0, 1, "ACTOR", 0.5)  # type: ignore[call-arg]


candidates = st.builds(
    lambda start, length, label, confidence, provenance, priority: Candidate(
        start, start + length, label, confidence, provenance, priority),
    st.integers(0, 30), st.integers(0, 6), st.sampled_from(["ACTOR", "LOCATION", "SOURCE"]),
    st.sampled_from([0.5, 0.85, 0.9]), st.sampled_from(["a", "echo:a", "b"]),
    st.sampled_from([10, 10, 20, 46, 55, 60, 70, 90]))


@settings(max_examples=400, deadline=None)
@given(st.lists(candidates, max_size=25), st.lists(candidates, max_size=25))
def test_resolving_more_candidates_is_resolving_them_all(first, more):
    chosen = resolve(first)
    assert resolve_more(chosen, more) == resolve(chosen + more)


@settings(max_examples=400, deadline=None)
@given(st.lists(candidates, max_size=25), st.lists(candidates, max_size=25))
def test_echoes_held_back_change_no_resolution(first, more):
    """The echoes rule makes no echo with the span of a first resolution's candidate of a higher
    tier (``echoes._held``): ``resolve_more`` gives the same without them, whole resolution or not."""
    from annotator.suggest.rules.echoes import _held

    chosen = resolve(first)
    held = _held(chosen)
    kept = [c for c in more if held.get((c.start, c.end), -1) <= c.priority // 20]
    assert resolve_more(chosen, kept) == resolve_more(chosen, more)


def test_the_suggestions_are_those_of_every_echo(monkeypatch):
    """The seeds and a surname found again over a town (an echo that outranks the first
    resolution) are suggested as when the echoes rule made every echo."""
    from pathlib import Path

    from annotator.suggest.rules import echoes
    from annotator.suggest.suggester import DefaultSuggester
    from annotator.text import canonicalize, split_date_header

    texts = [(split_date_header(canonicalize(path.read_text(encoding="utf-8")))[0], ())
             for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))]
    texts.append(('Juhan Sarv ütles, et nüüd tuleb maakohtul otsustada. "See ei lõpe," kinnitas Sarv.', ("et",)))
    suggester = DefaultSuggester()
    found = [suggester.suggest(text, langs) for text, langs in texts]
    monkeypatch.setattr(echoes, "_held", lambda first: {})
    assert found == [suggester.suggest(text, langs) for text, langs in texts]


def test_catalogues_read_as_gettext_reads_them():
    """The gazetteer reads pycountry's catalogues itself (only the messages it wants, for a
    subdivision catalogue): each locale's translations are those ``gettext.translation`` gives,
    fallbacks included ("sr@latin" on "sr")."""
    import gettext

    import pycountry

    from annotator.suggest.lexicon import COUNTRY_LOCALES, _translators

    names = {
        "iso3166-1": [c.name for c in pycountry.countries] + ["Turkey", "Czech Republic", "no such country", ""],
        "iso3166-2": [s.name for s in pycountry.subdivisions] + ["no such region"],
        "iso3166-3": [c.name for c in pycountry.historic_countries],
    }
    for domain, messages in names.items():
        plain = []
        for locale in COUNTRY_LOCALES:
            try:
                plain.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale]))
            except OSError:
                continue
        for wanted in (None, messages[::3]):
            read = _translators(domain, wanted)
            assert len(read) == len(plain) > 20
            for (_, catalogue), reference in zip(read, plain, strict=True):
                assert [catalogue.gettext(m) for m in wanted or messages] == [reference.gettext(m) for m in wanted or messages]
