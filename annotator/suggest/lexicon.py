"""The suggester's data: the TSV files in ``data/`` and country names from pycountry.

Everything is read once per process (``functools.cache``) and kept as plain tuples and sets.
"""

from __future__ import annotations

import gettext
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import attrgetter
from pathlib import Path

from annotator.model import Label
from annotator.suggest.normalize import key, split_words

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
    label: Label
    flags: frozenset[str]
    forms: tuple[str, ...]
    # languages a form belongs to, where known (pycountry locales); a form of another language
    # matches only exactly, without case endings ("Slovačka" must not match Slovak "Slovákom")
    form_langs: tuple[tuple[str, frozenset[str]], ...] = ()


def data_lines(name: str):
    """The tab-separated columns of each line of a data file, comments (#) and blank lines left out."""
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


def _concepts(name: str, label: Label, prefix: str) -> list[Concept]:
    out = []
    for cols in data_lines(name):
        ident, flags, forms = cols[0], cols[1], cols[2]
        flagset = frozenset(flags.split(",")) - {""}
        kind = "person" if "person" in flagset else prefix
        out.append(Concept(f"{kind}:{ident}", label, flagset, _forms(forms)))
    return out


@cache
def source_concepts() -> tuple[Concept, ...]:
    return tuple(_concepts("sources.tsv", Label.SOURCE, "source") + _concepts("agencies.tsv", Label.SOURCE, "source")
                 + _concepts("outlets.tsv", Label.SOURCE, "source"))


@cache
def actor_concepts() -> tuple[Concept, ...]:
    return tuple(_concepts("actors.tsv", Label.ACTOR, "actor") + _concepts("bodies.tsv", Label.ACTOR, "actor"))


@cache
def club_concepts() -> tuple[Concept, ...]:
    """Sports clubs named alone (data/clubs.tsv), for the clubs rule."""
    return tuple(_concepts("clubs.tsv", Label.ACTOR, "club"))


@cache
def company_concepts() -> tuple[Concept, ...]:
    """Companies named alone (data/companies.tsv), for the companies rule."""
    return tuple(_concepts("companies.tsv", Label.ACTOR, "company"))


@cache
def place_concepts() -> tuple[Concept, ...]:
    return tuple(_concepts("places.tsv", Label.LOCATION, "location") + _concepts("cities.tsv", Label.LOCATION, "location"))


_PAREN = re.compile(r"\s*\(.*?\)\s*")


def _clean_country_name(name: str) -> list[str]:
    """Usable forms of a catalogue name: "Russie, Fédération de" -> "Russie"."""
    name = _PAREN.sub(" ", name).strip()
    if not name or "Project-Id-Version" in name:
        return []
    if "," in name:
        return [name.split(",")[0].strip()]
    return [name]



class _Catalogue(dict[str, str]):
    """One language's translations of a pycountry domain: message -> translation."""

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself (as ``gettext`` gives it)."""
        return self.get(message, message)


def _translators(domain: str, messages: Iterable[str] | None = None) -> list[tuple[str, _Catalogue]]:
    """(language, catalogue) for each of COUNTRY_LOCALES that pycountry translates ``domain``
    into (Norwegian Bokmål and Nynorsk both count as "no", the code documents carry), with the
    translations of ``messages`` only if they are given. A locale's catalogue falls back on its
    language's, as ``gettext.translation`` chains them ("sr@latin" on "sr")."""
    import pycountry

    wanted = None if messages is None else frozenset(m.encode() for m in messages)
    out = []
    for locale in COUNTRY_LOCALES:
        paths = gettext.find(domain, pycountry.LOCALES_DIR, languages=[locale], all=True)
        if not paths:
            continue
        catalogue = _Catalogue()
        for path in paths:
            for message, translation in _read_mo(path, wanted):
                catalogue.setdefault(message, translation)
        lang = locale.split("_")[0].split("@")[0]
        out.append(({"nb": "no", "nn": "no"}.get(lang, lang), catalogue))
    return out


_MO_MAGIC = 0x950412DE
_CHARSET = re.compile(rb"charset=([\w.:-]+)")


