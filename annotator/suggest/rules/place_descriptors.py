"""A place named after a word for its kind: "le district de Khogyani", "la province de Nangarhar",
"da localidade da Banática", "v vasi Majske Poljane", "Kreis Dithmarschen", "the village of
Strašnik". The capitalised words after a lower-case word for a district, province, region, county,
municipality, town or village (and an "of" between them) are a LOCATION; the descriptor stays
outside (label-spec: descriptor words around a name are left out). In Estonian, Latvian,
Lithuanian, Hungarian and Finnish the name comes first, in the genitive: "Harju maakohtu" (the
county court of Harju), "Rīgas apgabaltiesas", "Pest megyei"."""

from __future__ import annotations

from annotator.model import Label
from annotator.suggest.base import PRIORITY_PATTERN, Candidate
from annotator.suggest.doc import DocView
from annotator.suggest.names import is_first_name, name_like
from annotator.suggest.normalize import folded, split_words
from annotator.suggest.rules import Context, Rule

# Words for a kind of place, folded, in their common case forms.
KINDS = split_words(
    """district districts province region county municipality village town city
    distrikt district provinz region kreis landkreis gemeinde dorf stadt
    district departement commune village ville localite
    distrito provincia region comarca municipio localidad pueblo aldea ciudad
    distrito provincia regiao concelho municipio freguesia localidade aldeia vila cidade
    distretto provincia regione comune frazione paese citta
    provincie gemeente dorp stad
    kommun kommune landskap socken by
    kunta kunnan kunnassa kylä kylan kylassa maakunta maakunnan
    vald valla vallas kula kulas maakond maakonna
    novads novada pagasts pagasta ciems ciema pilseta pilsetas
    rajonas rajono savivaldybe savivaldybes kaimas kaime seniunija
    megye megyei jaras kozseg falu
    okres okresu obec obce obci kraj kraje kraji vesnice vesnici mesto mesta meste
    okrug opcina opcine opcini selo sela selu vas vasi vasici obcina obcine obcini naselje naselja naselju naselij
    gmina gminy powiat powiatu wies wsi miasto miasta
    judet judetul comuna comunei satul orasul
    област община село град района район области
    stadion stadionu stadionie stadium stadio estadio stade stadyum arena areni arene"""
)
_OF = split_words("de du des di da do of von der del dos das")
# Words for a kind of place or of local court that follow the place's name in the genitive, in the
# languages that put it first ("Harju maakohtu", "Rīgas apgabaltiesas", "Pest megyei").
_KINDS_AFTER = split_words(
    """maakohus maakohtu maakohtule maakohtus maakohtust ringkonnakohus ringkonnakohtu vald valla vallas
    maakond maakonna linn linna linnas apgabaltiesa apgabaltiesas apgabaltiesā pilsetas novads novada
    rajona rajono rajonas rajone apylinkes apygardos savivaldybe savivaldybes megye megyei megyeben jaras
    kunta kunnan kunnassa kaupunki kaupungin kaupungissa arena arenoje arenos arenas arenā"""
)
_NAME_FIRST_LANGS = frozenset({"et", "lv", "lt", "hu", "fi"})


def find(doc: DocView, context: Context) -> list[Candidate]:
    """LOCATION candidates for the name after a word for a kind of place."""
    before, after = doc.where(_kind_word), doc.where(_kind_after_word)
    if not before and not after:
        return []
    anchored, towns = context.blocked, context.town_tokens(doc)  # anchors bound the name, but a town may be its first word
    out: list[Candidate] = []
    n = doc.n
    for i in before:
        if doc.cap[i] and not doc.words[i][1:].islower():
            continue
        if doc.cap[i] and "de" not in doc.langs_at(i):  # a capitalised kind word starts a name: "Kreis" only in German
            continue
        german = "de" in doc.langs_at(i)
        j = i + 1
        # "the district of X"; not in German, where "der Stadt des Landes" has a noun after "des"
        if j < n and doc.alpha[j] and doc.lower[j] in _OF and not doc.cap[j] and not german:
            j += 1
        if j < n and doc.words[j] in {"'", "’"}:
            j += 1
        start = j
        while j < n and j - start < 3 and not doc.newline_before[j] and not (anchored[j] and not towns[j]) and doc.alpha[j] \
                and doc.cap[j] and name_like(doc, j) and not doc.allcaps[j]:
            j += 1
        if j == start or is_first_name(doc, start):  # "presidente della regione Alberto Cirio"
            continue
        out.append(RULE.candidate(doc.starts[start], doc.ends[j - 1], "pattern:place-kind"))
    for j in after:
        i = j - 1
        if i < 0 or not doc.cap[i] or (anchored[i] and not towns[i]) or doc.allcaps[i] or not doc.alpha[i] or doc.sent_start[i] \
                or not doc.langs_at(i) & _NAME_FIRST_LANGS or not name_like(doc, i) or is_first_name(doc, i):
            continue
        if doc.gaps[j]:
            out.append(RULE.candidate(doc.starts[i], doc.ends[i], "pattern:place-kind"))
    return out


def _kind_word(word: str) -> bool:
    """A word for a kind of place, before the place's name (memoised per suggester)."""
    return word[0].isalpha() and folded(word) in KINDS


def _kind_after_word(word: str) -> bool:
    """A lower-case word for a kind of place after the place's name (memoised per suggester)."""
    return word[0].isalpha() and not word[0].isupper() and folded(word) in _KINDS_AFTER


RULE = Rule("place_descriptors", Label.LOCATION, PRIORITY_PATTERN, 0.6, find,
            facts=(_kind_word, _kind_after_word))
