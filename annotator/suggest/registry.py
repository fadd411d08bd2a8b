"""Every rule of the default suggester, in the order they run: by phase, then by priority
(highest first), then by name. Adding a rule: write its module in ``annotator/suggest/rules/``
(see that package's docstring) and list it here."""

from __future__ import annotations

from annotator.suggest.rules import (
    Phase,
    Rule,
    acronym_definitions,
    branches,
    clubs,
    companies,
    credit_lines,
    designations,
    echoes,
    figures,
    gazetteers,
    gold_forms,
    initials,
    media_cues,
    ministries,
    misspellings,
    natural_places,
    official_bodies,
    organisation_cues,
    organisations,
    persons,
    place_context,
    place_descriptors,
    place_pairs,
    province_codes,
    squares,
    streets,
    toponyms,
    towns,
    tweets,
    unknown_acronyms,
    venues,
)

_MODULES = (
    tweets, gazetteers, gold_forms, misspellings, towns,
    figures, clubs, companies, credit_lines, media_cues, province_codes, acronym_definitions, ministries, designations, official_bodies, squares, streets, toponyms, venues, natural_places, place_descriptors, place_pairs,
    organisation_cues, organisations, persons, initials, unknown_acronyms,
    place_context, echoes, branches,
)

RULES: tuple[Rule, ...] = tuple(sorted((m.RULE for m in _MODULES), key=lambda r: (r.phase, -r.priority, r.name)))


def rules_of(phase: Phase) -> tuple[Rule, ...]:
    """The rules of one phase, in run order."""
    return tuple(rule for rule in RULES if rule.phase == phase)