def _read_mo(path: str, wanted: frozenset[bytes] | None) -> Iterator[tuple[str, str]]:
    """(message, translation) of a GNU gettext catalogue (.mo): of the ``wanted`` messages only
    (UTF-8 bytes) if given, in the charset its header names, as ``gettext`` reads them
    (``gettext.translation`` decodes every message of a catalogue: thousands in a subdivision
    catalogue, where the gazetteer looks a few hundred up)."""
    data = Path(path).read_bytes()
    order = "<" if struct.unpack_from("<I", data)[0] == _MO_MAGIC else ">"
    _revision, count, originals, translations = struct.unpack_from(order + "4I", data, 4)
    message_at = struct.unpack_from(f"{order}{2 * count}I", data, originals)  # length, offset, ...
    translation_at = struct.unpack_from(f"{order}{2 * count}I", data, translations)
    charset = "ascii"
    for n in range(0, 2 * count, 2):
        length, offset = message_at[n], message_at[n + 1]
        message = data[offset : offset + length]
        if not message:  # the header
            header = data[translation_at[n + 1] : translation_at[n + 1] + translation_at[n]]
            found = _CHARSET.search(header)
            charset = found.group(1).decode("ascii") if found else charset
        if b"\0" in message or (wanted is not None and message not in wanted):
            continue  # plural forms: never looked up here
        length, offset = translation_at[n], translation_at[n + 1]
        yield message.decode(charset), data[offset : offset + length].decode(charset)


def _aliases(name: str) -> dict[str, list[str]]:
    """The forms of a data file of aliases, by the catalogue code in its first column."""
    aliases: dict[str, list[str]] = {}
    for cols in data_lines(name):
        aliases.setdefault(cols[0], []).extend(_forms(cols[1]))
    return aliases

@cache
def country_concepts() -> tuple[Concept, ...]:
    """Every ISO 3166 country with its names in COUNTRY_LOCALES (pycountry's gettext
    catalogues), plus the short names in country_aliases.tsv."""
    import pycountry

    translators = _translators("iso3166-1")
    aliases = _aliases("country_aliases.tsv")
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
        out.append(Concept(f"country:{country.alpha_2}", Label.LOCATION, frozenset(), tuple(forms), tagged))
    for code, extra in aliases.items():  # codes pycountry lacks (Kosovo)
        if pycountry.countries.get(alpha_2=code) is None:
            out.append(Concept(f"country:{code}", Label.LOCATION, frozenset(), tuple(extra)))
    return tuple(out)


def _historic_forms(name: str) -> list[str]:
    """Usable forms of a former state's catalogue name: "PSRS, Padomju Sociālistisko Republiku
    Savienība" -> both; "Yemen, Democratic, People's Democratic Republic of" -> "Yemen" (a part
    that is one common word, or ends in one, is a fragment of an inverted name)."""
    parts = [p.strip() for p in re.split(r"[,;]", _PAREN.sub(" ", name))]
    out = []
    for n, part in enumerate(parts):
        words = part.split()
        if not words or not part[0].isupper() or len(part) < 3 or "Project-Id-Version" in part:
            continue
        if (words[-1][0].islower() and len(words) > 1) or (n and len(words) == 1 and not part.isupper()):
            continue
        out.append(part)
    return out


@cache
def historic_concepts() -> tuple[Concept, ...]:
    """Former states (ISO 3166-3: the USSR, Czechoslovakia, Yugoslavia, the GDR, ...) with their
    names and abbreviations in COUNTRY_LOCALES (pycountry's iso3166-3 catalogues): "PSRS", "ZSRR",
    "UdSSR", "СССР"; and the common names and abbreviations they lack (historic_aliases.tsv:
    "Sowjetunion", "DDR", "ČSSR"). LOCATION like any country (label-spec)."""
    import pycountry

    translators = _translators("iso3166-3")
    aliases = _aliases("historic_aliases.tsv")
    out = []
    for country in pycountry.historic_countries:
        forms: dict[str, None] = {}
        langs_of: dict[str, set[str]] = {}
        for form in (*_historic_forms(country.name), *aliases.get(country.alpha_3, ())):
            forms.setdefault(form, None)
        for lang, tr in translators:
            translated = tr.gettext(country.name)
            if translated == country.name:
                continue
            for form in _historic_forms(translated):
                forms.setdefault(form, None)
                langs_of.setdefault(form, set()).add({"nb": "no", "nn": "no"}.get(lang, lang))
        tagged = tuple((f, frozenset(ls)) for f, ls in langs_of.items() if f not in aliases.get(country.alpha_3, ()))
        out.append(Concept(f"historic:{country.alpha_3}", Label.LOCATION, frozenset(), tuple(forms), tagged))
    return tuple(out)


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """Category -> keys of its words (see data/words.tsv; "firstname" also holds
    data/given_names.tsv)."""
    lists: dict[str, set[str]] = {}
    for cols in data_lines("words.tsv"):
        bucket = lists.setdefault(cols[0], set())
        for word in cols[1].split():
            bucket.add(key(word))
    first_names = lists.setdefault("firstname", set())
    for cols in data_lines("given_names.tsv"):  # the given names of each language family
        first_names.update(key(word) for word in cols[1].split())
    return {k: frozenset(v) for k, v in lists.items()}


