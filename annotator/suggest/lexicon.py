"""The suggester's data: the TSV files in ``data/`` and country names from pycountry.

Everything is read once per process (``functools.cache``) and kept as plain tuples and sets.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from annotator.suggest.normalize import key

# Locales of pycountry's iso3166-1 catalogues used for country names: the seed languages, the
# languages named in the suggester's scope, and neighbours whose spellings appear in the news.
COUNTRY_LOCALES = (
    "sk", "cs", "pl", "sl", "hr", "sr", "sr@latin", "bs", "hu", "ro", "el", "ru", "uk", "be", "bg",
    "mk", "tr", "lt", "lv", "et", "sv", "da", "nb_NO", "nn", "fi", "de", "fr", "es", "it", "pt", "nl",
    "ca", "kk", "ky", "uz", "az",
)
# English names that the catalogues also translate (former or common names).
_EXTRA_MSGIDS = {"TR": ("Turkey",), "CZ": ("Czech Republic",), "MK": ("Macedonia",), "SZ": ("Swaziland",)}


@dataclass(frozen=True, slots=True)
class Concept:
    """One gazetteer line: an id, a label, flags and its surface forms."""

    id: str
    label: str
    flags: frozenset[str]
    forms: tuple[str, ...]
    # languages a form belongs to, where known (pycountry locales); a form of another language
    # matches only exactly, without case endings ("Slovačka" must not match Slovak "Slovákom")
    form_langs: tuple[tuple[str, frozenset[str]], ...] = ()


def _data_lines(name: str):
    text = resources.files("annotator.suggest").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


def _forms(field: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for form in field.split(" | "):
        form = form.strip()
        if form:
            seen.setdefault(form, None)
    return tuple(seen)


def _concepts(name: str, label: str, prefix: str) -> list[Concept]:
    out = []
    for cols in _data_lines(name):
        ident, flags, forms = cols[0], cols[1], cols[2]
        flagset = frozenset(flags.split(",")) - {""}
        kind = "person" if "person" in flagset else prefix
        out.append(Concept(f"{kind}:{ident}", label, flagset, _forms(forms)))
    return out


@cache
def source_concepts() -> tuple[Concept, ...]:
    return tuple(_concepts("sources.tsv", "SOURCE", "source"))


@cache
def actor_concepts() -> tuple[Concept, ...]:
    return tuple(_concepts("actors.tsv", "ACTOR", "actor"))


@cache
def place_concepts() -> tuple[Concept, ...]:
    return tuple(_concepts("places.tsv", "LOCATION", "location"))


_PAREN = re.compile(r"\s*\(.*?\)\s*")


def _clean_country_name(name: str) -> list[str]:
    """Usable forms of a catalogue name: "Russie, Fédération de" -> "Russie"."""
    name = _PAREN.sub(" ", name).strip()
    if not name or "Project-Id-Version" in name:
        return []
    if "," in name:
        return [name.split(",")[0].strip()]
    return [name]


@cache
def country_concepts() -> tuple[Concept, ...]:
    """Every ISO 3166 country with its names in COUNTRY_LOCALES (pycountry's gettext
    catalogues), plus the short names in country_aliases.tsv."""
    import pycountry

    translators = []
    for locale in COUNTRY_LOCALES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:
            continue
        lang = {"nb": "no", "nn": "no"}.get(locale.split("_")[0].split("@")[0], locale.split("_")[0].split("@")[0])
        translators.append((lang, tr))
    aliases: dict[str, list[str]] = {}
    for cols in _data_lines("country_aliases.tsv"):
        aliases.setdefault(cols[0], []).extend(_forms(cols[1]))
    out = []
    for country in pycountry.countries:
        msgids = [country.name]
        for attr in ("common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                msgids.append(value)
        msgids.extend(_EXTRA_MSGIDS.get(country.alpha_2, ()))
        forms: dict[str, None] = {}
        langs_of: dict[str, set[str]] = {}
        untagged: set[str] = set()
        for msgid in msgids:
            for form in _clean_country_name(msgid):
                forms.setdefault(form, None)
                untagged.add(form)
            for lang, tr in translators:
                translated = tr.gettext(msgid)
                if translated != msgid:
                    for form in _clean_country_name(translated):
                        forms.setdefault(form, None)
                        langs_of.setdefault(form, set()).add(lang)
        for form in aliases.get(country.alpha_2, ()):
            forms.setdefault(form, None)
            if form not in langs_of:  # a form some catalogue gives keeps that catalogue's language
                untagged.add(form)
        tagged = tuple((f, frozenset(ls)) for f, ls in langs_of.items() if f not in untagged)
        out.append(Concept(f"country:{country.alpha_2}", "LOCATION", frozenset(), tuple(forms), tagged))
    for code, extra in aliases.items():  # codes pycountry lacks (Kosovo)
        if pycountry.countries.get(alpha_2=code) is None:
            out.append(Concept(f"country:{code}", "LOCATION", frozenset(), tuple(extra)))
    return tuple(out)


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """Category -> keys of its words (see data/words.tsv)."""
    lists: dict[str, set[str]] = {}
    for cols in _data_lines("words.tsv"):
        bucket = lists.setdefault(cols[0], set())
        for word in cols[1].split():
            bucket.add(key(word))
    return {k: frozenset(v) for k, v in lists.items()}


@cache
def number_words() -> dict[str, dict[str, frozenset[str]]]:
    """kind -> word (lower case, diacritics kept, "_" for a space) -> languages."""
    table: dict[str, dict[str, set[str]]] = {}
    for cols in _data_lines("numbers.tsv"):
        lang, kind, words = cols[0], cols[1], cols[2]
        bucket = table.setdefault(kind, {})
        for word in words.split():
            bucket.setdefault(word.lower().replace("’", "'"), set()).add(lang)
    return {kind: {w: frozenset(ls) for w, ls in words.items()} for kind, words in table.items()}