_BRACES = re.compile(r"\{([^{}]*)\}")


def expand_braces(word: str) -> list[str]:
    """The forms a data word stands for: "milijon{,a,ov}" -> milijon, milijona, milijonov;
    "{mi,bi}lijon" -> milijon, bilijon (a stem with its case endings, written once)."""
    match = _BRACES.search(word)
    if match is None:
        return [word]
    head, tail = word[: match.start()], word[match.end() :]
    return [head + alt + rest for alt in match.group(1).split(",") for rest in expand_braces(tail)]


@cache
def term_acronyms() -> frozenset[str]:
    """Upper-case abbreviations that name no organisation ("GDP", "KPIF", "PDG", "EM", "USA"), as
    written (data/term_acronyms.tsv)."""
    return frozenset(word for cols in data_lines("term_acronyms.tsv") for word in cols[1].split())


@cache
def number_words() -> dict[str, dict[str, frozenset[str]]]:
    """kind -> word (lower case, diacritics kept, "_" for a space) -> languages."""
    table: dict[str, dict[str, set[str]]] = {}
    for cols in data_lines("numbers.tsv"):
        lang, kind, words = cols[0], cols[1], cols[2]
        bucket = table.setdefault(kind, {})
        for word in words.split():
            for form in expand_braces(word):
                bucket.setdefault(form.lower().replace("’", "'"), set()).add(lang)
    return {kind: {w: frozenset(ls) for w, ls in words.items()} for kind, words in table.items()}


# Countries whose first-level (and for Spain, Italy and France second-level) subdivisions are
# named places in the news the project meets: Europe, the former Soviet Union, Turkey, the USA.
SUBDIVISION_COUNTRIES = sorted(split_words("DE AT CH FR ES IT PT NL BE PL CZ SK HU RO BG GR TR RU UA BY LT FI SE NO HR RS KZ US "
                                           "DK EE IE IS LU GB"))
# Subdivision types that are too small or too many (municipalities, boroughs, rayons, districts).
_SUBDIVISION_SKIP_TYPES = frozenset({
    "Municipality", "Rural municipality", "District municipality", "Urban municipality", "Rayon",
    "Unitary authority", "Two-tier county", "London borough", "Metropolitan district", "Council area",
    "District", "Special municipality", "Local council", "Districts under republic administration",
    "Overseas territory", "Dependency", "Arctic region", "Country",
})
# Names that are more often something else: common words, persons, compass points.
_SUBDIVISION_SKIP = frozenset({
    "nord", "sud", "est", "centre", "central", "capital", "western", "eastern", "northern", "southern",
    "washington", "batman", "latina", "ordu", "alba", "somme", "manche", "marne", "var", "ain", "lot",
    "cher", "orne", "gard", "aude", "oise", "indre", "jura", "pest", "como", "massa", "virginia",
    "indiana", "georgia", "ile", "mai", "bar", "mures", "arges", "vas", "vaud", "uri", "zug", "glarus",
    "landes", "bursa", "mary", "maio", "nevada", "montana", "alta",
})
# A type word in front of a subdivision's name ("Kraj Vysočina", "Республика Татарстан") or a
# noun after it ("Tataristan Cumhuriyeti"); type words after an adjective ("Jihomoravský kraj",
# "Московская область") stay, since the adjective alone does not name the place.
_TYPE_PREFIX = re.compile(
    r"^(?:kraj|respublika|republic of|republic|republik|republika|republica|république|república|repubblica del|"
    r"repubblica|republiek|республика|республіка|рэспубліка|δημοκρατία|comunidad de|comunitat|"
    r"provincia de|provincia di|province of|province de|région|region|county|canton of|kanton|"
    r"state of)\s+", re.IGNORECASE)
_TYPE_SUFFIX = re.compile(r"\s+(?:respublika|respublikasy|cumhuriyeti|republic|respublikasi)$", re.IGNORECASE)


_BRACKETED = re.compile(r"^(.*?)\s*\[(.*?)\]\s*$")


def _subdivision_forms(name: str) -> list[str]:
    """Usable forms of a subdivision name: "Catalunya [Cataluña]" -> both; "Tatarstan,
    Respublika" -> "Tatarstan"; "Madrid, Comunidad de" -> "Madrid"; "Kraj Vysočina" -> both."""
    names = [name]
    m = _BRACKETED.match(name)
    if m:
        names = [m.group(1), m.group(2)]
    forms: list[str] = []
    for item in names:
        item = _PAREN.sub(" ", item).strip()
        if "," in item:
            item = item.split(",")[0].strip()
        if not item:
            continue
        forms.append(item)
        short = _TYPE_SUFFIX.sub("", _TYPE_PREFIX.sub("", item)).strip()
        if short and short != item:
            forms.append(short)
    return forms


def _usable_subdivision_form(form: str) -> bool:
    words = form.split()
    if not words or not form[0].isupper() or len(form) < 4 or any(map(str.isdigit, form)):
        return False
    return not (len(words) == 1 and key(form) in _subdivision_skip_keys())


@cache
def _subdivision_skip_keys() -> frozenset[str]:
    lists = word_lists()
    return frozenset(key(w) for w in _SUBDIVISION_SKIP) | lists["nonname"] | lists["generic"] | lists["title"]


@cache
def subdivision_concepts() -> tuple[Concept, ...]:
    """Regions, states, provinces and counties of SUBDIVISION_COUNTRIES (pycountry's ISO 3166-2
    list) with their names in COUNTRY_LOCALES where the iso3166-2 catalogues translate them."""
    import pycountry

    # in code order: pycountry gives a set, whose order (by object identity) changes from one
    # process to the next, and with it which of two regions of one name is suggested
    subdivisions = [sub for country in SUBDIVISION_COUNTRIES
                    for sub in sorted(pycountry.subdivisions.get(country_code=country) or (), key=attrgetter("code"))]
    translators = _translators("iso3166-2", (sub.name for sub in subdivisions))
    out = []
    for sub in subdivisions:
        if sub.type in _SUBDIVISION_SKIP_TYPES:
            continue
        name = sub.name  # an attribute pycountry looks up in Python: read once, not per language
        forms: dict[str, None] = {}
        langs_of: dict[str, set[str]] = {}
        untagged: set[str] = set()
        for form in _subdivision_forms(name):
            if _usable_subdivision_form(form):
                forms.setdefault(form, None)
                untagged.add(form)
        if not untagged:
            continue  # a common word ("Landes", "Somme"): its translations ("Land") are no better
        for lang, tr in translators:
            translated = tr.gettext(name)
            if translated == name:
                continue
            for form in _subdivision_forms(translated):
                # "Vysočina kerület", "Regione di Vysočina": the name with a type word around it
                if any(f in form and f != form for f in untagged):
                    continue
                if _usable_subdivision_form(form):
                    forms.setdefault(form, None)
                    langs_of.setdefault(form, set()).add(lang)
        if not forms:
            continue
        tagged = tuple((f, frozenset(ls)) for f, ls in langs_of.items() if f not in untagged)
        out.append(Concept(f"region:{sub.code}", Label.LOCATION, frozenset(), tuple(forms), tagged))
    return tuple(out)


@cache
def place_prepositions(scope: str, lang: str | None = None) -> frozenset[str]:
    """Prepositions of place (``data/place_prepositions.tsv``): those of ``scope`` "in" (in or at
    a place), or of every scope with "any"; of one language if ``lang`` is given, else of all."""
    out: set[str] = set()
    for row_scope, langs, words in data_lines("place_prepositions.tsv"):
        if (scope == "any" or row_scope == scope) and (lang is None or lang in langs.split()):
            out.update(words.split())
    return frozenset(out)
